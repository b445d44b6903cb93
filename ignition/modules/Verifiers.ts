import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The three generated Groth16 verifiers (contracts/verifiers/, written by the circuit build). Each carries
 * `VKEY_HASH`, the hash of the verification key it embeds, to match against the pinned keys.
 */
export default buildModule("Verifiers", (m) => {
  const provenanceVerifier = m.contract("ProvenanceVerifier");
  const royaltyClaimVerifier = m.contract("RoyaltyClaimVerifier");
  const licenseeVerifier = m.contract("LicenseeVerifier");
  return { provenanceVerifier, royaltyClaimVerifier, licenseeVerifier };
});
