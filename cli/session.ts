// The options every chain command shares (--project, --rpc, --account, --account-key-file), read once here.
import type { Command } from "commander";
import { InvalidInputError } from "../core/errors.ts";
import type { ChainOptions } from "../prover/chain/connect.ts";
import type { Project } from "../prover/chain/project.ts";

interface ChainGlobals {
  project?: string;
  rpc?: string;
  account?: string;
  accountKeyFile?: string;
}

/**
 * A function opening the project folder of a command (--project, $ZKPROV_PROJECT, ./zkprov-project; created if
 * `create`), once the project code has loaded: for a command that opens the project only if an option needs it.
 */
export async function projectOpener(cmd: Command, create = false): Promise<() => Project> {
  const { openProject, projectDir } = await import("../prover/chain/project.ts");
  return () => openProject(projectDir((cmd.optsWithGlobals() as ChainGlobals).project), { create });
}

/** The project folder of a command (--project, $ZKPROV_PROJECT, ./zkprov-project); created if `create`. */
export async function projectOf(cmd: Command, create = false): Promise<Project> {
  return (await projectOpener(cmd, create))();
}

/** The chain and signer options of a command. */
export function chainOptionsOf(cmd: Command): ChainOptions {
  const g = cmd.optsWithGlobals() as ChainGlobals;
  if (g.account !== undefined && g.accountKeyFile !== undefined)
    throw new InvalidInputError("give either --account or --account-key-file, not both");
  let account: number | undefined;
  if (g.account !== undefined) {
    if (!/^[0-9]+$/.test(g.account))
      throw new InvalidInputError(`--account must be an index (0, 1, ...), got ${g.account}`);
    account = Number(g.account);
  }
  return { rpc: g.rpc, account, accountKeyFile: g.accountKeyFile };
}

/** Say on stderr (never in --json output) that an embedded chain's state ends with the command. */
export function warnEmbedded(): void {
  process.stderr.write(
    "zkprov: warning: this ran on an embedded in-process chain: its state is gone now that the command ends; " +
      "for a chain that lasts across commands run `zkprov chain start` (or pass --rpc URL)\n",
  );
}
