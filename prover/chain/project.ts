// The project folder: the state that must survive between CLI commands, in files the user can read.
//   project.json   chain (rpc url or "embedded", chain id, the node the CLI started), deployment addresses and
//                  block, and the names given to registered models and datasets
//   keys/          key files (0600, written atomically, never overwritten without --force)
//   registry/      registry snapshots (model.json, license.json, licensee.json) the prover reads
//   bundles/       proof bundles
// Every file has one format (core/formats/: project.json is project.ts); every write is atomic (temporary file + rename).
import fs from "node:fs";
import path from "node:path";
import { InvalidInputError } from "../../core/errors.ts";
import { emptyProjectFile, projectFormat, type Deployment, type ProjectFile } from "../../core/formats/project.ts";
import type { RegistryTree } from "../../core/registry.ts";
import { readDocument, writeFilesAtomic } from "../../artifacts/files.ts";

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
    data: emptyProjectFile(),
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
  p.data = readDocument(p.file, projectFormat, "project file");
  for (const d of [p.keysDir, p.registryDir, p.bundlesDir]) fs.mkdirSync(d, { recursive: true });
  return p;
}

/**
 * Write project.json atomically.
 *
 * @example project.data.chain = { rpc: url }; saveProject(project)
 */
export function saveProject(p: Project): void {
  writeFilesAtomic([[p.file, projectFormat.serialize(p.data)]], { force: true });
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
export function snapshotPath(p: Project, tree: RegistryTree): string {
  return path.join(p.registryDir, `${tree}.json`);
}
