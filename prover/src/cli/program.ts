// The zkprov commander program: command groups only; every command is one call into the libraries.
import { Command } from "commander";
import { attestCommand } from "./attest.ts";
import { auditCommand } from "./audit.ts";
import { keysCommand } from "./keys.ts";
import { proveCommand } from "./prove.ts";
import { serviceCommands } from "./serve.ts";
import { verifyCommand } from "./verify.ts";

/**
 * The zkprov command-line program.
 *
 * @example await buildProgram().parseAsync(process.argv)
 */
export function buildProgram(): Command {
  const program = new Command("zkprov")
    .description("zero-knowledge provenance for AI-generated assets")
    .option("--json", "print one JSON object on stdout")
    .option("--verbose", "print stack traces on errors")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const c of [keysCommand(), attestCommand(), proveCommand(), verifyCommand(), auditCommand()]) {
    program.addCommand(c);
  }
  for (const c of serviceCommands()) program.addCommand(c);
  return program;
}
