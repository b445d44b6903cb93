// The creator / regulator / marketplace workflows end to end: the real zkprov binary in child processes against
// a real `hardhat node` started with `zkprov chain start` on a free loopback port (stopped in `after`, and
// killed by pid if that fails). One chain, one deployment and one set of proofs serve every test, in order.
// Bad inputs each fail with one clear line naming the problem, and change nothing (checked by what follows).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Contract, JsonRpcProvider } from "ethers";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { decryptAudit, nameAuditRecord } from "../../verifier/audit.ts";
import { parsePublicSignals } from "../../core/codecs.ts";
import { ContractRevertError, ChainError } from "../../core/errors.ts";
import { licenseLeaf, modelLeaf, OPEN_UNTIL } from "../../core/hashes.ts";
import { readKeyFile, readLicenseFile, readSnapshotFile, snapshotJson } from "../../prover/files.ts";
import { probeRpc } from "../../prover/chain/connect.ts";
import { openProject } from "../../prover/chain/project.ts";
import { registeredModels, snapshotRegistry } from "../../prover/chain/registry.ts";
import { payRoyalty } from "../../prover/chain/gates.ts";
import { newRegistryTree } from "../../prover/merkle.ts";
import { freePort } from "../helpers/net.ts";

const BIN = path.join(REPO_ROOT, "bin/zkprov");
// Hardhat's default dev accounts 1-5 (the node's accounts are the same on every start).
const CURATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const LICENSOR = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const KYC = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const LICENSEE = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
// The curator (account 1) registers the model; before the role is granted the registry refuses it.
const ADD_MODEL =
  "--account 1 registry add-model --model-key model.key.json --model-file model-card.txt --rights 15".split(" ");

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe("zkprov CLI on a local chain", function () {
  let dir: string;
  let projectDir: string;
  let rpc: string;
  const file = (name: string) => path.join(dir, name);
  const proj = (name: string) => path.join(projectDir, name);

  function zkprov(args: string[]): Run {
    const r = spawnSync(BIN, args, {
      cwd: dir,
      encoding: "utf8",
      timeout: 180_000,
      env: { ...process.env, ZKPROV_PROJECT: projectDir },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  /** Run with --json, expect success, return the parsed object. */
  function ok(args: string[]): Record<string, string> {
    const r = zkprov(["--json", ...args]);
    expect(r.status, `zkprov ${args.join(" ")}: ${r.stderr}`).to.equal(0);
    return JSON.parse(r.stdout) as Record<string, string>;
  }
  /** Expect failure with one error line matching `pattern` and no stack trace. */
  function fails(args: string[], pattern: RegExp): string {
    const r = zkprov(args);
    expect(r.status, r.stdout).to.not.equal(0);
    const lines = r.stderr
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("proving "));
    expect(lines, r.stderr).to.have.length(1);
    expect(lines[0]).to.match(/^zkprov: error: /);
    expect(lines[0]).to.match(pattern);
    expect(r.stderr).to.not.match(/\n\s+at /);
    return lines[0]!;
  }

  // State the steps share.
  let modelHash: string;
  let tokenId: string;
  let owner: string;

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-chain-"));
    projectDir = path.join(dir, "project");
    const port = await freePort();
    const started = ok(["chain", "start", "--port", String(port)]);
    rpc = started.url!;
    expect(rpc).to.equal(`http://127.0.0.1:${port}`);
  });

  after(function () {
    const r = zkprov(["chain", "stop"]);
    if (r.status !== 0) {
      // Whatever happened, leave no node behind.
      try {
        const pid = (
          JSON.parse(fs.readFileSync(proj("project.json"), "utf8")) as { chain?: { node?: { pid: number } } }
        ).chain?.node?.pid;
        if (pid) process.kill(-pid, "SIGKILL");
      } catch {
        /* no project or no node recorded: nothing to kill */
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("# chain and deploy", function () {
    it("Should record the node in project.json and refuse to start a second one", function () {
      const project = JSON.parse(fs.readFileSync(proj("project.json"), "utf8")) as {
        chain: { rpc: string; node: { pid: number; log: string } };
      };
      expect(project.chain.rpc).to.equal(rpc);
      expect(fs.existsSync(project.chain.node.log)).to.equal(true);
      fails(["chain", "start", "--port", String(new URL(rpc).port)], /already running .*zkprov chain stop/);
    });

    it("Should deploy, record the addresses, and refuse a second deploy without --force", function () {
      ok(["keys", "new", "regulator", "--out", proj("keys/regulator.key.json")]);
      expect(fs.statSync(proj("keys/regulator.key.json")).mode & 0o777).to.equal(0o600);
      const d = ok(["deploy", "--regulator-key", proj("keys/regulator.key.json")]);
      const project = openProject(projectDir).data;
      expect(project.deployment!.contracts.mintGate).to.equal(d.mintGate);
      expect(project.deployment!.rpc).to.equal(rpc);
      const before = fs.readFileSync(proj("project.json"), "utf8");
      fails(["deploy", "--regulator-key", proj("keys/regulator.key.json")], /already records a deployment.*--force/);
      expect(fs.readFileSync(proj("project.json"), "utf8")).to.equal(before);
    });

    it("Should refuse an unreachable RPC, naming it, and change nothing", function () {
      const before = fs.readFileSync(proj("project.json"), "utf8");
      fails(
        ["--rpc", "http://127.0.0.1:9", "registry", "snapshot"],
        /cannot reach the chain at http:\/\/127\.0\.0\.1:9/,
      );
      expect(fs.readFileSync(proj("project.json"), "utf8")).to.equal(before);
      expect(fs.existsSync(proj("registry/model.json"))).to.equal(false);
    });
  });

  describe("# regulator, model operator, licensor", function () {
    it("Should refuse a model registration from an account without the curator role, by its error name", function () {
      ok(["keys", "new", "model", "--out", "model.key.json"]);
      fs.writeFileSync(file("model-card.txt"), "model card\nname: aurora-diffusion-mini\n");
      fails(ADD_MODEL, /AccessControlUnauthorizedAccount\(0x70997970C51812dc3A010C7d01b50e0d17dc79C8, .*grant-role/);
    });

    it("Should grant roles, register a model and a license, and snapshot the registry", function () {
      ok(["registry", "grant-role", "curator", "--to", CURATOR]);
      ok(["registry", "grant-role", "licensor", "--to", LICENSOR]);
      ok(["registry", "grant-role", "kyc", "--to", KYC]);
      const m = ok([...ADD_MODEL, "--name", "aurora-diffusion-mini"]);
      modelHash = m.modelHash!;
      ok(["keys", "new", "licensor", "--out", "licensor.key.json"]);
      fs.writeFileSync(file("dataset.txt"), "dataset manifest\nname: open-landscapes-2025\n");
      ok([
        "--account",
        "2",
        "registry",
        "add-license",
        "--licensor-key",
        "licensor.key.json",
        "--dataset-file",
        "dataset.txt",
        "--model-hash",
        modelHash,
        "--rights",
        "7",
        "--royalty-bps",
        "1500",
        "--name",
        "open-landscapes-2025",
        "--out",
        "license.json",
      ]);
      expect(fs.statSync(file("license.json")).mode & 0o777).to.equal(0o600);
      const s = ok(["registry", "snapshot"]) as unknown as { snapshots: { tree: string; size: number }[] };
      expect(s.snapshots.map((x) => [x.tree, x.size])).to.deep.equal([
        ["model", 1],
        ["license", 1],
        ["licensee", 0],
      ]);
    });
  });

  describe("# creator and marketplace", function () {
    it("Should attest, prove provenance for a fresh owner and mint", function () {
      ok(["keys", "new", "creator", "--out", "creator.key.json"]);
      const creator = ok(["keys", "show", "creator.key.json"]).commitment!;
      fs.writeFileSync(file("asset.png"), Buffer.from("generated image bytes " + Date.now()));
      ok([
        "attest",
        "--model-key",
        "model.key.json",
        "--asset",
        "asset.png",
        "--model-hash",
        modelHash,
        "--model-rights",
        "15",
        "--license",
        "license.json",
        "--creator-commit",
        creator,
        "--out",
        "attestation.json",
      ]);
      ok(["keys", "new", "account", "--out", "owner.key.json"]);
      owner = ok(["keys", "show", "owner.key.json"]).address!;
      fs.mkdirSync(file("mint"));
      ok([
        "prove",
        "provenance",
        "--attestation",
        "attestation.json",
        "--creator-key",
        "creator.key.json",
        "--asset",
        "asset.png",
        "--to",
        owner,
        "--out",
        "mint/bundle.json",
      ]);
      // A copy of the proof minting to someone else is refused by name, and mints nothing.
      fails(["--account", "5", "mint", "mint/bundle.json", "--to", LICENSEE], /mint refused: MintContextMismatch\(/);
      const minted = ok(["--account", "5", "mint", "mint/bundle.json", "--to", owner]);
      tokenId = minted.tokenId!;
      expect(minted.owner).to.equal(owner);
      expect(minted.grantedRights).to.equal("7");
      fails(["--account", "5", "mint", "mint/bundle.json", "--to", owner], /MintAssetAlreadyMinted/);
    });

    it("Should refuse an attestation signed by an unregistered model: in the prover, and at the mint gate", function () {
      ok(["keys", "new", "model", "--out", "rogue.key.json"]);
      const creator = ok(["keys", "show", "creator.key.json"]).commitment!;
      fs.writeFileSync(file("rogue.png"), Buffer.from("rogue image " + Date.now()));
      ok([
        "attest",
        "--model-key",
        "rogue.key.json",
        "--asset",
        "rogue.png",
        "--model-hash",
        modelHash,
        "--model-rights",
        "15",
        "--license",
        "license.json",
        "--creator-commit",
        creator,
        "--out",
        "rogue-att.json",
      ]);
      fs.mkdirSync(file("rogue"));
      const proveRogue = [
        ..."prove provenance --attestation rogue-att.json --creator-key creator.key.json --asset rogue.png".split(" "),
        ...["--to", owner, "--out", "rogue/bundle.json"],
      ];
      fails(proveRogue, /the attested model is not in the model snapshot/);
      expect(fs.existsSync(file("rogue/bundle.json"))).to.equal(false);
      // A creator who forges a model snapshot with the rogue model gets a proof, which the gate refuses.
      const snapshot = readSnapshotFile(proj("registry/model.json"));
      const rogue = readKeyFile(file("rogue.key.json"), "model");
      const rogueEntry = {
        publicKey: rogue.publicKey,
        modelHash: BigInt(modelHash),
        rights: 15n,
        validFrom: 0n,
        validUntil: OPEN_UNTIL,
      };
      const forged = newRegistryTree([...snapshot.imt.leaves, modelLeaf(rogueEntry)]);
      fs.writeFileSync(
        file("forged-models.json"),
        snapshotJson("model", forged, undefined, [...snapshot.models, rogueEntry]),
      );
      ok([...proveRogue, "--model-tree", "forged-models.json"]);
      fails(
        ["--account", "5", "mint", "rogue/bundle.json", "--to", owner],
        /mint refused: MintUnknownRoot\(0, \d+\).*registry snapshot/,
      );
      const rogueToken = JSON.parse(fs.readFileSync(file("rogue/bundle.json"), "utf8")).assetHash as string;
      fails(["--account", "5", "royalty", "pay", "--token", rogueToken, "--amount", "0.01"], /VaultUnknownToken/);
    });

    it("Should enroll a licensee, refuse a wrong fee, then license for the exact fee", function () {
      ok(["keys", "new", "licensee", "--out", "licensee.key.json"]);
      ok(["--account", "3", "registry", "add-licensee", "--licensee-key", "licensee.key.json"]);
      ok(["registry", "snapshot"]);
      ok([
        "prove",
        "licensee",
        "--key",
        "licensee.key.json",
        "--token",
        tokenId,
        "--usage",
        "commercial",
        "--to",
        LICENSEE,
        "--out",
        "license-bundle.json",
      ]);
      fails(
        ["--account", "4", "license", "license-bundle.json", "--value", "1"],
        /license refused: LicenseWrongFee\(10000000000000000, 1\): send exactly the fee/,
      );
      // The refused attempt used nothing up: the same proof licenses now.
      const l = ok(["--account", "4", "license", "license-bundle.json"]);
      expect(l.fee).to.equal("10000000000000000");
      expect(l.licensee).to.equal(LICENSEE);
      fails(["--account", "4", "license", "license-bundle.json"], /LicenseNullifierUsed/);
    });

    it("Should take royalties in and pay creator and licensor their shares at fresh addresses", async function () {
      // The payer signs with an account key file (the production path), funded here by a dev account.
      ok(["keys", "new", "account", "--out", "payer.key.json"]);
      const payer = readKeyFile(file("payer.key.json"), "account").address;
      const funder = new JsonRpcProvider(rpc);
      await (await (await funder.getSigner(6)).sendTransaction({ to: payer, value: 10n ** 18n })).wait();
      funder.destroy();
      fails(
        ["--account-key-file", "creator.key.json", "royalty", "pay", "--token", tokenId, "--amount", "0.1"],
        /creator\.key\.json is a creator key, an account key is needed/,
      );
      const paid = ok([
        "--account-key-file",
        "payer.key.json",
        "royalty",
        "pay",
        "--token",
        tokenId,
        "--amount",
        "0.1",
      ]);
      expect(paid.accrued).to.equal("110000000000000000"); // 0.1 ETH + the 0.01 ETH license fee
      const shares: Record<string, string> = {};
      for (const [payee, extra] of [
        ["creator", ["--blinding", "mint/bundle.blinding.json"]],
        ["licensor", ["--license", "license.json"]],
      ] as const) {
        ok(["keys", "new", "account", "--out", `${payee}-payout.key.json`]);
        const to = ok(["keys", "show", `${payee}-payout.key.json`]).address!;
        ok([
          "prove",
          "royalty-claim",
          "--key",
          `${payee}.key.json`,
          "--provenance",
          "mint/bundle.json",
          ...extra,
          "--to",
          to,
          "--out",
          `claim-${payee}.json`,
        ]);
        const c = ok(["--account", "5", "royalty", "claim", `claim-${payee}.json`, "--to", to]);
        expect(c.payee).to.equal(payee);
        shares[payee] = c.amount!;
        fails(["--account", "5", "royalty", "claim", `claim-${payee}.json`, "--to", to], /VaultNothingOwed/);
      }
      expect(shares).to.deep.equal({ creator: "93500000000000000", licensor: "16500000000000000" }); // 1500 bps
      const provider = new JsonRpcProvider(rpc);
      for (const payee of ["creator", "licensor"]) {
        const to = readKeyFile(file(`${payee}-payout.key.json`), "account").address;
        expect((await provider.getBalance(to)).toString()).to.equal(shares[payee]);
      }
      provider.destroy();
    });
  });

  describe("# market: creator terms, stablecoin licenses, royalty shares", function () {
    it("Should let the creator set term-license terms in zUSD, sell, renew until a time, issue shares and pay a holder", async function () {
      const project = JSON.parse(fs.readFileSync(proj("project.json"), "utf8")) as {
        deployment: { contracts: { devStablecoin: string; licenseGate: string } };
      };
      const zusd = project.deployment.contracts.devStablecoin;
      expect(zusd).to.match(/^0x[0-9a-fA-F]{40}$/);
      const creator = [
        "--key",
        "creator.key.json",
        "--provenance",
        "mint/bundle.json",
        "--blinding",
        "mint/bundle.blinding.json",
      ];
      fails(["terms", "set", ...creator, "--rights", "derivatives", "--mode", "lease"], /--mode must be one of/);
      fails(
        ["terms", "set", ...creator, "--rights", "derivatives", "--mode", "term", "--currency", "XYZ", "--price", "1"],
        /no allowlisted currency has the symbol "XYZ"/,
      );
      // The creator proves its tag without revealing itself; a relayer (account 5) sends it.
      const set = ok([
        "--account",
        "5",
        "terms",
        "set",
        ...creator,
        "--rights",
        "derivatives",
        "--mode",
        "term",
        "--currency",
        "zUSD",
        "--price",
        "100",
        "--duration",
        "30d",
      ]);
      expect(set).to.include({ mode: "term", currency: zusd, price: "100000000", duration: "2592000", nonce: "0" });
      const shown = ok(["terms", "show", "--token", tokenId]) as unknown as {
        rights: { right: string; mode: string; next?: { cost: string } }[];
      };
      expect(shown.rights.map((r) => r.mode)).to.deep.equal(["default", "default", "term"]);
      expect(shown.rights[2]!.next!.cost).to.equal("100000000");

      // The licensee (account 4) gets zUSD from the dev faucet, proves for DERIVATIVES and buys one period.
      const provider = new JsonRpcProvider(rpc);
      const faucet = new Contract(zusd, ["function mint(address to, uint256 amount)"], await provider.getSigner(4));
      await (await faucet.getFunction("mint")(LICENSEE, 1_000n * 10n ** 6n)).wait();
      ok([
        "prove",
        "licensee",
        "--key",
        "licensee.key.json",
        "--token",
        tokenId,
        "--usage",
        "derivatives",
        "--to",
        LICENSEE,
        "--out",
        "license-derivatives.json",
      ]);
      fails(
        ["--account", "4", "license", "license-derivatives.json", "--units", "1", "--max-cost", "99"],
        /above --max-cost 99/,
      );
      const bought = ok(["--account", "4", "license", "license-derivatives.json", "--units", "1"]);
      expect(bought).to.include({ quantity: "1", currency: zusd, cost: "100000000", licensee: LICENSEE });
      const now = BigInt((await provider.getBlock("latest"))!.timestamp);
      // Renew until 45 days after the current end: two more periods.
      const renewed = ok([
        "--account",
        "4",
        "license",
        "license-derivatives.json",
        "--until",
        String(now + 75n * 86_400n),
      ]);
      expect(renewed).to.include({ quantity: "2", cost: "200000000" });

      // The creator issues 30 % of its part to account 7; later revenue pays the holder pro rata.
      const HOLDER = await (await provider.getSigner(7)).getAddress();
      const issued = ok(["--account", "5", "shares", "issue", ...creator, "--to", HOLDER, "--shares", "3000"]);
      expect(issued.unissued).to.equal("7000000000000000000000");
      fails(["--account", "7", "shares", "claim", "--token", tokenId, "--currency", "zUSD"], /VaultHolderNothingOwed/);
      ok(["--account", "4", "license", "license-derivatives.json", "--units", "1"]);
      const claimed = ok(["--account", "7", "shares", "claim", "--token", tokenId, "--currency", "zUSD"]);
      // 30 % of the creator's 85 % (the licensor keeps 1500 bps, undiluted) of 100 zUSD.
      expect(claimed).to.include({ holder: HOLDER, currency: zusd, amount: "25500000" });
      provider.destroy();
    });

    it("Should list and allowlist currencies as the regulator, take royalties in zUSD and pay the creator's zUSD claim", async function () {
      const project = JSON.parse(fs.readFileSync(proj("project.json"), "utf8")) as {
        deployment: { contracts: { devStablecoin: string; registry: string } };
      };
      const zusd = project.deployment.contracts.devStablecoin;
      const listed = ok(["currency", "list"]) as unknown as {
        currencies: { address: string; symbol: string; decimals: number; allowed: boolean }[];
      };
      expect(listed.currencies.map((c) => [c.symbol, c.decimals, c.allowed])).to.deep.equal([
        ["ETH", 18, true],
        ["zUSD", 6, true],
      ]);
      // Only the regulator changes the allowlist; an address with no ERC-20 behind it is refused before any transaction.
      fails(["--account", "5", "currency", "disallow", zusd], /AccessControlUnauthorizedAccount/);
      fails(["currency", "allow", "0x000000000000000000000000000000000000dEaD"], /no contract at 0x0+dEaD/);
      fails(["currency", "allow", project.deployment.contracts.registry], /does not answer ERC-20 symbol\(\)/);
      fails(["currency", "allow", "zUSD"], /must be an ERC-20 address/);

      // A marketplace (account 6) pays a 25 zUSD resale royalty into the vault.
      const provider = new JsonRpcProvider(rpc);
      const PAYER = await (await provider.getSigner(6)).getAddress();
      const faucet = new Contract(zusd, ["function mint(address to, uint256 amount)"], await provider.getSigner(6));
      await (await faucet.getFunction("mint")(PAYER, 25n * 10n ** 6n)).wait();
      fails(
        ["--account", "6", "royalty", "pay", "--token", tokenId, "--amount", "25.0000001", "--currency", "zUSD"],
        /at most 6 decimals/,
      );
      fails(
        ["--account", "6", "royalty", "pay", "--token", tokenId, "--amount", "26", "--currency", "zUSD"],
        /holds 25000000 base units .* less than 26000000/,
      );
      const paid = ok(["--account", "6", "royalty", "pay", "--token", tokenId, "--amount", "25", "--currency", "zUSD"]);
      // 400 zUSD of licenses (three 100 zUSD periods and one more) plus this 25.
      expect(paid).to.include({ currency: zusd, symbol: "zUSD", paid: "25000000", accrued: "425000000" });

      // Removed from the allowlist: no new deposits, but what the vault holds stays claimable.
      ok(["currency", "disallow", zusd]);
      fails(
        ["--account", "6", "royalty", "pay", "--token", tokenId, "--amount", "1", "--currency", zusd],
        /is not allowlisted by the vault/,
      );
      // The creator's claim bundle from the ETH claim claims its zUSD too (the proof binds token, payee and
      // recipient, not the currency). Before the shares issue the creator part was all the creator's (85 % of
      // 300 = 255 zUSD); after it, the unissued 70 % of the creator part of 125 zUSD (74.375 zUSD).
      const to = readKeyFile(file("creator-payout.key.json"), "account").address;
      const c = ok(["--account", "5", "royalty", "claim", "claim-creator.json", "--to", to, "--currency", "zUSD"]);
      expect(c).to.include({ payee: "creator", currency: zusd, amount: "329375000" });
      const balance = new Contract(zusd, ["function balanceOf(address) view returns (uint256)"], provider);
      expect(((await balance.getFunction("balanceOf")(to)) as bigint).toString()).to.equal("329375000");
      fails(
        ["--account", "5", "royalty", "claim", "claim-creator.json", "--to", to, "--currency", "zUSD"],
        /VaultNothingOwed/,
      );
      ok(["currency", "allow", zusd]);
      provider.destroy();
    });
  });

  describe("# regulator audit", function () {
    it("Should verify the mint bundle against the snapshots and decrypt its audit record by name", function () {
      const v = zkprov([
        "verify",
        "mint/bundle.json",
        "--vkey",
        path.join(REPO_ROOT, "circuits/build/provenance/verification_key.json"),
        "--snapshot",
        proj("registry/model.json"),
        proj("registry/license.json"),
      ]);
      expect(v.status, v.stderr).to.equal(0);
      expect(v.stdout).to.include("valid provenance proof");
      const a = ok(["audit", "decrypt", "mint/bundle.json", "--regulator-key", proj("keys/regulator.key.json")]);
      expect(a.modelName).to.equal("aurora-diffusion-mini");
      expect(a.datasetName).to.equal("open-landscapes-2025");
      expect(BigInt(a.modelHash!)).to.equal(BigInt(modelHash));
      expect(BigInt(a.creatorCommit!)).to.equal(BigInt(ok(["keys", "show", "creator.key.json"]).commitment!));
    });
  });

  describe("# library API on the same chain", function () {
    it("Should rebuild the snapshots and read the registered models from events", async function () {
      const project = openProject(projectDir);
      const snaps = await snapshotRegistry(project, {});
      expect(snaps.map((s) => s.size)).to.deep.equal([1, 1, 1]);
      const models = await registeredModels(project, {});
      expect(models.map((m) => m.modelHash)).to.deep.equal([BigInt(modelHash)]);
    });

    it("Should name an audit record from registry metadata, and leave unknown hashes unnamed", async function () {
      const project = openProject(projectDir);
      const bundle = JSON.parse(fs.readFileSync(file("mint/bundle.json"), "utf8")) as { publicSignals: string[] };
      const s = parsePublicSignals("provenance", bundle.publicSignals);
      const regulator = readKeyFile(proj("keys/regulator.key.json"), "regulator");
      const hashes = (await registeredModels(project, {})).map((m) => m.modelHash);
      const named = nameAuditRecord(
        decryptAudit(regulator.secret, s.auditEphemeral, s.auditCipher),
        project.data.names,
        hashes,
      );
      expect(named.modelName).to.equal("aurora-diffusion-mini");
      expect(named.modelRegistered).to.equal(true);
      const wrong = nameAuditRecord(
        decryptAudit(regulator.secret + 1n, s.auditEphemeral, s.auditCipher),
        project.data.names,
        hashes,
      );
      expect([wrong.modelName, wrong.datasetName, wrong.modelRegistered]).to.deep.equal([undefined, undefined, false]);
    });

    // Issue 14: after a compromise, a proof made against the earlier root is refused at once (not after the root
    // window), and the refusal says what to do: prove again against the new root.
    it("Should refuse a mint against the pre-compromise root at once, saying to prove again", async function () {
      fs.writeFileSync(file("asset2.png"), Buffer.from("another generated image " + Date.now()));
      const creator = ok(["keys", "show", "creator.key.json"]).commitment!;
      ok([
        ..."attest --model-key model.key.json --asset asset2.png --model-hash".split(" "),
        modelHash,
        ..."--model-rights 15 --license license.json --creator-commit".split(" "),
        creator,
        ..."--out attestation2.json".split(" "),
      ]);
      fs.mkdirSync(file("mint2"));
      ok([
        ..."prove provenance --attestation attestation2.json --creator-key creator.key.json --asset asset2.png".split(
          " ",
        ),
        "--to",
        owner,
        ..."--out mint2/bundle.json".split(" "),
      ]);
      const [model] = await registeredModels(openProject(projectDir), {});
      const c = ok(["--account", "1", "registry", "compromise", "model", "--leaf", model!.leaf.toString()]);
      expect(c.compromised).to.equal(true);
      fails(
        ["--account", "5", "mint", "mint2/bundle.json", "--to", owner],
        /mint refused: MintCompromisedRoot\(0, \d+, \d+\): .*prove again against the new root/,
      );
    });

    // Issue 14: a retirement is a planned end: what the model made before it still mints, later attestations are
    // refused; and `verify --on-chain` judges the proof time and the attestation age by the mint gate itself.
    it("Should verify on chain against the gate's own window and age, then retire a model: earlier attestations still mint, later ones are refused", async function () {
      const creator = ok(["keys", "show", "creator.key.json"]).commitment!;
      ok(["keys", "new", "model", "--out", "model2.key.json"]);
      fs.writeFileSync(file("model2-card.txt"), "model card\nname: aurora-diffusion-2\n");
      const m2 = ok([
        ..."--account 1 registry add-model --model-key model2.key.json --model-file model2-card.txt --rights 15".split(
          " ",
        ),
        ..."--name aurora-diffusion-2".split(" "),
      ]).modelHash!;
      fs.writeFileSync(file("dataset2.txt"), "dataset manifest\nname: open-portraits-2026\n");
      ok([
        ..."--account 2 registry add-license --licensor-key licensor.key.json --dataset-file dataset2.txt".split(" "),
        ..."--model-hash".split(" "),
        m2,
        ..."--rights 7 --royalty-bps 1000 --out license2.json".split(" "),
      ]);
      ok(["registry", "snapshot"]);
      const attest = (asset: string, out: string) =>
        ok([
          ..."attest --model-key model2.key.json --asset".split(" "),
          asset,
          "--model-hash",
          m2,
          ..."--model-rights 15 --license license2.json --creator-commit".split(" "),
          creator,
          "--out",
          out,
        ]);
      const prove = (att: string, asset: string, out: string, extra: string[] = []) =>
        zkprov([
          ..."prove provenance --attestation".split(" "),
          att,
          ..."--creator-key creator.key.json --asset".split(" "),
          asset,
          "--to",
          owner,
          "--out",
          out,
          ...extra,
        ]);
      const verifyOnChain = (bundle: string) =>
        zkprov([
          "verify",
          bundle,
          "--on-chain",
          "--snapshot",
          proj("registry/model.json"),
          proj("registry/license.json"),
        ]);
      fs.mkdirSync(file("mint3"));
      fs.mkdirSync(file("mint3s")); // a bundle's proof and public signals files sit beside it: one folder each
      fs.writeFileSync(file("asset3.png"), Buffer.from("a third generated image " + Date.now()));
      attest("asset3.png", "attestation3.json");

      // A proof for another attestation age than the gate's: it verifies offline (the bound is one a gate may
      // set), fails on chain naming both ages, and the gate refuses it.
      const short = prove("attestation3.json", "asset3.png", "mint3s/bundle.json", ["--max-attestation-age", "3600"]);
      expect(short.status, short.stderr).to.equal(0);
      const offline = zkprov([
        "verify",
        "mint3s/bundle.json",
        "--snapshot",
        proj("registry/model.json"),
        proj("registry/license.json"),
      ]);
      expect(offline.status, offline.stderr).to.equal(0);
      expect(offline.stdout).to.match(
        /pass {4}attestation age: .*at most 3600 s old .*not compared with a gate's setting/,
      );
      const onChain = verifyOnChain("mint3s/bundle.json");
      expect(onChain.status).to.equal(1);
      expect(onChain.stdout).to.match(
        /fail {4}attestation age: the proof bounds the attestation's age by 3600 s, the mint gate 0x[0-9a-fA-F]{40} requires 7 days now/,
      );
      expect(onChain.stdout).to.include("INVALID provenance proof");
      fails(
        ["--account", "5", "mint", "mint3s/bundle.json", "--to", owner],
        /MintMaxAttestationAgeMismatch\(604800, 3600\)/,
      );

      // The gate's own age and window: valid on chain before the mint ("would mint now") and after it (its block).
      expect(prove("attestation3.json", "asset3.png", "mint3/bundle.json").status).to.equal(0);
      const before = verifyOnChain("mint3/bundle.json");
      expect(before.status, before.stdout + before.stderr).to.equal(0);
      expect(before.stdout).to.match(
        /pass {4}proof time: .* from now .*the chain's latest block is \d+\): not minted yet; the mint gate 0x[0-9a-fA-F]{40} allows \d+ s/,
      );
      expect(before.stdout).to.match(
        /pass {4}attestation age: the attestation was at most 7 days old when proven: the setting of the mint gate/,
      );

      // Retire model 2. The attestation made before still mints (validity as of creation), and verifies on chain
      // judged at its mint's block.
      const r = ok(["--account", "1", "registry", "retire", "--model-hash", m2]);
      expect(BigInt(r.retiredAt!)).to.be.greaterThan(0n);
      ok(["--account", "5", "mint", "mint3/bundle.json", "--to", owner]);
      const after = verifyOnChain("mint3/bundle.json");
      expect(after.status, after.stdout + after.stderr).to.equal(0);
      expect(after.stdout).to.match(/pass {4}proof time: .* from its mint \(block \d+/);

      // An attestation dated after the retirement: the prover refuses it by name, with the registry's interval.
      await new Promise((done) => setTimeout(done, 1500)); // the next second: generatedAt > retiredAt
      ok(["registry", "snapshot"]);
      fs.writeFileSync(file("asset4.png"), Buffer.from("a fourth generated image " + Date.now()));
      attest("asset4.png", "attestation4.json");
      fs.mkdirSync(file("mint4"));
      const late = prove("attestation4.json", "asset4.png", "mint4/bundle.json");
      expect(late.status).to.equal(1);
      expect(late.stderr).to.match(/the attested model was not approved at generatedAt \d+/);
      expect(fs.existsSync(file("mint4/bundle.json"))).to.equal(false);

      // The chain is asked as given: a wrong registry address is refused by name, and --on-chain is required.
      fails(["verify", "mint3/bundle.json", "--mint-gate", LICENSEE], /add --on-chain/);
      fails(
        ["verify", "mint3/bundle.json", "--on-chain", "--registry-address", "nope"],
        /--registry-address must be an Ethereum address, got "nope"/,
      );
    });

    // Issue 17: the license tree is quinary; the CLI's compromise takes the leaf's quinary path from the mirror.
    it("Should compromise a license through the quinary tree's own entry point, and snapshot the zeroed leaf", function () {
      const leaf = licenseLeaf(readLicenseFile(file("license2.json")));
      const before = readSnapshotFile(proj("registry/license.json"));
      const index = before.imt.indexOf(leaf);
      expect(index).to.be.at.least(0);
      const c = ok(["--account", "2", "registry", "compromise", "license", "--leaf", leaf.toString()]);
      expect(c.compromised).to.equal(true);
      ok(["registry", "snapshot"]); // the mirror checks every event's root, the quinary tree's included
      const after = readSnapshotFile(proj("registry/license.json"));
      expect(after.imt.leaves[index]).to.equal(0n);
      expect(after.imt.size).to.equal(before.imt.size);
      expect(after.imt.root).to.not.equal(before.imt.root);
    });

    it("Should decode a revert by name and refuse an unreachable RPC", async function () {
      const project = openProject(projectDir);
      const err = await payRoyalty(project, { account: 5 }, 12345n, 1n).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ContractRevertError);
      expect((err as ContractRevertError).revert).to.equal("VaultUnknownToken");
      expect((err as ContractRevertError).args).to.deep.equal(["12345"]);
      const down = await probeRpc("http://127.0.0.1:9", 1000).catch((e: unknown) => e);
      expect(down).to.be.instanceOf(ChainError);
      const provider = new JsonRpcProvider(rpc);
      expect(await provider.getBalance(project.data.deployment!.contracts.royaltyVault)).to.equal(0n);
      provider.destroy();
    });
  });
});
