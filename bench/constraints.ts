// The provenance circuit's constraint table per part, generated from the sources: each part is compiled
// alone by circom2 with the build's flags (--O2) and include paths, and the whole instance of circuits.json
// is compiled too, so the table and the total come from the same compiler run, never typed in.
// Run: tsx bench/constraints.ts [--json] (the JSON is committed as bench/constraints-*.json).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { libraryDirs } from "../artifacts/compile.ts";
import { REPO_ROOT } from "../artifacts/paths.ts";
import { circuitInstance } from "../core/circuits.ts";

const require = createRequire(import.meta.url);
const CIRCOM2_CLI = require.resolve("circom2/cli.js");

const inst = circuitInstance("provenance");
const params = inst.params as Record<string, number>;
const MODEL_DEPTH = params.MODEL_DEPTH!;
const LICENSE_DEPTH = params.LICENSE_DEPTH!;
const LICENSE_ARITY = params.LICENSE_ARITY!;
const pubs = Object.keys(inst.publicInputs).join(", ");
/** The audit record's length: the provenance output auditCipher. */
const AUDIT_CIPHER = inst.publicOutputs.auditCipher!;

/** Each part: the includes it needs and the component expression, as the provenance circuit uses it. */
const PARTS: { name: string; includes: string[]; main: string; uses: number }[] = [
  {
    name: "Provenance (whole, as built)",
    includes: [inst.file],
    main: `${inst.template}(${Object.values(params).join(", ")})`,
    uses: 1,
  },
  {
    name: `LeanIMTRoot(${MODEL_DEPTH}) model tree`,
    includes: ["lib/merkle.circom"],
    main: `LeanIMTRoot(${MODEL_DEPTH})`,
    uses: 1,
  },
  {
    name: `QuinaryMerkleRoot(${LICENSE_DEPTH}) license tree (arity ${LICENSE_ARITY})`,
    includes: ["lib/merkle.circom"],
    main: `QuinaryMerkleRoot(${LICENSE_DEPTH})`,
    uses: 1,
  },
  { name: "EdDSAPoseidonVerifier", includes: ["eddsaposeidon.circom"], main: "EdDSAPoseidonVerifier()", uses: 1 },
  {
    name: `AuditEncryption(${AUDIT_CIPHER})`,
    includes: ["lib/audit.circom"],
    main: `AuditEncryption(${AUDIT_CIPHER})`,
    uses: 1,
  },
  { name: "Poseidon(5) model leaf / license body", includes: ["poseidon.circom"], main: "Poseidon(5)", uses: 2 },
  { name: "Poseidon(3) license leaf", includes: ["poseidon.circom"], main: "Poseidon(3)", uses: 1 },
  { name: "Poseidon(6) attestation msg", includes: ["poseidon.circom"], main: "Poseidon(6)", uses: 1 },
  { name: "PayeeTag (Poseidon(4))", includes: ["lib/identity.circom"], main: "PayeeTag()", uses: 2 },
  {
    name: "IdentityCommitment (Poseidon(2))",
    includes: ["lib/identity.circom"],
    main: "IdentityCommitment()",
    uses: 1,
  },
  { name: "GrantedRights", includes: ["lib/rights.circom"], main: "GrantedRights()", uses: 1 },
  { name: "Num2Bits(64) time check", includes: ["bitify.circom"], main: "Num2Bits(64)", uses: 9 },
  {
    name: "Num2Bits(14) + LessEqThan(14) bps",
    includes: ["bitify.circom", "comparators.circom"],
    main: "LessEqThan(14)",
    uses: 1,
  },
];

function circom(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CIRCOM2_CLI, ...args], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`circom2 failed: ${out.slice(-2000)}`))));
  });
}

async function count(includes: string[], main: string, dir: string, pub: string): Promise<number> {
  const file = path.join(dir, "part.circom");
  fs.writeFileSync(
    file,
    ["pragma circom 2.1.5;", ...includes.map((i) => `include "${i}";`), `component main${pub} = ${main};`, ""].join(
      "\n",
    ),
  );
  const rel = (p: string) => path.relative(REPO_ROOT, p) || ".";
  const inc = [path.join(REPO_ROOT, "circuits/src"), ...libraryDirs()].flatMap((d) => ["-l", rel(d)]);
  const out = (await circom([rel(file), "--r1cs", "--O2", ...inc, "-o", rel(dir)])).replace(/\x1b\[[0-9;]*m/g, "");
  const nl = /non-linear constraints: (\d+)/.exec(out);
  const l = /(?<!non-)linear constraints: (\d+)/.exec(out);
  if (!nl || !l) throw new Error(`no constraint count in circom2 output for ${main}:\n${out}`);
  return Number(nl[1]) + Number(l[1]);
}

// circom2 runs in a WASI sandbox: the scratch folder must be inside the repository.
const scratch = fs.mkdtempSync(path.join(REPO_ROOT, "circuits/build/.constraints-"));
try {
  const rows: { part: string; constraints: number; uses: number }[] = [];
  for (const p of PARTS) {
    const pub = p.uses === 1 && p.main.startsWith(inst.template) ? ` {public [${pubs}]}` : "";
    rows.push({ part: p.name, constraints: await count(p.includes, p.main, scratch, pub), uses: p.uses });
  }
  const publicSignals = Object.values({ ...inst.publicOutputs, ...inst.publicInputs }).reduce((a, b) => a + b, 0);
  const total = rows[0]!.constraints;
  // snarkjs groth16 setup: the domain is the next power of two >= constraints + public inputs + 1.
  const domainPower = Math.ceil(Math.log2(total + publicSignals + 1));
  const result = {
    circuit: "provenance",
    params,
    compiler: "circom2 --O2",
    date: new Date().toISOString(),
    host: os.hostname(),
    total,
    publicSignals,
    domainPower,
    parts: rows,
  };
  if (process.argv.includes("--json")) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(
      `provenance ${JSON.stringify(params)}: ${total} constraints + ${publicSignals} public -> 2^${domainPower}`,
    );
    for (const r of rows) console.log(`${String(r.constraints).padStart(7)}  x${r.uses}  ${r.part}`);
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
