// zkprov deploy: the Ignition module ignition/modules/Zkprov.ts, addresses recorded in project.json.
import { Command } from "commander";
import { emit } from "./output.ts";
import { chainOptionsOf, projectOf, warnEmbedded } from "./session.ts";

/** The `deploy` command. */
export function deployCommand(): Command {
  return new Command("deploy")
    .description("deploy zkprov (registry, verifiers, gates, vault); the signer becomes the regulator")
    .requiredOption("--regulator-key <file>", "regulator key file: its public key is pinned as the audit key")
    .option("--force", "deploy again although project.json records a deployment on this chain")
    .action(async (o: { regulatorKey: string; force?: boolean }, cmd: Command) => {
      const { deployProject } = await import("../prover/chain/deploy.ts");
      const p = await projectOf(cmd, true);
      const { deployment, embedded } = await deployProject(p, {
        ...chainOptionsOf(cmd),
        regulatorKeyFile: o.regulatorKey,
        force: o.force,
      });
      if (embedded) warnEmbedded();
      emit(cmd, {
        project: p.dir,
        recorded: !embedded,
        rpc: deployment.rpc,
        chainId: deployment.chainId,
        block: deployment.block,
        ...deployment.contracts,
      });
    });
}
