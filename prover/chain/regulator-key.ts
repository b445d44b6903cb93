// The regulator pins a new audit key on the registry (setRegulatorKey): a rotation, e.g. to an audit
// committee's joint key. Mints encrypt to the new key from the next block on; records minted before stay
// encrypted to the old key (its holder, or the old committee, still decrypts them).
import { pointToJson } from "../../verifier/committee/group.ts";
import type { ChainOptions } from "./connect.ts";
import { saveProject, type Project } from "./project.ts";
import { mined, withDeployment, type Mined } from "./session.ts";

/**
 * Pin `key` as the registry's regulator key (signer: the regulator), and record it in project.json so that
 * proofs made from this project encrypt to it.
 *
 * @throws {ContractRevertError} `RegistryInvalidRegulatorKey` for a point outside the subgroup, or
 * `AccessControlUnauthorizedAccount` if the signer is not the regulator.
 * @example await pinRegulatorKey(project, { account: 0 }, jointKey)
 */
export async function pinRegulatorKey(p: Project, o: ChainOptions, key: [bigint, bigint]): Promise<Mined> {
  const tx = await withDeployment(p, o, "pin the regulator key", async ({ contracts }) =>
    mined(await contracts.registry.getFunction("setRegulatorKey")(key[0], key[1])),
  );
  p.data.deployment!.regulatorKey = pointToJson(key);
  saveProject(p);
  return tx;
}
