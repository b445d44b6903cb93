// zkprov audit decrypt
import { Command } from "commander";
import fs from "node:fs";
import path from "node:path";
import { emit } from "./output.ts";
import { auditScanCommands } from "./audit-scan.ts";

const hex = (v: bigint): string => "0x" + v.toString(16).padStart(64, "0");

/** The `audit` command group: the regulator's side. */
export function auditCommand(): Command {
  const audit = new Command("audit").description("regulator audit of provenance proofs");
  audit
    .command("decrypt")
    .description(
      "decrypt a provenance bundle's audit record: modelHash, datasetHash, creatorCommit, and the model and license registry entries (leaves) the proof used",
    )
    .argument("<bundle>", "provenance proof bundle")
    .requiredOption("--regulator-key <file>", "regulator key file")
    .option("--license <file>", "license entry the record must match (detects a wrong key)")
    .action(async (bundle: string, o: { regulatorKey: string; license?: string }, cmd: Command) => {
      // The project and audit code load when the command runs (cli/README.md, fast start).
      const [{ openProject, projectDir }, { auditBundleFile }] = await Promise.all([
        import("../prover/chain/project.ts"),
        import("../prover/workflows.ts"),
      ]);
      // Names come from the project's registry metadata when there is a project (--project or the default one).
      const dir = projectDir((cmd.optsWithGlobals() as { project?: string }).project);
      const names = fs.existsSync(path.join(dir, "project.json")) ? openProject(dir).data.names : undefined;
      const { record, matchesLicense } = auditBundleFile(bundle, o.regulatorKey, o.license, names);
      // Names appear only when the registry metadata knows the hash (a wrong key gives hashes nobody named).
      const data = {
        modelHash: hex(record.modelHash),
        ...(record.modelName === undefined ? {} : { modelName: record.modelName }),
        datasetHash: hex(record.datasetHash),
        ...(record.datasetName === undefined ? {} : { datasetName: record.datasetName }),
        creatorCommit: hex(record.creatorCommit),
        modelLeaf: hex(record.modelLeaf),
        licenseLeaf: hex(record.licenseLeaf),
        ...(matchesLicense === undefined ? {} : { matchesLicense }),
      };
      emit(cmd, data, () => {
        const unnamed = "(not named in the project's registry metadata)";
        process.stdout.write(
          `model: ${record.modelName ?? unnamed} ${data.modelHash}\n` +
            `dataset: ${record.datasetName ?? unnamed} ${data.datasetHash}\n` +
            `creatorCommit: ${data.creatorCommit}\n` +
            `model entry (leaf): ${data.modelLeaf}\n` +
            `license entry (leaf): ${data.licenseLeaf}\n` +
            (matchesLicense === undefined ? "" : `matchesLicense: ${matchesLicense}\n`),
        );
      });
    });
  for (const c of auditScanCommands()) audit.addCommand(c);
  return audit;
}
