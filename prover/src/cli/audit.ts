// zkprov audit decrypt
import { Command } from "commander";
import fs from "node:fs";
import path from "node:path";
import { openProject, projectDir } from "../chain/project.ts";
import { auditBundleFile } from "../workflows.ts";
import { emit } from "./output.ts";

const hex = (v: bigint): string => "0x" + v.toString(16).padStart(64, "0");

/** The `audit` command group: the regulator's side. */
export function auditCommand(): Command {
  const audit = new Command("audit").description("regulator audit of provenance proofs");
  audit
    .command("decrypt")
    .description("decrypt a provenance bundle's audit record: modelHash, datasetHash, creatorCommit")
    .argument("<bundle>", "provenance proof bundle")
    .requiredOption("--regulator-key <file>", "regulator key file")
    .option("--license <file>", "license entry the record must match (detects a wrong key)")
    .action((bundle: string, o: { regulatorKey: string; license?: string }, cmd: Command) => {
      // Names come from the project's registry metadata when there is a project (--project or the default one).
      const dir = projectDir((cmd.optsWithGlobals() as { project?: string }).project);
      const names = fs.existsSync(path.join(dir, "project.json")) ? openProject(dir).data.names : undefined;
      const { record, matchesLicense } = auditBundleFile(bundle, o.regulatorKey, o.license, names);
      emit(cmd, {
        modelHash: hex(record.modelHash),
        modelName: record.modelName ?? "(unknown: not named in the project's registry metadata)",
        datasetHash: hex(record.datasetHash),
        datasetName: record.datasetName ?? "(unknown: not named in the project's registry metadata)",
        creatorCommit: hex(record.creatorCommit),
        ...(matchesLicense === undefined ? {} : { matchesLicense }),
      });
    });
  return audit;
}
