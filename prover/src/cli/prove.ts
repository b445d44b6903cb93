// zkprov prove provenance | royalty-claim
import path from "node:path";
import { Command } from "commander";
import { InvalidInputError } from "../../../verifier/src/errors.ts";
import { requireWritable, writeFilesAtomic } from "../files.ts";
import { proveProvenanceFiles, proveRoyaltyClaimFiles } from "../workflows.ts";
import { emit, globals, parseBigint, progressBar } from "./output.ts";

const json = (v: unknown): string => JSON.stringify(v, null, 2) + "\n";

/** The `prove` command group. */
export function proveCommand(): Command {
  const prove = new Command("prove").description("generate proofs");
  prove
    .command("provenance")
    .description("prove an asset's provenance; writes a bundle plus proof.json and public.json beside it")
    .requiredOption("--attestation <file>", "attestation file from the model operator")
    .requiredOption("--creator-key <file>", "creator key file")
    .requiredOption("--asset <file>", "the asset")
    .requiredOption("--model-tree <file>", "model registry snapshot")
    .requiredOption("--license-tree <file>", "license registry snapshot")
    .requiredOption("--regulator-key-pub <x,y>", "the regulator's public key")
    .requiredOption("--context <x>", "the proof context (binds chain, gate, recipient, action)")
    .requiredOption("--now <t>", "the time the proof claims, unix seconds")
    .option("--required-rights <n>", "rights mask the action requires (default 1, PUBLISH)")
    .option("--chain-id <n>", "chain id recorded in the bundle", "31337")
    .requiredOption("--out <file>", "bundle file to write")
    .option("--force", "overwrite existing output files")
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      const reg = o.regulatorKeyPub!.split(",");
      if (reg.length !== 2) throw new InvalidInputError("--regulator-key-pub must be two integers x,y");
      const dir = path.dirname(o.out!);
      const blindingFile = `${o.out!.replace(/\.json$/, "")}.blinding.json`;
      const outputs = [o.out!, path.join(dir, "proof.json"), path.join(dir, "public.json"), blindingFile];
      requireWritable(outputs, Boolean(o.force));
      const result = await proveProvenanceFiles({
        attestationFile: o.attestation!,
        creatorKeyFile: o.creatorKey!,
        assetFile: o.asset!,
        modelTreeFile: o.modelTree!,
        licenseTreeFile: o.licenseTree!,
        regulatorKey: [parseBigint(reg[0]!, "--regulator-key-pub x"), parseBigint(reg[1]!, "--regulator-key-pub y")],
        context: parseBigint(o.context!, "--context"),
        now: parseBigint(o.now!, "--now"),
        requiredRights: o.requiredRights === undefined ? undefined : parseBigint(o.requiredRights, "--required-rights"),
        chainId: parseBigint(o.chainId!, "--chain-id"),
        onProgress: globals(cmd).json ? undefined : progressBar("proving provenance"),
      });
      writeFilesAtomic(
        [
          [o.out!, json(result.bundle)],
          [path.join(dir, "proof.json"), json(result.proof)],
          [path.join(dir, "public.json"), json(result.publicSignals)],
          [blindingFile, json({ creatorBlinding: result.creatorBlinding.toString() }), 0o600],
        ],
        { force: Boolean(o.force) },
      );
      emit(cmd, {
        bundle: o.out,
        proof: path.join(dir, "proof.json"),
        publicSignals: path.join(dir, "public.json"),
        blinding: blindingFile,
        assetHash: result.bundle.assetHash,
        creatorTag: result.bundle.signals.creatorTag,
      });
    });
  prove
    .command("royalty-claim")
    .description("prove a creator or licensor may claim an asset's royalties; writes a bundle")
    .requiredOption("--key <file>", "creator or licensor key file")
    .requiredOption("--provenance <file>", "the asset's provenance bundle")
    .option("--blinding <file>", "creator: the blinding file written beside the provenance bundle")
    .option("--license <file>", "licensor: the license entry file")
    .requiredOption("--context <x>", "the proof context (binds chain, vault, recipient, action)")
    .option("--chain-id <n>", "chain id recorded in the bundle", "31337")
    .requiredOption("--out <file>", "bundle file to write")
    .option("--force", "overwrite an existing output file")
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      requireWritable([o.out!], Boolean(o.force));
      const result = await proveRoyaltyClaimFiles({
        keyFile: o.key!,
        provenanceBundleFile: o.provenance!,
        blindingFile: o.blinding,
        licenseFile: o.license,
        context: parseBigint(o.context!, "--context"),
        chainId: parseBigint(o.chainId!, "--chain-id"),
        onProgress: globals(cmd).json ? undefined : progressBar("proving royalty claim"),
      });
      writeFilesAtomic([[o.out!, json(result.bundle)]], { force: Boolean(o.force) });
      emit(cmd, { bundle: o.out, tag: result.bundle.signals.tag, nullifier: result.bundle.signals.nullifier });
    });
  return prove;
}
