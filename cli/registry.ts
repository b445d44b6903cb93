// zkprov registry grant-role | add-model | add-license | add-licensee | retire | compromise (alias revoke) | snapshot
import fs from "node:fs";
import { Argument, Command } from "commander";
import { InvalidInputError } from "../core/errors.ts";
import { REGISTRY_ROLES, type RegistryRole } from "../prover/chain/roles.ts";
import { emit, parseBigint } from "./output.ts";
import { chainOptionsOf, projectOf } from "./session.ts";

// The registry code (ethers) and the file code load when a command runs, not to build the program
// (cli/README.md, fast start).
const registryLib = () => import("../prover/chain/registry.ts");
const files = () => import("../artifacts/files.ts");
const license = () => import("../core/formats/license.ts");

/** A hash given directly (--x-hash) or as the document it hashes (--x-file). */
async function hashOption(direct: string | undefined, file: string | undefined, name: string): Promise<bigint> {
  if ((direct === undefined) === (file === undefined))
    throw new InvalidInputError(`give exactly one of --${name}-hash and --${name}-file`);
  if (direct !== undefined) return parseBigint(direct, `--${name}-hash`);
  const [{ documentHashOf }, { errnoText }] = await Promise.all([import("../core/asset.ts"), files()]);
  try {
    return documentHashOf(fs.readFileSync(file!));
  } catch (cause) {
    throw new InvalidInputError(`cannot read ${name} file ${file}: ${errnoText(cause)}`, { cause });
  }
}

/** The `registry` command group. */
export function registryCommand(): Command {
  const registry = new Command("registry").description("the on-chain model, license and licensee registries");
  registry
    .command("grant-role")
    .description("regulator: grant a registry role to an account")
    .addArgument(new Argument("<role>", "role").choices(Object.keys(REGISTRY_ROLES)))
    .requiredOption("--to <address>", "the account")
    .action(async (role: RegistryRole, o: { to: string }, cmd: Command) => {
      const { grantRole } = await registryLib();
      const tx = await grantRole(await projectOf(cmd), chainOptionsOf(cmd), role, o.to);
      emit(cmd, { role, to: o.to, transaction: tx.hash, gas: tx.gas });
    });
  registry
    .command("add-model")
    .description("curator: register a model (public key from the model key file, hash, rights)")
    .requiredOption("--model-key <file>", "model key file (only its public key is sent)")
    .option("--model-hash <x>", "the model's hash")
    .option("--model-file <file>", "model card or weights digest file to hash instead")
    .requiredOption("--rights <n>", "the model's rights mask (bit 0 PUBLISH, 1 COMMERCIAL, 2 DERIVATIVES, ...)")
    .option("--name <name>", "a name kept in project.json to name audit records")
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      const { addModel } = await registryLib();
      const p = await projectOf(cmd);
      const modelHash = await hashOption(o.modelHash, o.modelFile, "model");
      const tx = await addModel(p, chainOptionsOf(cmd), {
        modelKeyFile: o.modelKey!,
        modelHash,
        rights: parseBigint(o.rights!, "--rights"),
        name: o.name,
      });
      emit(cmd, {
        modelHash,
        leaf: tx.leaf,
        validFrom: tx.entry.validFrom,
        transaction: tx.hash,
        gas: tx.gas,
      });
    });
  registry
    .command("add-license")
    .description("licensor: register a dataset license for a model; writes the license entry file (0600)")
    .requiredOption("--licensor-key <file>", "licensor key file")
    .option("--dataset-hash <x>", "the dataset's hash")
    .option("--dataset-file <file>", "dataset manifest file to hash instead")
    .requiredOption("--model-hash <x>", "the hash of the model the dataset may train")
    .requiredOption("--rights <n>", "the rights mask the license grants")
    .option("--start <t>", "start, unix seconds, not before the registration (default: the registration's block time)")
    .option("--expiry <t>", "expiry, unix seconds")
    .option("--days <n>", "expiry in days from now (default 365)")
    .requiredOption("--royalty-bps <n>", "the licensor's royalty share, basis points")
    .option("--name <name>", "a name kept in project.json to name audit records")
    .requiredOption("--out <file>", "license entry file to write (hand it to the model operator)")
    .option("--force", "overwrite an existing license file")
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      if (o.expiry !== undefined && o.days !== undefined)
        throw new InvalidInputError("give --expiry or --days, not both");
      const [{ addLicense }, { requireWritable, writeFilesAtomic }, { licenseFormat }] = await Promise.all([
        registryLib(),
        files(),
        license(),
      ]);
      // Before the transaction: a license registered on chain whose file cannot be written would be lost.
      requireWritable([o.out!], Boolean(o.force));
      const expiry =
        o.expiry !== undefined
          ? parseBigint(o.expiry, "--expiry")
          : BigInt(Math.floor(Date.now() / 1000)) + parseBigint(o.days ?? "365", "--days") * 86_400n;
      const r = await addLicense(await projectOf(cmd), chainOptionsOf(cmd), {
        licensorKeyFile: o.licensorKey!,
        datasetHash: await hashOption(o.datasetHash, o.datasetFile, "dataset"),
        modelHash: parseBigint(o.modelHash!, "--model-hash"),
        rights: parseBigint(o.rights!, "--rights"),
        start: o.start === undefined ? undefined : parseBigint(o.start, "--start"),
        expiry,
        royaltyBps: parseBigint(o.royaltyBps!, "--royalty-bps"),
        name: o.name,
      });
      writeFilesAtomic([[o.out!, licenseFormat.serialize(r.license), 0o600]], {
        force: Boolean(o.force),
      });
      emit(cmd, {
        license: o.out,
        leaf: r.leaf,
        datasetHash: r.license.datasetHash,
        start: r.license.start,
        expiry,
        transaction: r.hash,
        gas: r.gas,
      });
    });
  registry
    .command("add-licensee")
    .description("KYC provider: enroll a licensee by its identity commitment")
    .option("--commitment <x>", "the licensee's identity commitment (`zkprov keys show`)")
    .option("--licensee-key <file>", "or the licensee key file itself")
    .action(async (o: { commitment?: string; licenseeKey?: string }, cmd: Command) => {
      if ((o.commitment === undefined) === (o.licenseeKey === undefined))
        throw new InvalidInputError("give exactly one of --commitment and --licensee-key");
      const { addLicensee, licenseeCommitment } = await registryLib();
      const commitment = o.commitment ? parseBigint(o.commitment, "--commitment") : licenseeCommitment(o.licenseeKey!);
      const tx = await addLicensee(await projectOf(cmd), chainOptionsOf(cmd), commitment);
      emit(cmd, { commitment, leaf: tx.leaf, transaction: tx.hash, gas: tx.gas });
    });
  registry
    .command("retire")
    .description(
      "curator: retire a model (a planned end): its entry is closed at this block's time; assets generated before " +
        "stay provable and mintable (for the mint gate's maxAttestationAge), later attestations are refused",
    )
    .requiredOption("--model-hash <x>", "the hash of the live model to retire")
    .action(async (o: { modelHash: string }, cmd: Command) => {
      const { retireModel } = await registryLib();
      const r = await retireModel(await projectOf(cmd), chainOptionsOf(cmd), parseBigint(o.modelHash, "--model-hash"));
      emit(cmd, {
        modelHash: r.entry.modelHash,
        oldLeaf: r.oldLeaf,
        leaf: r.leaf,
        validFrom: r.entry.validFrom,
        retiredAt: r.entry.validUntil,
        transaction: r.hash,
        gas: r.gas,
      });
    });
  registry
    .command("compromise")
    .alias("revoke")
    .description(
      "remove a compromised registry entry (key leaked, model withdrawn, KYC withdrawn; by the role that manages " +
        "its tree): every earlier root of that tree stops being accepted at once, so proofs in flight must be made again",
    )
    .addArgument(new Argument("<tree>", "registry tree").choices(["model", "license", "licensee"]))
    .requiredOption("--leaf <x>", "the leaf to remove")
    .action(async (tree: "model" | "license" | "licensee", o: { leaf: string }, cmd: Command) => {
      const { compromiseLeaf } = await registryLib();
      const tx = await compromiseLeaf(await projectOf(cmd), chainOptionsOf(cmd), tree, parseBigint(o.leaf, "--leaf"));
      emit(cmd, { tree, leaf: o.leaf, compromised: true, transaction: tx.hash, gas: tx.gas });
    });
  registry
    .command("snapshot")
    .description("rebuild the registry trees from chain events; write registry/{model,license,licensee}.json")
    .action(async (_o: unknown, cmd: Command) => {
      const { snapshotRegistry } = await registryLib();
      const snaps = await snapshotRegistry(await projectOf(cmd), chainOptionsOf(cmd));
      emit(
        cmd,
        { snapshots: snaps.map((s) => ({ tree: s.tree, file: s.file, root: s.root.toString(), size: s.size })) },
        () => {
          for (const s of snaps) process.stdout.write(`${s.tree}: ${s.size} leaves, root ${s.root} -> ${s.file}\n`);
        },
      );
    });
  return registry;
}
