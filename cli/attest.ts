// zkprov attest
import { Command } from "commander";
import { emit, parseBigint } from "./output.ts";

// The libraries load when the command runs, not to build the program (cli/README.md, fast start).
const files = () => import("../artifacts/files.ts");
const attestation = () => import("../core/formats/attestation.ts");
const workflows = () => import("../prover/workflows.ts");

/** The `attest` command: the model operator signs an asset. */
export function attestCommand(): Command {
  return new Command("attest")
    .description("sign an attestation that the model produced an asset for a creator")
    .requiredOption("--model-key <file>", "model key file")
    .requiredOption("--asset <file>", "the generated asset")
    .requiredOption("--model-hash <x>", "the model's registered hash")
    .option("--model-rights <n>", "the model's registered rights mask (default: the license's rights)")
    .requiredOption("--license <file>", "license entry JSON the model is trained under")
    .requiredOption("--creator-commit <x>", "the creator's identity commitment")
    .option("--generated-at <t>", "generation time, unix seconds (default: now)")
    .requiredOption("--out <file>", "attestation file to write")
    .option("--force", "overwrite an existing output file")
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      const [{ requireWritable, writeFilesAtomic }, { attestationFormat }, { attestFiles }] = await Promise.all([
        files(),
        attestation(),
        workflows(),
      ]);
      requireWritable([o.out!], Boolean(o.force));
      const att = await attestFiles({
        modelKeyFile: o.modelKey!,
        assetFile: o.asset!,
        modelHash: parseBigint(o.modelHash!, "--model-hash"),
        modelRights: o.modelRights === undefined ? undefined : parseBigint(o.modelRights, "--model-rights"),
        licenseFile: o.license!,
        creatorCommit: parseBigint(o.creatorCommit!, "--creator-commit"),
        generatedAt:
          o.generatedAt === undefined
            ? BigInt(Math.floor(Date.now() / 1000))
            : parseBigint(o.generatedAt, "--generated-at"),
      });
      writeFilesAtomic([[o.out!, attestationFormat.serialize(att)]], { force: Boolean(o.force) });
      emit(cmd, { file: o.out, assetHash: att.attestation.fields.assetHash, message: att.attestation.message });
    });
}
