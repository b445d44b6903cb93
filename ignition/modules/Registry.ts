import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import circuits from "../../circuits/circuits.json" with { type: "json" };
import PoseidonModule from "./Poseidon.ts";

/**
 * No registry tree may outgrow the Merkle path the circuits take for it (one definition: circuits.json), in the
 * order of `IRegistry.Tree`: model, license, licensee (core/circuits.ts registryTreeDepth reads the same params).
 * The license tree is quinary (its depth is fixed: 5^LICENSE_DEPTH licenses): the contract's QuinaryIMT has arity 5,
 * so circuits.json's LICENSE_ARITY must be 5.
 */
if (circuits.instances.provenance.params.LICENSE_ARITY !== 5) {
  throw new Error(
    `circuits.json LICENSE_ARITY is ${circuits.instances.provenance.params.LICENSE_ARITY}: the Registry's license tree is quinary (5)`,
  );
}
const CIRCUIT_DEPTHS = [
  circuits.instances.provenance.params.MODEL_DEPTH,
  circuits.instances.provenance.params.LICENSE_DEPTH,
  circuits.instances.licensee.params.DEPTH,
].map(BigInt);

/**
 * The model, license and licensee registry, with the Poseidon libraries linked.
 *
 * Parameters (module "Registry"):
 * - `regulator` (address, default: the deploying account): default admin; grants the curator, licensor and KYC roles.
 * - `adminDelay` (seconds, default 3 days): delay of a two-step regulator handover.
 * - `rootWindow` (seconds, default 1 hour): how long a replaced root stays known.
 * - `regulatorKey` ([x, y], required): the regulator's BabyJubJub audit key, a prime-order subgroup point.
 * - `maxDepths` ([model, license, licensee], default: each tree's Merkle depth in circuits/circuits.json).
 */
export default buildModule("Registry", (m) => {
  const { poseidonT3, poseidonT4, poseidonT6 } = m.useModule(PoseidonModule);
  const regulator = m.getParameter("regulator", m.getAccount(0));
  const adminDelay = m.getParameter("adminDelay", 3n * 24n * 3600n);
  const rootWindow = m.getParameter("rootWindow", 3600n);
  const regulatorKey = m.getParameter<[string, string]>("regulatorKey");
  const maxDepths = m.getParameter<bigint[]>("maxDepths", CIRCUIT_DEPTHS);

  const registry = m.contract("Registry", [adminDelay, regulator, rootWindow, regulatorKey, maxDepths], {
    libraries: { PoseidonT3: poseidonT3, PoseidonT4: poseidonT4, PoseidonT6: poseidonT6 },
  });
  return { registry, poseidonT3, poseidonT4, poseidonT6 };
});
