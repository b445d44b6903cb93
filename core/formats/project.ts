// project.json, the state of a zkprov project folder that must survive between CLI commands: the chain (rpc url
// or "embedded", chain id, the node `zkprov chain start` started), the deployment's addresses and block, and
// the names given to registered models and datasets (prover/chain/project.ts opens and saves it).
import { z } from "zod";
import { jsonText, parseWithSchema, type DocumentFormat } from "./format.ts";

/** The project file format's name and version. */
export const PROJECT_FORMAT = "zkprov-project";
export const PROJECT_VERSION = 1;

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
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
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

/** A new project's project.json: no chain, no deployment, no names. */
export function emptyProjectFile(): ProjectFile {
  return { format: PROJECT_FORMAT, version: PROJECT_VERSION, names: { models: {}, datasets: {} } };
}

/**
 * The project file format. serialize validates first, so a project.json is never written malformed.
 *
 * @throws {InvalidInputError} (parse) naming the file and the first failing field.
 * @example const data = projectFormat.parse(JSON.parse(text), "zkprov-project/project.json")
 */
export const projectFormat: DocumentFormat<ProjectFile> = {
  name: PROJECT_FORMAT,
  version: PROJECT_VERSION,
  title: "zkprov project file",
  schema: projectFileSchema,
  parse: (value, where) => parseWithSchema(projectFileSchema, value, where, "zkprov project file"),
  serialize: (data) => jsonText(projectFileSchema.parse(data)),
};
