// zkprov service key create | list | revoke: keys are shown once, stored hashed, and revocation is final.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { SqliteStore } from "../../service/sqlite-store.ts";
import { tempDir } from "./helpers.ts";

const zkprov = (...args: string[]) =>
  spawnSync(path.join(REPO_ROOT, "bin/zkprov"), ["--json", ...args], { encoding: "utf8" });

describe("service: API key commands", function () {
  it("Should create a key shown once and stored hashed, list it without the key, and revoke it", async function () {
    const tmp = tempDir("zkprov-keys-");
    try {
      const created = zkprov("service", "key", "create", "--label", "ops", "--data-dir", tmp.dir);
      expect(created.status, created.stderr).to.equal(0);
      const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
      expect(key).to.match(/^zkp_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      // The secret is everything after "zkp_<id>_": base64url, which may itself contain "_" (splitting on "_" would
      // test a fragment, short enough to occur in the database's bytes by chance).
      const secret = key.slice(`zkp_${id}_`.length);
      expect(secret).to.have.length(43);
      expect(fs.readFileSync(path.join(tmp.dir, "service.db")).includes(Buffer.from(secret))).to.equal(false);

      const listed = zkprov("service", "key", "list", "--data-dir", tmp.dir);
      expect(listed.status, listed.stderr).to.equal(0);
      expect(listed.stdout).to.not.include(secret);
      const { keys } = JSON.parse(listed.stdout) as { keys: { id: string; label: string; revokedAt: unknown }[] };
      expect(keys.map((k) => [k.id, k.label, k.revokedAt])).to.deep.equal([[id, "ops", null]]);

      let store = new SqliteStore(tmp.dir);
      expect(await store.authenticate(key)).to.equal(id);
      await store.close();

      const revoked = zkprov("service", "key", "revoke", id, "--data-dir", tmp.dir);
      expect(revoked.status, revoked.stderr).to.equal(0);
      const again = zkprov("service", "key", "revoke", id, "--data-dir", tmp.dir);
      expect(again.status).to.equal(1);
      expect(again.stderr).to.include(`no active API key ${id}`);
      store = new SqliteStore(tmp.dir);
      expect(await store.authenticate(key)).to.equal(null);
      await store.close();
    } finally {
      tmp.remove();
    }
  });
});
