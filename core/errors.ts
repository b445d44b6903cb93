/** Options shared by every zkprov error. */
export interface ZkprovErrorOptions {
  /** Extra, human-readable detail (never a secret). */
  details?: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base class of every error zkprov throws on purpose. `shortMessage` says what is wrong in one line,
 * `details` adds context, `code` is stable for scripts, `name` is the subclass name.
 *
 * @example
 * try { await proveProvenance(input) } catch (e) { if (e instanceof ZkprovError) console.error(e.code, e.shortMessage) }
 */
export class ZkprovError extends Error {
  override name = "ZkprovError";
  readonly code: string = "ZKPROV_ERROR";
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(shortMessage: string, options: ZkprovErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    });
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}

/** One problem a schema found (a zod issue): where in the document, and what. */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * A schema's issues as one `details` line: `path: message; ...`, with `(root)` for the document itself.
 *
 * @example formatIssues(r.error.issues) // "format: Invalid literal value, expected \"zkprov-key\"; secret: Required"
 */
export function formatIssues(issues: readonly SchemaIssue[]): string {
  return issueLines(issues).join("; ");
}

/**
 * A schema's issues, one `path: message` each (`(root)` for the document itself), e.g. to name the first.
 *
 * @example issueLines(r.error.issues)[0] // "format: Required"
 */
export function issueLines(issues: readonly SchemaIssue[]): string[] {
  return issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
}

/** An input (argument, file, field) is malformed or out of range. The message names the input. */
export class InvalidInputError extends ZkprovError {
  override name = "InvalidInputError";
  override readonly code = "INVALID_INPUT";
}

/** A build artifact is missing or does not match the hash the manifest pins for it. */
export class ArtifactIntegrityError extends ZkprovError {
  override name = "ArtifactIntegrityError";
  override readonly code = "ARTIFACT_INTEGRITY";
}

/** The trusted setup cannot proceed (powers of tau missing, too small, unprepared, or failed verification). */
export class SetupError extends ZkprovError {
  override name = "SetupError";
  override readonly code = "SETUP";
}

/** Options of a WitnessError: which statement failed, when the circuit source names it. */
export interface WitnessErrorOptions extends ZkprovErrorOptions {
  /** The failed statement's label in the circuit source (e.g. "4", PROTOCOL.md's numbering). */
  statement?: string;
  /** The failed statement in words, e.g. "the attestation is dated after the license expiry". */
  reason?: string;
}

/** The circuit rejected the inputs: some statement does not hold, so no witness exists. */
export class WitnessError extends ZkprovError {
  override name = "WitnessError";
  override readonly code = "WITNESS";
  /** The failed statement's label, when the circuit source annotates the failed constraint. */
  readonly statement: string | undefined;
  /** The failed statement in words, when annotated. */
  readonly reason: string | undefined;

  constructor(shortMessage: string, options: WitnessErrorOptions = {}) {
    super(shortMessage, options);
    this.statement = options.statement;
    this.reason = options.reason;
  }
}

/** The circuit compiler failed or reported an unexplained warning. */
export class CompileError extends ZkprovError {
  override name = "CompileError";
  override readonly code = "COMPILE";
}

/**
 * A noun with its indefinite article, for generated messages ("an account key", "a model key").
 *
 * @example `${file} is ${withArticle(kind)} key`
 */
export function withArticle(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

/**
 * Guard: `value` must be a bigint in [0, bound). Names `name` in the error.
 *
 * @throws {InvalidInputError}
 * @example requireBelow(x, FIELD_MODULUS, "assetHash")
 */
export function requireBelow(value: bigint, bound: bigint, name: string): bigint {
  if (typeof value !== "bigint") throw new InvalidInputError(`${name} must be a bigint, got ${typeof value}`);
  if (value < 0n || value >= bound) {
    throw new InvalidInputError(`${name} is out of range: it must be at least 0 and below ${bound}`, {
      details: `${name} = ${value}`,
    });
  }
  return value;
}

/** A registry mirror rebuilt from chain events disagrees with the chain (a missed or reordered event). */
export class RegistryMirrorError extends ZkprovError {
  override name = "RegistryMirrorError";
  override readonly code = "REGISTRY_MIRROR";
}

/** A chain could not be reached or did not answer as expected (RPC down, wrong chain, no deployment). */
export class ChainError extends ZkprovError {
  override name = "ChainError";
  override readonly code = "CHAIN";
}

/** A contract refused a transaction: `revert` is its custom error's name, `args` the error's arguments. */
export class ContractRevertError extends ZkprovError {
  override name = "ContractRevertError";
  override readonly code = "CONTRACT_REVERT";
  readonly revert: string;
  readonly args: string[];

  constructor(revert: string, args: string[], shortMessage: string, options: ZkprovErrorOptions = {}) {
    super(shortMessage, options);
    this.revert = revert;
    this.args = args;
  }
}
