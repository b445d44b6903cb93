// The zkprov commander program: command groups only; every command is one call into the libraries.
// Building it loads only commander and the command definitions: each command loads its libraries (snarkjs,
// ethers, Hardhat, fastify, C2PA) when it runs, so --version, --help and `keys show` start fast (cli/README.md).
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { REPO_ROOT } from "../artifacts/root.ts";
import { attestCommand } from "./attest.ts";
import { auditCommand } from "./audit.ts";
import { c2paCommand } from "./c2pa.ts";
import { chainCommand } from "./chain.ts";
import { committeeCommand } from "./committee.ts";
import { deployCommand } from "./deploy.ts";
import { currencyCommand, licenseCommand, mintCommand, royaltyCommand } from "./market.ts";
import { registryCommand } from "./registry.ts";
import { setupCommand } from "./setup.ts";
import { sharesCommand, termsCommand } from "./terms.ts";
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
    .version(packageVersion(), "--version", "print the zkprov version")
    .option("--json", "print one JSON object on stdout")
    .option("--verbose", "print stack traces on errors")
    .option("--project <dir>", "project folder (default: $ZKPROV_PROJECT, else ./zkprov-project)")
    .option("--rpc <url>", "JSON-RPC URL of the chain (default: the project's; else an embedded in-process chain)")
    .option("--account <n>", "sign with Hardhat default account n (local dev chain only; default 0)")
    .option("--account-key-file <file>", "sign with this account key file (`zkprov keys new account`)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const c of [
    keysCommand(),
    chainCommand(),
    deployCommand(),
    registryCommand(),
    attestCommand(),
    proveCommand(),
    mintCommand(),
    licenseCommand(),
    royaltyCommand(),
    currencyCommand(),
    termsCommand(),
    sharesCommand(),
    verifyCommand(),
    c2paCommand(),
    auditCommand(),
    committeeCommand(),
    setupCommand(),
  ]) {
    program.addCommand(c);
  }
  for (const c of serviceCommands()) program.addCommand(c);
  return program;
}

/** The version in the repository's package.json. */
function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
}
