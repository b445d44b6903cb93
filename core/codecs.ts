import { packedFields, publicSignalLayout, type CircuitId, type PackedField } from "./circuits.ts";
import { parseField } from "./field.ts";
import { InvalidInputError } from "./errors.ts";

/**
 * Named public signals of the provenance circuit. grantedRights, requiredRights, licensorBps, now and
 * maxAttestationAge travel packed into one signal (circuits.json `packedSignals.packed`); the codecs unpack and pack them.
 */
export interface ProvenancePublicSignals {
  grantedRights: bigint;
  creatorTag: bigint;
  licensorTag: bigint;
  licensorBps: bigint;
  auditEphemeral: bigint[];
  auditCipher: bigint[];
  assetHash: bigint;
  modelRoot: bigint;
  licenseRoot: bigint;
  requiredRights: bigint;
  now: bigint;
  maxAttestationAge: bigint;
  context: bigint;
  regulatorKey: bigint[];
}

/** Named public signals of the royalty-claim circuit. */
export interface RoyaltyClaimPublicSignals {
  tag: bigint;
  assetHash: bigint;
  nullifier: bigint;
  context: bigint;
}

/** Named public signals of the licensee circuit. */
export interface LicenseePublicSignals {
  licenseeRoot: bigint;
  tokenId: bigint;
  usageRights: bigint;
  context: bigint;
  nullifier: bigint;
}

/** The named public signals of circuit `C`. */
export type PublicSignalsOf<C extends CircuitId> = C extends "provenance"
  ? ProvenancePublicSignals
  : C extends "royaltyClaim"
    ? RoyaltyClaimPublicSignals
    : LicenseePublicSignals;

/**
 * Decode a circuit's public signals (snarkjs order, decimal strings or bigints) into named fields; a packed
 * signal is unpacked into its named values. The only place a position in `publicSignals` is read.
 *
 * @throws {InvalidInputError} for a wrong count, an element that is not a field element, or a packed
 *   signal with bits outside its fields (names it).
 * @example parsePublicSignals("royaltyClaim", publicSignals).nullifier
 */
export function parsePublicSignals<C extends CircuitId>(
  id: C,
  signals: readonly (string | bigint)[],
): PublicSignalsOf<C> {
  const layout = publicSignalLayout(id);
  if (!Array.isArray(signals) || signals.length !== layout.length) {
    throw new InvalidInputError(
      `${id} takes ${layout.length} public signals, got ${Array.isArray(signals) ? signals.length : typeof signals}`,
    );
  }
  const out: Record<string, bigint | bigint[]> = {};
  for (const slot of layout) {
    const label = slot.length > 1 ? `${slot.name}[${slot.element}]` : slot.name;
    const v = parseField(signals[slot.position], `${id} public signal ${label}`);
    const fields = packedFields(id, slot.name);
    if (fields) Object.assign(out, unpack(id, slot.name, fields, v));
    else if (slot.length > 1) ((out[slot.name] ??= []) as bigint[]).push(v);
    else out[slot.name] = v;
  }
  return out as unknown as PublicSignalsOf<C>;
}

/**
 * Encode named public signals into snarkjs order, as decimal strings; the values of a packed signal are
 * packed into it.
 *
 * @throws {InvalidInputError} for a missing field, an array of the wrong length, or a packed value that
 *   does not fit its width.
 * @example encodePublicSignals("royaltyClaim", { tag, assetHash, nullifier, context })
 */
export function encodePublicSignals<C extends CircuitId>(id: C, named: PublicSignalsOf<C>): string[] {
  const rec = named as unknown as Record<string, bigint | bigint[] | undefined>;
  return publicSignalLayout(id).map((slot) => {
    const fields = packedFields(id, slot.name);
    if (fields) return pack(id, slot.name, fields, rec).toString();
    const v = rec[slot.name];
    const x = slot.length > 1 ? (Array.isArray(v) && v.length === slot.length ? v[slot.element] : undefined) : v;
    if (typeof x !== "bigint") throw new InvalidInputError(`${id} public signal ${slot.name} is missing or malformed`);
    return x.toString();
  });
}

function mask(width: number): bigint {
  return (1n << BigInt(width)) - 1n;
}

function unpack(id: string, signal: string, fields: readonly PackedField[], v: bigint): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  let rest = v;
  for (const f of fields) {
    out[f.name] = (v >> BigInt(f.offset)) & mask(f.width);
    rest ^= out[f.name]! << BigInt(f.offset);
  }
  if (rest !== 0n) {
    throw new InvalidInputError(
      `${id} public signal ${signal} has bits outside its fields (${fields.map((f) => f.name).join(", ")}): ${v}`,
    );
  }
  return out;
}

function pack(
  id: string,
  signal: string,
  fields: readonly PackedField[],
  rec: Record<string, bigint | bigint[] | undefined>,
): bigint {
  let packed = 0n;
  for (const f of fields) {
    const x = rec[f.name];
    if (typeof x !== "bigint") throw new InvalidInputError(`${id} public signal ${f.name} is missing or malformed`);
    if (x < 0n || x > mask(f.width)) {
      throw new InvalidInputError(
        `${id} public signal ${f.name} must fit ${f.width} bits to be packed into ${signal}, got ${x}`,
      );
    }
    packed |= x << BigInt(f.offset);
  }
  return packed;
}
