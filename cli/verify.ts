// zkprov verify
import { Command } from "commander";
import { verifyBundleFile } from "../prover/workflows.ts";
import { emit } from "./output.ts";

/** The `verify` command: check a bundle offline, each check by name. Exit 0 only if valid. */
export function verifyCommand(): Command {
  return new Command("verify")
    .description("verify a proof bundle offline; prints each check; exit 0 only if valid")
    .argument("<bundle>", "proof bundle")
    .option("--vkey <file>", "the pinned verification key (default: the installed build's key of the bundle's circuit)")
    .option("--snapshot <file...>", "registry snapshots whose roots count as known")
    .action(async (bundle: string, o: { vkey?: string; snapshot?: string[] }, cmd: Command) => {
      const report = await verifyBundleFile(bundle, o.vkey, o.snapshot ?? []);
      emit(cmd, { bundle, ...report }, () => {
        for (const c of report.checks) process.stdout.write(`${c.status.padEnd(7)} ${c.name}: ${c.reason}\n`);
        process.stdout.write(report.valid ? `valid ${report.circuit} proof\n` : `INVALID ${report.circuit} proof\n`);
      });
      if (!report.valid) {
        process.stderr.write(`zkprov: error: ${bundle} is not a valid proof bundle (see the failed checks)\n`);
        process.exitCode = 1;
      }
    });
}
