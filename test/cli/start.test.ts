// The CLI's fast start: bin/zkprov runs the compiled JavaScript (build/js), and --version, --help and
// `keys show` load none of the heavy libraries (snarkjs, ethers, Hardhat, fastify, the C2PA libraries), which
// load only in the commands that use them. Every module the process resolves is recorded by a Node resolve hook
// (NODE_OPTIONS --import), so an eager import that comes back fails here by name. bin/zkprov refuses a missing
// or stale build, naming `npm run build`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../artifacts/paths.ts";

const BIN = path.join(REPO_ROOT, "bin/zkprov");
const HEAVY =
  /\/node_modules\/(snarkjs|ethers|hardhat|@nomicfoundation|fastify|@fastify|@trustnxt|@contentauth|circomlibjs|ffjavascript|bullmq|ioredis|piscina)\//;
// zod is what a key file's schema needs: --version and --help, which read no document, load none of it.
const ZOD = /\/node_modules\/zod\//;

// Records every module URL the process resolves, written as lines to $ZKPROV_MODULE_LOG when it exits.
const HOOK = `import { registerHooks } from "node:module";
import fs from "node:fs";
const seen = new Set();
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.add(r.url); return r; } });
process.on("exit", () => fs.writeFileSync(process.env.ZKPROV_MODULE_LOG, [...seen].join("\\n") + "\\n"));
`;

describe("CLI fast start (bin/zkprov runs build/js, heavy libraries load per command)", function () {
  let work: string;
  let hook: string;

  before(function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-start-"));
    hook = path.join(work, "module-log.mjs");
    fs.writeFileSync(hook, HOOK);
    for (const kind of ["creator", "model", "regulator", "account"]) {
      const r = spawnSync(BIN, ["keys", "new", kind, "--out", path.join(work, `${kind}.key.json`)], {
        encoding: "utf8",
      });
      expect(r.status, r.stderr).to.equal(0);
    }
  });

  after(function () {
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** Run bin/zkprov with the resolve hook; its exit status and the module URLs it resolved. */
  function modulesOf(args: string[]): { status: number | null; stderr: string; modules: string[] } {
    const log = path.join(work, "modules.txt");
    fs.rmSync(log, { force: true });
    const r = spawnSync(BIN, args, {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: `--import ${hook}`, ZKPROV_MODULE_LOG: log },
    });
    const modules = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
    return { status: r.status, stderr: r.stderr, modules };
  }

  const FAST: [string, () => string[], { zod: boolean }][] = [
    ["--version", () => ["--version"], { zod: false }],
    ["--help", () => ["--help"], { zod: false }],
    ["keys show (creator key)", () => ["keys", "show", path.join(work, "creator.key.json")], { zod: true }],
    ["keys show (model key)", () => ["keys", "show", path.join(work, "model.key.json")], { zod: true }],
    ["keys show (regulator key)", () => ["keys", "show", path.join(work, "regulator.key.json")], { zod: true }],
  ];
  for (const [name, args, needs] of FAST)
    it(`Should run ${name} from build/js without loading snarkjs, ethers, Hardhat, fastify, C2PA, circomlibjs, bullmq${needs.zod ? "" : " or zod"}`, function () {
      const r = modulesOf(args());
      expect(r.status, r.stderr).to.equal(0);
      const main = `file://${path.join(REPO_ROOT, "build/js/cli/main.js")}`;
      expect(r.modules, "the compiled entry point ran").to.include(main);
      const ours = r.modules.filter((u) => u.startsWith(`file://${REPO_ROOT}/`) && !u.includes("/node_modules/"));
      expect(
        ours.filter((u) => !u.startsWith(`file://${path.join(REPO_ROOT, "build/js")}/`) && u !== `file://${BIN}`),
        "every module of ours but the launcher (bin/zkprov) is compiled JavaScript in build/js",
      ).to.deep.equal([]);
      expect(r.modules.filter((u) => HEAVY.test(u))).to.deep.equal([]);
      expect(
        r.modules.some((u) => ZOD.test(u)),
        "zod loaded",
      ).to.equal(needs.zod);
      // Only the group that runs is loaded: no other command module.
      const groups = ours.filter((u) => /\/build\/js\/cli\/(?!main|program|output)[^/]+\.js$/.test(u));
      expect(groups).to.deep.equal(needs.zod ? [`file://${path.join(REPO_ROOT, "build/js/cli/keys.js")}`] : []);
      // A key file is checked with the hash or curve product it needs: Poseidon(2) for a commitment (and the EdDSA
      // library's own Poseidon(5) for a model key), never core/hashes.ts's six widths, nor the audit decryption.
      const widths = r.modules
        .filter((u) => /\/poseidon-lite\/.*poseidon\d+\.js$/.test(u))
        .map((u) => /poseidon(\d+)\.js$/.exec(u)![1])
        .sort();
      if (name.startsWith("keys show"))
        expect(widths, "poseidon-lite widths loaded").to.deep.equal(name.includes("model") ? ["2", "5"] : ["2"]);
      expect(ours.filter((u) => /\/build\/js\/(core\/hashes|verifier\/audit)\.js$/.test(u))).to.deep.equal([]);
    });

  it("Should see the heavy libraries load where a command needs them (the check above can fail)", function () {
    // An account key is secp256k1: showing it loads ethers.
    const account = modulesOf(["keys", "show", path.join(work, "account.key.json")]);
    expect(account.status, account.stderr).to.equal(0);
    expect(account.modules.some((u) => /\/node_modules\/ethers\//.test(u))).to.equal(true);
    // verify loads the verifier (snarkjs) before it reads the bundle, which here does not exist.
    const verify = modulesOf(["verify", path.join(work, "missing-bundle.json")]);
    expect(verify.status).to.equal(1);
    expect(verify.stderr).to.include("missing-bundle.json");
    expect(verify.modules.some((u) => /\/node_modules\/snarkjs\//.test(u))).to.equal(true);
  });

  it("Should list every command group in --help (each group not loaded has a stand-in)", function () {
    const r = spawnSync(BIN, ["--help"], { encoding: "utf8" });
    expect(r.status, r.stderr).to.equal(0);
    for (const c of [
      "keys",
      "chain",
      "deploy",
      "registry",
      "attest",
      "prove",
      "mint",
      "license",
      "royalty",
      "currency",
      "terms",
      "shares",
      "verify",
      "c2pa",
      "audit",
      "committee",
      "setup",
      "serve",
      "service",
    ])
      expect(r.stdout).to.match(new RegExp(`^  ${c}\\b`, "m"));
    expect(r.stdout).to.include("--version");
  });

  it("Should print the same help as the program with every group loaded (the stand-ins match their groups)", async function () {
    const { COMMAND_GROUPS, buildProgram } = await import("../../cli/program.ts");
    const { Help } = await import("commander");
    const help = new Help();
    for (const group of COMMAND_GROUPS)
      expect(
        (await group.load()).map((c) => [help.subcommandTerm(c), c.description()]),
        "a group's table entry: its commands' help terms and descriptions",
      ).to.deep.equal(group.commands);
    const full = await buildProgram(["node", "zkprov"], "all");
    const r = spawnSync(BIN, ["--help"], { encoding: "utf8" });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(full.helpInformation());
  });

  it("Should print a command's own help, not a stand-in's, for `zkprov help <command>` and `<command> --help`", function () {
    for (const args of [
      ["help", "keys"],
      ["keys", "--help"],
    ]) {
      const r = spawnSync(BIN, args, { encoding: "utf8" });
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^Usage: zkprov keys \[options\] \[command\]$/m);
      expect(r.stdout).to.match(/^  show <file> +print the public part of a key file$/m);
    }
    const mint = spawnSync(BIN, ["help", "mint"], { encoding: "utf8" });
    expect(mint.stdout).to.match(/^Usage: zkprov mint \[options\] <bundle>$/m);
    const unknown = spawnSync(BIN, ["help", "nosuch"], { encoding: "utf8" });
    expect(unknown.status).to.equal(1);
    expect(unknown.stderr).to.match(/^Usage: zkprov \[options\] \[command\]$/m);
  });

  describe("bin/zkprov refuses a missing or stale build", function () {
    // A copy of bin/zkprov in a repository of its own: a source folder, a compiled entry point and its stamp.
    let root: string;
    const zkprov = () => spawnSync(path.join(root, "bin/zkprov"), ["--version"], { encoding: "utf8" });

    beforeEach(function () {
      root = fs.mkdtempSync(path.join(work, "repo-"));
      fs.mkdirSync(path.join(root, "bin"));
      fs.copyFileSync(BIN, path.join(root, "bin/zkprov"));
      fs.mkdirSync(path.join(root, "node_modules/.bin"), { recursive: true });
      fs.symlinkSync(path.join(REPO_ROOT, "node_modules/.bin/node"), path.join(root, "node_modules/.bin/node"));
      fs.mkdirSync(path.join(root, "cli"));
      fs.writeFileSync(path.join(root, "cli/main.ts"), "// source\n");
      fs.mkdirSync(path.join(root, "build/js/cli"), { recursive: true });
      fs.writeFileSync(path.join(root, "build/js/cli/main.js"), 'console.log("compiled ran");\n');
      const old = new Date(Date.now() - 60_000);
      fs.utimesSync(path.join(root, "cli/main.ts"), old, old);
      fs.writeFileSync(path.join(root, "build/js/.stamp"), "cli\n");
    });

    it("Should run the compiled entry point when the stamp is newer than every listed source", function () {
      const r = zkprov();
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.equal("compiled ran\n");
    });

    it("Should refuse, naming the newer source and npm run build, when a source changed after the build", function () {
      fs.writeFileSync(path.join(root, "cli/new-command.ts"), "// added after the build\n");
      const future = new Date(Date.now() + 60_000);
      fs.utimesSync(path.join(root, "cli/new-command.ts"), future, future);
      const r = zkprov();
      expect(r.status).to.equal(1);
      expect(r.stdout).to.equal("");
      expect(r.stderr).to.match(/older than cli\/new-command\.ts: run npm run build/);
    });

    it("Should refuse, naming npm run build, when there is no build", function () {
      fs.rmSync(path.join(root, "build"), { recursive: true });
      const r = zkprov();
      expect(r.status).to.equal(1);
      expect(r.stdout).to.equal("");
      expect(r.stderr).to.match(/compiled CLI .* is missing: run npm run build/);
    });
  });
});
