// zkprov entry point: run the program, turn any error into one line on stderr and exit code 1.
import { CommanderError } from "commander";
import { buildProgram } from "./program.ts";
import { reportError } from "./output.ts";

const verbose = process.argv.includes("--verbose");
try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode;
  else process.exitCode = reportError(e, verbose);
}
