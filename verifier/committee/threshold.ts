// Threshold decryption of audit records. The circuit encrypts with K = k * regulatorKey and publishes
// E = k * G; with regulatorKey = Y = x * G the committee's joint key (x = sum of shares, never assembled),
// member i answers D_i = x_i * E with a Chaum-Pedersen proof that log_G(Y_i) = log_E(D_i) (its public share
// Y_i), and any t valid answers give K = sum lambda_i D_i (Lagrange at 0 in the exponent). The pad is then
// removed as for a single regulator key: m = cipher - auditPads(K) (one TAG_ENC sponge keyed by K).
import { AUDIT_FIELDS, type AuditRecord } from "../audit.ts";
import { InvalidInputError, ZkprovError } from "../../core/errors.ts";
import { FIELD_MODULUS } from "../../core/field.ts";
import { auditPads } from "../../core/hashes.ts";
import { verifyDleq } from "./dleq.ts";
import { GENERATOR, invQ, modQ, mul, pointEq, requireSubgroupPoint, sum, type GroupPoint } from "./group.ts";
import {
  committeeSchema,
  partialsSchema,
  shareFileSchema,
  type AuditRecordRef,
  type CommitteeFile,
  type PartialsMessage,
  type ShareFile,
} from "./messages.ts";
import { parseCommitteeFile } from "./parse.ts";
import { verifyMessageObject } from "./signatures.ts";

const P = (p: readonly string[]): GroupPoint => [BigInt(p[0]!), BigInt(p[1]!)];

/** Fewer than t valid partial decryptions for a record. */
export class ThresholdNotMetError extends ZkprovError {
  override name = "ThresholdNotMetError";
  override readonly code = "THRESHOLD_NOT_MET";
}

/**
 * Validate a parsed committee file; `where` names the file.
 *
 * @throws {InvalidInputError} if it is malformed or its joint key or a public share is not a subgroup point.
 */
export function parseCommittee(value: unknown, where: string): CommitteeFile {
  const c = parseCommitteeFile(committeeSchema, value, "a committee file (zkprov committee finish)", where);
  requireSubgroupPoint(P(c.jointKey), `${where}: the joint key`);
  for (const m of c.members) requireSubgroupPoint(P(m.publicShare), `${where}: member ${m.index}'s public share`);
  return c;
}

/**
 * Validate a parsed share file: it must belong to `committee` and match the member's public share there.
 *
 * @throws {InvalidInputError} naming the file if not.
 */
export function parseShareFile(value: unknown, where: string, committee: CommitteeFile): ShareFile {
  const s = parseCommitteeFile(shareFileSchema, value, "a committee share file", where);
  if (s.ceremonyHash !== committee.ceremonyHash)
    throw new InvalidInputError(`${where} is a share of another committee (ceremony ${s.ceremonyHash})`);
  const m = committee.members.find((x) => x.index === s.index);
  if (!m) throw new InvalidInputError(`${where}: member ${s.index} holds no share of this committee`);
  if (!pointEq(mul(GENERATOR, BigInt(s.share)), P(m.publicShare)))
    throw new InvalidInputError(`${where}: the share does not match member ${s.index}'s public share (corrupt file)`);
  return s;
}

/** The context a partial's Chaum-Pedersen proof binds: the committee's ceremony. */
export function partialContext(committee: CommitteeFile): bigint {
  return BigInt(committee.ceremonyHash);
}

/**
 * Validate a parsed partials file: schema, committee, and the member's signature.
 *
 * @throws {InvalidInputError} naming the file.
 */
export function parsePartials(value: unknown, where: string, committee: CommitteeFile): PartialsMessage {
  const p = parseCommitteeFile(partialsSchema, value, "an audit partials file (zkprov audit partial)", where);
  if (p.ceremonyHash !== committee.ceremonyHash)
    throw new InvalidInputError(`${where} holds partials for another committee (ceremony ${p.ceremonyHash})`);
  const m = committee.members.find((x) => x.index === p.member);
  if (!m) throw new InvalidInputError(`${where}: member ${p.member} holds no share of this committee`);
  if (!verifyMessageObject(P(m.publicKey), p, p.signature))
    throw new InvalidInputError(`${where} is not signed by member ${p.member} (${m.name}): refused`);
  return p;
}

/** Lagrange coefficients at 0 for the indices `set` (mod the subgroup order). */
export function lagrangeAtZero(set: readonly number[]): Map<number, bigint> {
  const out = new Map<number, bigint>();
  for (const i of set) {
    let num = 1n;
    let den = 1n;
    for (const j of set)
      if (j !== i) {
        num = modQ(num * BigInt(j));
        den = modQ(den * BigInt(j - i));
      }
    out.set(i, modQ(num * invQ(den)));
  }
  return out;
}

/** Remove the audit pad with the shared key K: every cipher element, in circuit order. */
export function unpadAudit(k: GroupPoint, cipher: readonly bigint[]): bigint[] {
  const pads = auditPads(k, cipher.length);
  return cipher.map((c, i) => (((c - pads[i]!) % FIELD_MODULUS) + FIELD_MODULUS) % FIELD_MODULUS);
}

/** The named audit record from the decrypted elements (AUDIT_FIELDS order). */
export function namedRecord(m: readonly bigint[]): AuditRecord {
  return Object.fromEntries(AUDIT_FIELDS.map((f, i) => [f, m[i]!])) as unknown as AuditRecord;
}

/** A partial refused: whose, for which record, and why. */
export interface RefusedPartial {
  member: number;
  name: string;
  record: string;
  reason: string;
}

/** One record's outcome of combining. */
export type CombinedRecord =
  | { id: string; ok: true; record: AuditRecord; members: number[]; ephemeral: GroupPoint; cipher: bigint[] }
  | { id: string; ok: false; reason: string; valid: number[]; needed: number };

/** What combining gives: each record's outcome, and every partial refused. */
export interface CombineResult {
  records: CombinedRecord[];
  refused: RefusedPartial[];
}

/**
 * Combine members' partials: check each partial's Chaum-Pedersen proof against the member's public share
 * (the committee must come from parseCommittee, which checks the public shares are subgroup points)
 * (a partial that fails is refused, by member), and decrypt each record from t valid partials by distinct
 * members (Lagrange at 0 in the exponent). With `requireAll`, a record with fewer than t valid partials
 * throws, naming how many more are needed.
 *
 * @throws {ThresholdNotMetError} (with `requireAll`) naming the record, the valid members and how many more are needed.
 * @throws {InvalidInputError} if two partials files disagree on a record's ciphertext.
 * @example const { records, refused } = combinePartials(committee, [p1, p3, p5], { requireAll: true })
 */
export function combinePartials(
  committee: CommitteeFile,
  partials: PartialsMessage[],
  o: { requireAll?: boolean } = {},
): CombineResult {
  const t = committee.threshold;
  const ctx = partialContext(committee);
  const refused: RefusedPartial[] = [];
  const seenMember = new Set<number>();
  const records = new Map<
    string,
    { ref: AuditRecordRef; valid: Map<number, GroupPoint>; ephemeralChecked?: boolean }
  >();
  for (const msg of partials) {
    if (seenMember.has(msg.member))
      throw new InvalidInputError(`two partials files from member ${msg.member}: give one per member`);
    seenMember.add(msg.member);
    if (msg.ceremonyHash !== committee.ceremonyHash)
      throw new InvalidInputError(
        `member ${msg.member}'s file holds partials for another committee (ceremony ${msg.ceremonyHash})`,
      );
    const m = committee.members.find((x) => x.index === msg.member);
    if (!m) throw new InvalidInputError(`member ${msg.member} holds no share of this committee`);
    for (const r of msg.records) {
      let entry = records.get(r.id);
      if (!entry) {
        entry = { ref: { id: r.id, ephemeral: r.ephemeral, cipher: r.cipher }, valid: new Map() };
        records.set(r.id, entry);
      } else if (!pointEq(P(entry.ref.ephemeral), P(r.ephemeral)) || entry.ref.cipher.join(",") !== r.cipher.join(","))
        throw new InvalidInputError(
          `member ${msg.member}'s partials name another ciphertext for record ${r.id} than another member's`,
        );
      let ok = false;
      let reason = "its Chaum-Pedersen proof does not hold (not made with the member's share)";
      try {
        ok = verifyDleq(
          { c: BigInt(r.proof.c), z: BigInt(r.proof.z) },
          { g1: GENERATOR, h1: P(m.publicShare), g2: P(r.ephemeral), h2: P(r.partial) },
          ctx,
          entry.ephemeralChecked ? ["g1", "h1", "g2"] : ["g1", "h1"],
        );
        entry.ephemeralChecked = true;
      } catch (e) {
        reason = (e as Error).message;
      }
      if (ok) entry.valid.set(msg.member, P(r.partial));
      else refused.push({ member: msg.member, name: m.name, record: r.id, reason });
    }
  }
  const out: CombinedRecord[] = [];
  for (const [id, { ref, valid }] of records) {
    const members = [...valid.keys()].sort((a, b) => a - b);
    if (members.length < t) {
      const more = t - members.length;
      const reason =
        `record ${id}: ${members.length} valid partial${members.length === 1 ? "" : "s"}` +
        `${members.length ? ` (member${members.length === 1 ? "" : "s"} ${members.join(", ")})` : ""}, ` +
        `the threshold is ${t}: ${more} more needed`;
      if (o.requireAll) throw new ThresholdNotMetError(reason);
      out.push({ id, ok: false, reason, valid: members, needed: more });
      continue;
    }
    const chosen = members.slice(0, t);
    const lambda = lagrangeAtZero(chosen);
    const k = sum(chosen.map((i) => mul(valid.get(i)!, lambda.get(i)!)));
    const cipher = ref.cipher.map((c) => BigInt(c));
    out.push({
      id,
      ok: true,
      record: namedRecord(unpadAudit(k, cipher)),
      members: chosen,
      ephemeral: P(ref.ephemeral),
      cipher,
    });
  }
  return { records: out, refused };
}
