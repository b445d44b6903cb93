import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import circuits from "../../circuits/circuits.json" with { type: "json" };
import PoseidonModule from "./Poseidon.ts";

/** The registries may not outgrow the shallowest Merkle path a circuit takes (one definition: circuits.json). */
const CIRCUIT_DEPTH = Math.min(
  circuits.instances.provenance.params.MODEL_DEPTH,
  circuits.instances.provenance.params.LICENSE_DEPTH,
  circuits.instances.licensee.params.DEPTH,
);

/**
 * The model, license and licensee registry, with the Poseidon libraries linked.
 *
 * Parameters (module "Registry"):
 * - `regulator` (address, default: the deploying account): default admin; grants the curator, licensor and KYC roles.
 * - `adminDelay` (seconds, default 3 days): delay of a two-step regulator handover.
 * - `rootWindow` (seconds, default 1 hour): how long a replaced root stays known.
 * - `regulatorKey` ([x, y], required): the regulator's BabyJubJub audit key, a prime-order subgroup point.
 * - `maxDepth` (default: the circuits' Merkle depth from circuits/circuits.json).
 */
export default buildModule("Registry", (m) => {
  const { poseidonT3, poseidonT4, poseidonT6 } = m.useModule(PoseidonModule);
  const regulator = m.getParameter("regulator", m.getAccount(0));
  const adminDelay = m.getParameter("adminDelay", 3n * 24n * 3600n);
  const rootWindow = m.getParameter("rootWindow", 3600n);
  const regulatorKey = m.getParameter<[string, string]>("regulatorKey");
  const maxDepth = m.getParameter("maxDepth", BigInt(CIRCUIT_DEPTH));

  const registry = m.contract("Registry", [adminDelay, regulator, rootWindow, regulatorKey, maxDepth], {
    libraries: { PoseidonT3: poseidonT3, PoseidonT4: poseidonT4, PoseidonT6: poseidonT6 },
  });
  return { registry, poseidonT3, poseidonT4, poseidonT6 };
});
