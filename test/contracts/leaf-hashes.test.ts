// The registry and the circuits must hash a leaf the same way, or no registered entry could ever be proven.
// Compared here without the TypeScript hash functions in between: the leaf the Registry contract computes and
// inserts on chain (its LeafInserted event) against the leaf the compiled circuit computes in its witness.
import { expect } from "chai";
import { network } from "hardhat";
import { artifactPaths } from "../../artifacts/paths.ts";
import { Tree } from "../../core/registry.ts";
import { identityCommitment } from "../../core/hashes.ts";
import { provenanceCircuitInput } from "../../prover/inputs.ts";
import { makeScenario } from "../../fixtures/scenario.ts";
import { validLicenseeInput } from "../helpers/valid-inputs.ts";
import { computeWitness, loadSym } from "../helpers/witness.ts";
import { deployRegistry } from "./helpers/deploy.ts";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

async function deployFixture() {
  const [regulator, curator, kyc] = await ethers.getSigners();
  const { registry } = await deployRegistry(ethers, { regulator: regulator!.address });
  await registry.grantRole(await registry.CURATOR_ROLE(), curator!.address);
  await registry.grantRole(await registry.KYC_ROLE(), kyc!.address);
  return { registry, curator: curator!, kyc: kyc! };
}

/** The value of a named signal in the witness the compiled circuit computes for `input`. */
async function witnessValue(id: "provenance" | "licensee", input: Record<string, unknown>, name: string) {
  const paths = artifactPaths(id);
  const index = loadSym(paths.sym).get(name);
  expect(index, `${name} in the ${id} witness`).to.not.equal(undefined);
  return (await computeWitness(paths.wasm, input as never))[index!]!;
}

/** The leaf of the LeafInserted event of a transaction. */
async function insertedLeaf(registry: Awaited<ReturnType<typeof deployFixture>>["registry"], tx: unknown) {
  const receipt = await (tx as { wait(): Promise<{ logs: unknown[] }> }).wait();
  for (const log of receipt.logs) {
    const parsed = registry.interface.parseLog(log as never);
    if (parsed?.name === "LeafInserted") return parsed.args.leaf as bigint;
  }
  expect.fail("no LeafInserted event");
}

describe("leaf hashes: the Registry contract and the compiled circuits", function () {
  it("Should insert, for a model, the leaf the provenance circuit computes (main.modelLeaf)", async function () {
    const { registry, curator } = await loadFixture(deployFixture);
    // The registry sets validFrom to the block time of the insertion: the scenario's model is registered at a
    // block time chosen here, and its attestation is dated after it.
    const registeredAt = BigInt(await networkHelpers.time.latest()) + 100n;
    const s = makeScenario({
      modelValidFrom: registeredAt,
      generatedAt: registeredAt + 10n,
      now: registeredAt + 20n,
      expiry: registeredAt + 86_400n,
    });
    const [ax, ay] = s.model.publicKey;
    await networkHelpers.time.setNextBlockTimestamp(registeredAt);
    const tx = await registry.connect(curator).insertModel(ax, ay, s.model.modelHash, Number(s.model.rights));
    const onChain = await insertedLeaf(registry, tx);
    const inCircuit = await witnessValue("provenance", provenanceCircuitInput(s.data), "main.modelLeaf");
    expect(onChain).to.equal(inCircuit);
    // Another model's data gives another leaf on chain: the comparison is not between two constants.
    const other = s.otherModel;
    const tx2 = await registry
      .connect(curator)
      .insertModel(other.publicKey[0], other.publicKey[1], other.modelHash, Number(other.rights));
    expect(await insertedLeaf(registry, tx2)).to.not.equal(inCircuit);
  });

  it("Should enroll, for a licensee, the leaf the licensee circuit computes (main.leaf)", async function () {
    const { registry, kyc } = await loadFixture(deployFixture);
    const input = validLicenseeInput();
    const tx = await registry.connect(kyc).insertLicensee(identityCommitment(BigInt(input.secret as string)));
    expect(await insertedLeaf(registry, tx)).to.equal(await witnessValue("licensee", input, "main.leaf"));
    expect(await registry.size(Tree.Licensee)).to.equal(1n);
  });
});
