// zkprov verify
import { Command } from "commander";
import { InvalidInputError } from "../../../verifier/src/errors.ts";
import { isC2paAssetFile } from "../c2pa/files.ts";
import { verifyBundleFile } from "../workflows.ts";
import { verifyAssetCommand } from "./c2pa.ts";
import { emit } from "./output.ts";

/** The `verify` command: check a bundle offline, each check by name. Exit 0 only if valid. */
export function verifyCommand(): Command {
  return new Command("verify")
    .description("verify a proof bundle offline; prints each check; exit 0 only if valid")
    .argument("<bundle>", "proof bundle, or a JPEG/PNG with a provenance proof embedded as Content Credentials")
    .option("--vkey <file>", "the pinned verification key (default: the installed build's key of the bundle's circuit)")
    .option("--snapshot <file...>", "registry snapshots whose roots count as known")
    .option("--regulator-key <file>", "an asset's embedded proof: decrypt its audit record with this regulator key")
    .action(async (bundle: string, o: { vkey?: string; snapshot?: string[]; regulatorKey?: string }, cmd: Command) => {
      // A JPEG or PNG carries its bundle as Content Credentials: verified by verifyAssetCommand (c2pa.ts).
      if (isC2paAssetFile(bundle)) return verifyAssetCommand(cmd, bundle, o);
      if (o.regulatorKey)
        throw new InvalidInputError("--regulator-key is for an asset; decrypt a bundle with `zkprov audit decrypt`");
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
