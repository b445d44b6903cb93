// Valid inputs for each circuit, for benchmarks (fresh random secrets each call).
import type { CircuitId } from "../core/circuits.ts";
import { identityCommitment, licenseeLeaf, licenseeNullifier } from "../core/hashes.ts";
import {
  licenseeCircuitInput,
  provenanceCircuitInput,
  royaltyClaimCircuitInput,
  type CircuitInput,
  royaltyClaimData,
} from "../prover/inputs.ts";
import { randomFieldElement } from "../prover/keys.ts";
import { merkleWitness, newRegistryTree } from "../prover/merkle.ts";
import { makeScenario } from "../fixtures/scenario.ts";

/** A valid input for circuit `id`. */
export function benchInput(id: CircuitId): CircuitInput {
  if (id === "provenance") return provenanceCircuitInput(makeScenario().data);
  const s = randomFieldElement();
  if (id === "royaltyClaim") {
    const assetHash = randomFieldElement() >> 3n;
    return royaltyClaimCircuitInput(
      royaltyClaimData({ secret: s, blinding: randomFieldElement(), assetHash, context: 1n }),
    );
  }
  const tree = newRegistryTree([randomFieldElement(), licenseeLeaf(identityCommitment(s)), randomFieldElement()]);
  return licenseeCircuitInput({
    tokenId: 5n,
    usageRights: 2n,
    context: 1n,
    nullifier: licenseeNullifier(s, 5n, 2n),
    secret: s,
    path: merkleWitness(tree, 1, 20),
  });
}
