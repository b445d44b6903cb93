// zkprov verify
import { Command } from "commander";
import { VERDICTS } from "../verifier/verdicts.ts";
import { InvalidInputError } from "../core/errors.ts";
import { verifyAssetCommand } from "./c2pa.ts";
import { emit } from "./output.ts";

/**
 * The `verify` command: check a bundle offline, each check by name. Exit 0 only if valid, or, with
 * --no-registry, if the proof verifies and only its registry membership was not checked (no snapshot given).
 */
export function verifyCommand(): Command {
  return new Command("verify")
    .description(
      "verify a proof bundle (or an image with embedded Content Credentials) offline; prints each check; exit 0 only if valid (registry roots checked against --snapshot)",
    )
    .argument("<bundle>", "proof bundle, or a JPEG/PNG with a provenance proof embedded as Content Credentials")
    .option("--vkey <file>", "the pinned verification key (default: the installed build's key of the bundle's circuit)")
    .option("--snapshot <file...>", "registry snapshots whose roots count as known")
    .option("--no-registry", `accept "${VERDICTS.unchecked}" (exit 0) when no snapshot is given: check the proof alone`)
    .option("--regulator-key <file>", "an asset's embedded proof: decrypt its audit record with this regulator key")
    .action(
      async (
        bundle: string,
        o: { vkey?: string; snapshot?: string[]; registry: boolean; regulatorKey?: string },
        cmd: Command,
      ) => {
        // The verifier (snarkjs) and the C2PA code load when the command runs (cli/README.md, fast start).
        const { isC2paAssetFile } = await import("../prover/c2pa/files.ts");
        // A JPEG or PNG carries its bundle as Content Credentials: verified by verifyAssetCommand (c2pa.ts).
        if (isC2paAssetFile(bundle)) return verifyAssetCommand(cmd, bundle, o);
        if (o.regulatorKey)
          throw new InvalidInputError("--regulator-key is for an asset; decrypt a bundle with `zkprov audit decrypt`");
        const { verifyBundleFile } = await import("../prover/workflows.ts");
        const report = await verifyBundleFile(bundle, o.vkey, o.snapshot ?? []);
        const accepted = report.valid || (report.verdict === "unchecked" && !o.registry);
        emit(cmd, { bundle, ...report, verdictText: VERDICTS[report.verdict] }, () => {
          for (const c of report.checks) process.stdout.write(`${c.status.padEnd(7)} ${c.name}: ${c.reason}\n`);
          process.stdout.write(
            report.verdict === "valid"
              ? `valid ${report.circuit} proof\n`
              : report.verdict === "unchecked"
                ? `${VERDICTS.unchecked} (${report.circuit} proof)\n`
                : `INVALID ${report.circuit} proof\n`,
          );
        });
        if (!accepted) {
          process.stderr.write(
            report.verdict === "unchecked"
              ? `zkprov: error: ${bundle}: ${VERDICTS.unchecked}: give the registry snapshots (--snapshot), or --no-registry to check the proof alone\n`
              : `zkprov: error: ${bundle} is not a valid proof bundle (see the failed checks)\n`,
          );
          process.exitCode = 1;
        }
      },
    );
}
