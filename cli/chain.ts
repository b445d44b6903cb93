// zkprov chain start | stop | status: the session chain (a `hardhat node` on loopback) recorded in the project.
import { Command } from "commander";
import { InvalidInputError } from "../core/errors.ts";
import { emit } from "./output.ts";
import { projectOf } from "./session.ts";

// The chain code loads when a chain command runs, not to build the program (cli/README.md, fast start).
const node = () => import("../prover/chain/node.ts");

/** The `chain` command group. */
export function chainCommand(): Command {
  const chain = new Command("chain").description("the local session chain (hardhat node) of the project");
  chain
    .command("start")
    .description("start a hardhat node on 127.0.0.1 (detached); records pid, url and log in project.json")
    .option("--port <n>", "port to listen on", "8545")
    .action(async (o: { port: string }, cmd: Command) => {
      if (!/^[0-9]+$/.test(o.port)) throw new InvalidInputError(`--port must be a number, got ${o.port}`);
      const { startNode } = await node();
      const p = await projectOf(cmd, true);
      const started = await startNode(p, { port: Number(o.port) });
      emit(cmd, { project: p.dir, ...started });
    });
  chain
    .command("stop")
    .description("stop the project's hardhat node (its chain state, and the deployment on it, are gone)")
    .action(async (_o: unknown, cmd: Command) => {
      const { stopNode } = await node();
      const p = await projectOf(cmd);
      const r = await stopNode(p);
      emit(cmd, { project: p.dir, stopped: r.pid, wasRunning: r.wasRunning });
    });
  chain
    .command("status")
    .description("whether the project's hardhat node is running")
    .action(async (_o: unknown, cmd: Command) => {
      const { nodeStatus } = await node();
      const p = await projectOf(cmd);
      const s = await nodeStatus(p);
      emit(cmd, { project: p.dir, ...s, deployment: p.data.deployment?.contracts.registry ?? "none" });
    });
  return chain;
}
