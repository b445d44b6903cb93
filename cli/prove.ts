// zkprov prove provenance | royalty-claim
import { Command } from "commander";
import { InvalidInputError } from "../core/errors.ts";
import { RIGHTS } from "../core/domain.ts";
import { DEFAULT_MAX_ATTESTATION_AGE } from "../core/registry.ts";
import type { Project } from "../prover/chain/project.ts";
import { parseAddress } from "./market.ts";
import { emit, globals, parseBigint, progressBar } from "./output.ts";
import { projectOpener } from "./session.ts";

/**
 * The libraries a prove command uses (snarkjs, ethers and the chain code among them): loaded when it runs, not
 * to build the program (cli/README.md, fast start).
 */
async function libraries() {
  const [files, nodeFiles, bundle, gates, project, workflows, context, codecs] = await Promise.all([
    import("../prover/files.ts"),
    import("../artifacts/files.ts"),
    import("../core/formats/bundle.ts"),
    import("../prover/chain/gates.ts"),
    import("../prover/chain/project.ts"),
    import("../prover/workflows.ts"),
    import("../core/context.ts"),
    import("../core/codecs.ts"),
  ]);
  return { ...files, ...nodeFiles, ...bundle, ...gates, ...project, ...workflows, ...context, ...codecs };
}

/** A proof's context: --context as given, else computed for --to from the project's deployment. */
async function contextOf(
  o: Record<string, string | undefined>,
  project: () => Project,
  compute: (p: Project, to: string) => bigint,
): Promise<bigint> {
  if (o.context !== undefined) {
    if (o.to !== undefined) throw new InvalidInputError("give --to or --context, not both");
    return parseBigint(o.context, "--context");
  }
  if (o.to === undefined)
    throw new InvalidInputError("give --to (the recipient, with a deployed project) or --context");
  return compute(project(), await parseAddress(o.to, "--to"));
}

/** A file option, defaulting to one in the project folder. */
const orProject = (v: string | undefined, project: () => Project, f: (p: Project) => string): string =>
  v ?? f(project());

/** Usage rights by name or mask: "commercial", "commercial,derivatives" or a number. */
function parseUsage(v: string): bigint {
  if (/^[0-9x]/.test(v)) return parseBigint(v, "--usage");
  let mask = 0n;
  for (const name of v.split(",")) {
    const bit = (RIGHTS as Record<string, number>)[name.trim().toUpperCase()];
    if (bit === undefined)
      throw new InvalidInputError(
        `--usage: unknown right ${JSON.stringify(name)} (known: ${Object.keys(RIGHTS).join(", ").toLowerCase()})`,
      );
    mask |= BigInt(bit);
  }
  return mask;
}

/** The `prove` command group. */
export function proveCommand(): Command {
  const prove = new Command("prove").description("generate proofs");
  prove
    .command("provenance")
    .description("prove an asset's provenance; writes a bundle plus proof.json and public.json beside it")
    .requiredOption("--attestation <file>", "attestation file from the model operator")
    .requiredOption("--creator-key <file>", "creator key file")
    .requiredOption("--asset <file>", "the asset")
    .option("--model-tree <file>", "model registry snapshot (default: the project's)")
    .option("--license-tree <file>", "license registry snapshot (default: the project's)")
    .option("--regulator-key-pub <x,y>", "the regulator's public key (default: the project's deployment's)")
    .option("--to <address>", "the mint recipient: the context is computed for the project's mint gate")
    .option("--context <x>", "the proof context (binds chain, gate, recipient, action), instead of --to")
    .option("--now <t>", "the time the proof claims, unix seconds (default: now)")
    .option(
      "--max-attestation-age <s>",
      "the mint gate's maxAttestationAge, seconds (default: the deployment's, else 604800)",
    )
    .option("--required-rights <n>", "rights mask the action requires (default 1, PUBLISH)")
    .option("--chain-id <n>", "chain id recorded in the bundle (default: the deployment's, else 31337)")
    .requiredOption("--out <file>", "bundle file to write")
    .option("--force", "overwrite existing output files")
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      const lib = await libraries();
      const { mintContextFor, proveProvenanceFiles, readJsonFile, requireDeployment, snapshotPath } = lib;
      const { proofOutputFiles, requireWritable, writeProofFiles, DEV_CHAIN_ID } = lib;
      const openProject = await projectOpener(cmd);
      let project: Project | undefined;
      const getProject = () => (project ??= openProject());
      // Numbers first (docs/SECURITY.md F-5): a bad argument is refused before any file is read.
      if (o.context !== undefined) parseBigint(o.context, "--context");
      const now = o.now === undefined ? BigInt(Math.floor(Date.now() / 1000)) : parseBigint(o.now, "--now");
      const maxAttestationAge =
        o.maxAttestationAge !== undefined
          ? parseBigint(o.maxAttestationAge, "--max-attestation-age")
          : o.to !== undefined
            ? BigInt(requireDeployment(getProject()).maxAttestationAge ?? DEFAULT_MAX_ATTESTATION_AGE)
            : DEFAULT_MAX_ATTESTATION_AGE;
      const requiredRights =
        o.requiredRights === undefined ? undefined : parseBigint(o.requiredRights, "--required-rights");
      const reg = (o.regulatorKeyPub ?? requireDeployment(getProject()).regulatorKey.join(",")).split(",");
      if (reg.length !== 2) throw new InvalidInputError("--regulator-key-pub must be two integers x,y");
      const regulatorKey: [bigint, bigint] = [
        parseBigint(reg[0]!, "--regulator-key-pub x"),
        parseBigint(reg[1]!, "--regulator-key-pub y"),
      ];
      const files = proofOutputFiles(o.out!);
      requireWritable([files.bundle, files.proof, files.publicSignals, files.blinding], Boolean(o.force));
      const attested = readJsonFile(o.attestation!, "attestation file") as { fields?: { assetHash?: string } };
      const result = await proveProvenanceFiles({
        attestationFile: o.attestation!,
        creatorKeyFile: o.creatorKey!,
        assetFile: o.asset!,
        modelTreeFile: orProject(o.modelTree, getProject, (p) => snapshotPath(p, "model")),
        licenseTreeFile: orProject(o.licenseTree, getProject, (p) => snapshotPath(p, "license")),
        regulatorKey,
        context: await contextOf(o, getProject, (p, to) =>
          mintContextFor(requireDeployment(p), to, BigInt(attested.fields?.assetHash ?? "0")),
        ),
        now,
        maxAttestationAge,
        requiredRights,
        chainId: chainIdOf(o.chainId, project, DEV_CHAIN_ID),
        onProgress: globals(cmd).json ? undefined : progressBar("proving provenance"),
      });
      writeProofFiles(o.out!, result, { force: Boolean(o.force) });
      emit(cmd, {
        bundle: o.out,
        proof: files.proof,
        publicSignals: files.publicSignals,
        blinding: files.blinding,
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
    .option("--to <address>", "the fresh address to be paid: the context is computed for the project's vault")
    .option("--context <x>", "the proof context (binds chain, vault, recipient, action), instead of --to")
    .option("--chain-id <n>", "chain id recorded in the bundle (default: the deployment's, else 31337)")
    .requiredOption("--out <file>", "bundle file to write")
    .option("--force", "overwrite an existing output file")
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      const lib = await libraries();
      const { claimContextFor, parsePublicSignals, Payee, readBundleFile, readKeyFile, requireDeployment } = lib;
      const { bundleFormat, proveRoyaltyClaimFiles, requireWritable, writeFilesAtomic, DEV_CHAIN_ID } = lib;
      requireWritable([o.out!], Boolean(o.force));
      const openProject = await projectOpener(cmd);
      let project: Project | undefined;
      const getProject = () => (project ??= openProject());
      const context = await contextOf(o, getProject, (p, to) => {
        const kind = readKeyFile(o.key!).kind;
        const bundle = readBundleFile(o.provenance!, "provenance");
        const assetHash = parsePublicSignals("provenance", bundle.publicSignals).assetHash;
        return claimContextFor(
          requireDeployment(p),
          to,
          assetHash,
          kind === "licensor" ? Payee.Licensor : Payee.Creator,
        );
      });
      const result = await proveRoyaltyClaimFiles({
        keyFile: o.key!,
        provenanceBundleFile: o.provenance!,
        blindingFile: o.blinding,
        licenseFile: o.license,
        context,
        chainId: chainIdOf(o.chainId, project, DEV_CHAIN_ID),
        onProgress: globals(cmd).json ? undefined : progressBar("proving royalty claim"),
      });
      writeFilesAtomic([[o.out!, bundleFormat.serialize(result.bundle)]], { force: Boolean(o.force) });
      emit(cmd, { bundle: o.out, tag: result.bundle.signals.tag, nullifier: result.bundle.signals.nullifier });
    });
  prove
    .command("licensee")
    .description("prove the licensee is enrolled, to license a token for a usage; writes a bundle")
    .requiredOption("--key <file>", "licensee key file")
    .requiredOption("--token <id>", "token id (the asset hash)")
    .requiredOption("--usage <rights>", "usage to license: commercial, derivatives, ... (comma-separated) or a mask")
    .option("--licensee-tree <file>", "licensee registry snapshot (default: the project's)")
    .option("--to <address>", "the licensee's account (the sender of `zkprov license`)")
    .option("--context <x>", "the proof context, instead of --to")
    .option("--chain-id <n>", "chain id recorded in the bundle (default: the deployment's, else 31337)")
    .requiredOption("--out <file>", "bundle file to write")
    .option("--force", "overwrite an existing output file")
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      const lib = await libraries();
      const { licenseContextFor, proveLicenseeFiles, requireDeployment, requireWritable, snapshotPath } = lib;
      const { bundleFormat, writeFilesAtomic, DEV_CHAIN_ID } = lib;
      requireWritable([o.out!], Boolean(o.force));
      const openProject = await projectOpener(cmd);
      let project: Project | undefined;
      const getProject = () => (project ??= openProject());
      const tokenId = parseBigint(o.token!, "--token");
      const usageRights = parseUsage(o.usage!);
      const result = await proveLicenseeFiles({
        licenseeKeyFile: o.key!,
        licenseeTreeFile: orProject(o.licenseeTree, getProject, (p) => snapshotPath(p, "licensee")),
        tokenId,
        usageRights,
        context: await contextOf(o, getProject, (p, to) =>
          licenseContextFor(requireDeployment(p), to, tokenId, usageRights),
        ),
        chainId: chainIdOf(o.chainId, project, DEV_CHAIN_ID),
        onProgress: globals(cmd).json ? undefined : progressBar("proving licensee"),
      });
      writeFilesAtomic([[o.out!, bundleFormat.serialize(result.bundle)]], { force: Boolean(o.force) });
      emit(cmd, { bundle: o.out, tokenId, usageRights, nullifier: result.bundle.signals.nullifier });
    });
  return prove;
}

/** --chain-id, else the project's deployment's (when a project was opened), else the dev chain's (31337). */
function chainIdOf(v: string | undefined, project: Project | undefined, devChainId: bigint | number): bigint {
  if (v !== undefined) return parseBigint(v, "--chain-id");
  return BigInt(project?.data.deployment?.chainId ?? devChainId);
}
