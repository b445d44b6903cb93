import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import RegistryModule from "./Registry.ts";
import VerifiersModule from "./Verifiers.ts";

/**
 * All of zkprov on chain: registry (with Poseidon libraries), the three verifiers, the mint gate (which
 * deploys its royalty vault) and the license gate, wired together.
 *
 * Parameters (module "Zkprov"; the registry's are under "Registry"):
 * - `nowWindow` (seconds, default 600): how far a provenance proof's `now` may be from the block time.
 * - `maxAttestationAge` (seconds, default 7 days): how old an attestation may be when it mints.
 * - `royaltyRate` (basis points, default 500): ERC-2981 royalty rate; the receiver is the vault.
 * - `rightFees` (16 wei amounts, default all 0): license fee of right bit i at index i.
 *
 * @example npx hardhat ignition deploy ignition/modules/Zkprov.ts --parameters ignition/parameters/dev.json
 */
export default buildModule("Zkprov", (m) => {
  const { registry, poseidonT3, poseidonT4, poseidonT6 } = m.useModule(RegistryModule);
  const { provenanceVerifier, royaltyClaimVerifier, licenseeVerifier } = m.useModule(VerifiersModule);

  const nowWindow = m.getParameter("nowWindow", 600n);
  const maxAttestationAge = m.getParameter("maxAttestationAge", 7n * 24n * 3600n);
  const royaltyRate = m.getParameter("royaltyRate", 500n);
  const rightFees = m.getParameter<string[]>(
    "rightFees",
    Array.from({ length: 16 }, () => "0"),
  );

  const mintGate = m.contract("MintGate", [
    registry,
    provenanceVerifier,
    royaltyClaimVerifier,
    nowWindow,
    maxAttestationAge,
    royaltyRate,
  ]);
  const royaltyVault = m.contractAt("RoyaltyVault", m.staticCall(mintGate, "royaltyVault"));
  const licenseGate = m.contract("LicenseGate", [registry, mintGate, licenseeVerifier, rightFees]);

  return {
    registry,
    poseidonT3,
    poseidonT4,
    poseidonT6,
    provenanceVerifier,
    royaltyClaimVerifier,
    licenseeVerifier,
    mintGate,
    royaltyVault,
    licenseGate,
  };
});
