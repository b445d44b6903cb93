// One valid input per production circuit, built with the project's own prover functions: the starting
// witness for the under-constraint search and the aliasing tests.
import { circuitInstance, type CircuitId } from "../../core/circuits.ts";
import { RIGHTS } from "../../core/domain.ts";
import { identityCommitment, licenseeLeaf, licenseeNullifier } from "../../core/hashes.ts";
import {
  licenseeCircuitInput,
  provenanceCircuitInput,
  royaltyClaimCircuitInput,
  royaltyClaimData,
  type CircuitInput,
} from "../../prover/inputs.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { merkleWitness, newRegistryTree } from "../../prover/merkle.ts";
import { makeScenario, type ScenarioOptions } from "../../fixtures/scenario.ts";

/** A valid provenance input (a fresh scenario world). */
export function validProvenanceInput(o: ScenarioOptions = {}): CircuitInput {
  return provenanceCircuitInput(makeScenario(o).data);
}

/** A valid royalty-claim input: the creator of a fresh world claiming its asset. */
export function validRoyaltyClaimInput(): CircuitInput {
  const s = makeScenario();
  return royaltyClaimCircuitInput(
    royaltyClaimData({
      secret: s.creatorSecret,
      blinding: s.creatorBlinding,
      assetHash: s.data.assetHash,
      context: randomFieldElement() >> 8n,
    }),
  );
}

/** A valid licensee input: an enrolled licensee (among padding) licensing COMMERCIAL use of a token. */
export function validLicenseeInput(): CircuitInput {
  const secret = randomFieldElement();
  const leaves = [1n, 2n, 3n, 4n, 5n].map(() => licenseeLeaf(randomFieldElement()));
  const tree = newRegistryTree([...leaves, licenseeLeaf(identityCommitment(secret)), licenseeLeaf(7n)]);
  const tokenId = randomFieldElement() >> 3n;
  const usageRights = BigInt(RIGHTS.COMMERCIAL);
  return licenseeCircuitInput({
    tokenId,
    usageRights,
    context: randomFieldElement() >> 8n,
    nullifier: licenseeNullifier(secret, tokenId, usageRights),
    secret,
    path: merkleWitness(tree, 5, circuitInstance("licensee").params.DEPTH!),
  });
}

/** A valid input of circuit `id`. */
export function validInput(id: CircuitId): CircuitInput {
  return id === "provenance"
    ? validProvenanceInput()
    : id === "licensee"
      ? validLicenseeInput()
      : validRoyaltyClaimInput();
}
