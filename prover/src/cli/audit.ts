// zkprov audit decrypt
import { Command } from "commander";
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
      const { record, matchesLicense } = auditBundleFile(bundle, o.regulatorKey, o.license);
      emit(cmd, {
        modelHash: hex(record.modelHash),
        datasetHash: hex(record.datasetHash),
        creatorCommit: hex(record.creatorCommit),
        ...(matchesLicense === undefined ? {} : { matchesLicense }),
      });
    });
  return audit;
}
