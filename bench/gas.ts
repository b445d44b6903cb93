// Gas of verifyProof alone per circuit, registry inserts and revocations, on Hardhat's in-process chain.
// Run: hardhat run bench/gas.ts (npm run bench:gas). Prints a table, or JSON with ZKPROV_BENCH_JSON=1.
// verifyProof is measured as the gas of a transaction calling it (21,000 base and calldata included) and
// compared with the EIP-1108 floor: 4 pairings (45,000 + 4 * 34,000) plus, per public input, one ecMul
// (6,000) and one ecAdd (150).
import fs from "node:fs";
import path from "node:path";
import { network } from "hardhat";
import ZkprovModule from "../ignition/modules/Zkprov.ts";
import { REPO_ROOT } from "../verifier/src/artifacts.ts";
import { CIRCUIT_IDS, circuitInstance, publicSignalLayout } from "../verifier/src/circuits.ts";
import { toSolidityProof } from "../verifier/src/proof.ts";
import { identityCommitment } from "../verifier/src/hashes.ts";
import { generateModelKey, generateRegulatorKey, randomFieldElement } from "../prover/src/keys.ts";
import { newRegistryTree } from "../prover/src/merkle.ts";
import { generateProof } from "../prover/src/prove.ts";
import { licenseeLeaf, modelLeaf } from "../verifier/src/hashes.ts";
import { benchInput } from "./inputs.ts";

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s.at(-1)! };
};

const { ethers, ignition } = await network.create();
const [regulatorAcct] = await ethers.getSigners();
const regulator = generateRegulatorKey();
const dev = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "ignition/parameters/dev.json"), "utf8"));
const d = await ignition.deploy(ZkprovModule, {
  parameters: {
    Registry: { ...dev.Registry, regulator: regulatorAcct!.address, regulatorKey: regulator.publicKey.map(String) },
    Zkprov: dev.Zkprov,
  },
});

const verifyProof: Record<string, unknown> = {};
const verifiers = {
  provenance: d.provenanceVerifier,
  royaltyClaim: d.royaltyClaimVerifier,
  licensee: d.licenseeVerifier,
};
for (const id of CIRCUIT_IDS) {
  const r = await generateProof(id, benchInput(id));
  const { a, b, c } = toSolidityProof(r.proof);
  const v = verifiers[id];
  const pub = r.publicSignals.map(BigInt);
  if (!(await v.getFunction("verifyProof").staticCall(a, b, c, pub))) throw new Error(`${id}: proof rejected`);
  const gas = Number(await v.getFunction("verifyProof").estimateGas(a, b, c, pub));
  const n = publicSignalLayout(id).length;
  verifyProof[id] = {
    gas,
    publicSignals: n,
    eip1108Floor: 45_000 + 4 * 34_000 + n * (6_000 + 150),
    contract: circuitInstance(id).verifierContract,
  };
}

const registry = d.registry;
for (const role of ["CURATOR_ROLE", "LICENSOR_ROLE", "KYC_ROLE"]) {
  await (await registry.getFunction("grantRole")(await registry.getFunction(role)(), regulatorAcct!.address)).wait();
}
const gasOf = async (p: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) =>
  Number((await (await p).wait())!.gasUsed);
const N = 9;
const insert = { model: [] as number[], license: [] as number[], licensee: [] as number[] };
const modelTree = newRegistryTree();
const licenseeTree = newRegistryTree();
for (let i = 0; i < N; i++) {
  const m = { ...generateModelKey(), modelHash: randomFieldElement(), rights: 7n };
  insert.model.push(await gasOf(registry.getFunction("insertModel")(m.publicKey[0], m.publicKey[1], m.modelHash, 7)));
  modelTree.insert(modelLeaf({ publicKey: m.publicKey, modelHash: m.modelHash, rights: 7n }));
  insert.license.push(await gasOf(registry.getFunction("insertLicense")(randomFieldElement())));
  const commitment = identityCommitment(randomFieldElement());
  insert.licensee.push(await gasOf(registry.getFunction("insertLicensee")(commitment)));
  licenseeTree.insert(licenseeLeaf(commitment));
}
const revoke: number[] = [];
for (const i of [0, 3, 5, 8]) {
  const leaf = modelTree.leaves[i]!;
  const siblings = modelTree.generateProof(i).siblings;
  revoke.push(await gasOf(registry.getFunction("revoke")(0, leaf, siblings)));
  modelTree.update(i, 0n);
}
const result = {
  verifyProof,
  registryInsert: {
    model: stats(insert.model),
    license: stats(insert.license),
    licensee: stats(insert.licensee),
    treeSizes: `1..${N}`,
  },
  registryRevoke: { model: stats(revoke), treeSize: N },
};
if (process.env.ZKPROV_BENCH_JSON) console.log(JSON.stringify(result, null, 2));
else {
  for (const [id, v] of Object.entries(verifyProof) as [
    string,
    { gas: number; publicSignals: number; eip1108Floor: number },
  ][]) {
    console.log(
      `verifyProof ${id.padEnd(13)} ${v.gas} gas (${v.publicSignals} public signals; EIP-1108 floor ${v.eip1108Floor})`,
    );
  }
  for (const [k, v] of Object.entries(result.registryInsert))
    if (typeof v === "object")
      console.log(`insert ${k.padEnd(9)} median ${v.median} [${v.min}-${v.max}] (tree sizes 1..${N})`);
  console.log(
    `revoke model   median ${result.registryRevoke.model.median} [${result.registryRevoke.model.min}-${result.registryRevoke.model.max}] (tree of ${N})`,
  );
}
