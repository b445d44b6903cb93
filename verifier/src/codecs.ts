import { publicSignalLayout, type CircuitId } from "./circuits.ts";
import { parseField } from "./field.ts";
import { InvalidInputError } from "./errors.ts";

/** Named public signals of the provenance circuit. */
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
 * Decode a circuit's public signals (snarkjs order, decimal strings or bigints) into named fields.
 * The only place a position in `publicSignals` is read.
 *
 * @throws {InvalidInputError} for a wrong count or an element that is not a field element (names it).
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
    if (slot.length > 1) ((out[slot.name] ??= []) as bigint[]).push(v);
    else out[slot.name] = v;
  }
  return out as unknown as PublicSignalsOf<C>;
}

/**
 * Encode named public signals into snarkjs order, as decimal strings.
 *
 * @throws {InvalidInputError} for a missing field or an array of the wrong length.
 * @example encodePublicSignals("royaltyClaim", { tag, assetHash, nullifier, context })
 */
export function encodePublicSignals<C extends CircuitId>(id: C, named: PublicSignalsOf<C>): string[] {
  const rec = named as unknown as Record<string, bigint | bigint[] | undefined>;
  return publicSignalLayout(id).map((slot) => {
    const v = rec[slot.name];
    const x = slot.length > 1 ? (Array.isArray(v) && v.length === slot.length ? v[slot.element] : undefined) : v;
    if (typeof x !== "bigint") throw new InvalidInputError(`${id} public signal ${slot.name} is missing or malformed`);
    return x.toString();
  });
}
