// npm run serve -- [options]: the same as `zkprov serve`.
import { CommanderError } from "commander";
import { serveCommand } from "../../prover/src/cli/serve.ts";
import { reportError } from "../../prover/src/cli/output.ts";

try {
  await serveCommand().parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode;
  else process.exitCode = reportError(e, process.argv.includes("--verbose"));
}
