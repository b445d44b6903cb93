// The project folder: the state that must survive between CLI commands, in files the user can read.
//   project.json   chain (rpc url or "embedded", chain id, the node the CLI started), deployment addresses and
//                  block, and the names given to registered models and datasets
//   keys/          key files (0600, written atomically, never overwritten without --force)
//   registry/      registry snapshots (model.json, license.json, licensee.json) the prover reads
//   bundles/       proof bundles
// Every file has one zod schema; every write is atomic (temporary file + rename).
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { formatIssues, InvalidInputError } from "../../core/errors.ts";
import { readJsonFile, writeFilesAtomic, type SnapshotTree } from "../files.ts";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address");
const uint = z.string().regex(/^(0|[1-9][0-9]*)$/, "a decimal integer");

/** The `hardhat node` a project started with `zkprov chain start`. */
export const nodeRecordSchema = z.object({
  pid: z.number().int().positive(),
  url: z.string().url(),
  port: z.number().int().positive(),
  log: z.string(),
  startedAt: z.string(),
});

/** The project.json schema. */
export const projectFileSchema = z.object({
  format: z.literal("zkprov-project"),
  version: z.literal(1),
  chain: z
    .object({
      /** JSON-RPC URL, or "embedded" (the in-process chain: nothing on it survives the command). */
      rpc: z.string(),
      chainId: uint.optional(),
      node: nodeRecordSchema.optional(),
    })
    .optional(),
  deployment: z
    .object({
      rpc: z.string(),
      chainId: uint,
      block: z.number().int().nonnegative(),
      deployedAt: z.string(),
      contracts: z.object({
        registry: address,
        mintGate: address,
        licenseGate: address,
        royaltyVault: address,
        provenanceVerifier: address,
        royaltyClaimVerifier: address,
        licenseeVerifier: address,
        poseidonT3: address,
        poseidonT4: address.optional(),
        poseidonT6: address,
        /** The development stablecoin (zUSD), on the development chain only. */
        devStablecoin: address.optional(),
      }),
      regulatorKey: z.tuple([uint, uint]),
      /** The mint gate's maxAttestationAge at deployment (proofs are made for it). */
      maxAttestationAge: uint.optional(),
    })
    .optional(),
  /** Names for registry metadata hashes (decimal strings), used to name decrypted audit records. */
  names: z
    .object({
      models: z.record(uint, z.string().min(1).max(200)).default({}),
      datasets: z.record(uint, z.string().min(1).max(200)).default({}),
    })
    .default({}),
});

/** A parsed project.json. */
export type ProjectFile = z.infer<typeof projectFileSchema>;
/** The deployment recorded in a project. */
export type Deployment = NonNullable<ProjectFile["deployment"]>;

/** A project folder and its paths. */
export interface Project {
  dir: string;
  file: string;
  keysDir: string;
  registryDir: string;
  bundlesDir: string;
  ignitionDir: string;
  data: ProjectFile;
}

/**
 * The project folder: `explicit`, else $ZKPROV_PROJECT, else ./zkprov-project.
 *
 * @example projectDir(undefined) // "/home/me/zkprov-project"
 */
export function projectDir(explicit?: string): string {
  return path.resolve(explicit ?? process.env.ZKPROV_PROJECT ?? "zkprov-project");
}

/**
 * Open a project folder, creating it (and keys/, registry/, bundles/) if `create` and it does not exist.
 *
 * @throws {InvalidInputError} if the folder or its project.json is missing (without `create`) or malformed.
 * @example const project = openProject("zkprov-project", { create: true })
 */
export function openProject(dir: string, o: { create?: boolean } = {}): Project {
  const p: Project = {
    dir,
    file: path.join(dir, "project.json"),
    keysDir: path.join(dir, "keys"),
    registryDir: path.join(dir, "registry"),
    bundlesDir: path.join(dir, "bundles"),
    ignitionDir: path.join(dir, "ignition"),
    data: { format: "zkprov-project", version: 1, names: { models: {}, datasets: {} } },
  };
  if (!fs.existsSync(p.file)) {
    if (!o.create)
      throw new InvalidInputError(
        `no zkprov project in ${dir} (no project.json): run \`zkprov chain start\` or \`zkprov deploy\` first, or pass --project`,
      );
    for (const d of [dir, p.keysDir, p.registryDir, p.bundlesDir]) fs.mkdirSync(d, { recursive: true });
    fs.chmodSync(p.keysDir, 0o700);
    saveProject(p);
    return p;
  }
  const r = projectFileSchema.safeParse(readJsonFile(p.file, "project file"));
  if (!r.success)
    throw new InvalidInputError(`${p.file} is not a valid zkprov project file`, {
      details: formatIssues(r.error.issues),
    });
  p.data = r.data;
  for (const d of [p.keysDir, p.registryDir, p.bundlesDir]) fs.mkdirSync(d, { recursive: true });
  return p;
}

/**
 * Write project.json atomically.
 *
 * @example project.data.chain = { rpc: url }; saveProject(project)
 */
export function saveProject(p: Project): void {
  writeFilesAtomic([[p.file, JSON.stringify(projectFileSchema.parse(p.data), null, 2) + "\n"]], { force: true });
}

/**
 * The project's deployment, or an error saying to deploy first.
 *
 * @throws {InvalidInputError} if the project has no deployment, or it was on an embedded chain that is gone.
 * @example const { contracts } = requireDeployment(project)
 */
export function requireDeployment(p: Project): Deployment {
  const d = p.data.deployment;
  if (!d) throw new InvalidInputError(`project ${p.dir} has no deployment: run \`zkprov deploy\` first`);
  if (d.rpc === "embedded")
    throw new InvalidInputError(
      `the deployment in ${p.file} was on an embedded in-process chain, which is gone: run \`zkprov chain start\` and \`zkprov deploy --force\``,
    );
  return d;
}

/** The snapshot file of registry tree `tree` in the project. */
export function snapshotPath(p: Project, tree: SnapshotTree): string {
  return path.join(p.registryDir, `${tree}.json`);
}
