// Distributed key generation without a trusted dealer: the joint-Feldman protocol (Pedersen 1991) over
// BabyJubJub's prime-order subgroup, run as signed JSON files exchanged out of band.
//
// 1. ceremony: the members' names and signing keys and the threshold t (`createCeremony`);
// 2. deal: each member i picks a random polynomial f_i of degree t-1, publishes Feldman commitments
//    C_ik = a_ik * G and, for every member j, f_i(j) encrypted to j's signing key (ECDH with a fresh
//    ephemeral key, Poseidon pad) (`dealShares`);
// 3. report: each member decrypts its shares and checks s_ij * G = sum_k j^k C_ik; for a share that fails it
//    files a complaint that reveals the ECDH key with a Chaum-Pedersen proof that it is the right one, so
//    anybody can recompute the share and see that it fails: a bad dealer is identified, a false complaint
//    too (`reportOnDeals`);
// 4. finish: everyone replays the same files: QUAL = dealers with a valid deal and no valid complaint;
//    joint key Y = sum_{i in QUAL} C_i0, member j's public share Y_j = sum_{i in QUAL} f_i(j) * G (from the
//    commitments), and j's share x_j = sum_{i in QUAL} s_ij (`finishCeremony`).
// What it trusts: at least t members are honest and keep their shares; the files reach everyone unchanged
// (each is signed, and each report names the digest of every deal it saw, so a dealer that sends different
// deals to different members is caught at finish). Joint-Feldman lets a cheating dealer bias the joint key's
// distribution (Gennaro et al. 1999); for threshold ElGamal decryption that bias does not help decrypt.
import { InvalidInputError } from "../../core/errors.ts";
import { FIELD_MODULUS } from "../../core/field.ts";
import { poseidonWide as poseidon } from "../../core/poseidon-wide.ts";
import { tagValue } from "../../core/domain.ts";
import { proveDleq, verifyDleq } from "./dleq.ts";
import {
  GENERATOR,
  GROUP_ORDER,
  add,
  inSubgroup,
  modQ,
  mul,
  pointEq,
  pointToJson,
  randomScalarQ,
  sum,
  type GroupPoint,
} from "./group.ts";
import {
  ceremonySchema,
  dealSchema,
  reportSchema,
  type Ceremony,
  type CommitteeFile,
  type Complaint,
  type DealMessage,
  type MemberFile,
  type ReportMessage,
  type ShareFile,
} from "./messages.ts";
import { parseCommitteeFile } from "./parse.ts";
import { canonicalJson, messageDigest, verifyMessageObject } from "./signatures.ts";
import { memberPublicKey, memberSecretScalar, signMessageObject, type MemberKey } from "./signing.ts";
import { sha256Hex } from "../../core/sha256.ts";

/** Domain tag of the pad that encrypts a dealt share. */
export const TAG_SHARE_ENC = tagValue("zkprov/v1/committee-share");
/** Domain tag of the context of a complaint's proof. */
export const TAG_COMPLAINT = tagValue("zkprov/v1/committee-complaint");

const P = (p: readonly string[]): GroupPoint => [BigInt(p[0]!), BigInt(p[1]!)];

/** The ceremony's hash (SHA-256 of its canonical JSON, >> 3): every message of the ceremony names it. */
export function ceremonyHash(c: Ceremony): bigint {
  return BigInt("0x" + sha256Hex(canonicalJson(c))) >> 3n;
}

/**
 * Start a ceremony: the members (their self-signed announcements, in order: index 1, 2, ...) and t.
 *
 * @throws {InvalidInputError} for t outside [1, n], a member file whose signature fails, or a name or key twice.
 * @example const ceremony = createCeremony([alice, bob, carol], 2)
 */
export function createCeremony(members: MemberFile[], threshold: number): Ceremony {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > members.length)
    throw new InvalidInputError(
      `the threshold must be an integer from 1 to the number of members (${members.length}), got ${threshold}`,
    );
  const seenNames = new Set<string>();
  const seenKeys = new Set<string>();
  for (const m of members) {
    if (!verifyMessageObject(P(m.publicKey), m, m.signature))
      throw new InvalidInputError(`the member file of ${m.name} is not signed by its key`);
    if (seenNames.has(m.name)) throw new InvalidInputError(`member name ${m.name} appears twice`);
    if (seenKeys.has(m.publicKey.join(","))) throw new InvalidInputError(`member ${m.name}'s key appears twice`);
    seenNames.add(m.name);
    seenKeys.add(m.publicKey.join(","));
  }
  const id = new Uint8Array(16);
  globalThis.crypto.getRandomValues(id);
  return {
    format: "zkprov-committee-ceremony",
    version: 1,
    id: [...id].map((b) => b.toString(16).padStart(2, "0")).join(""),
    threshold,
    members: members.map((m, i) => ({ index: i + 1, name: m.name, publicKey: m.publicKey })),
  };
}

/**
 * A member's self-signed announcement of its signing key (what the coordinator gathers for the ceremony).
 *
 * @example const announcement = memberAnnouncement(newMemberKey("alice"))
 */
export function memberAnnouncement(key: MemberKey): MemberFile {
  const body = {
    format: "zkprov-committee-member" as const,
    version: 1 as const,
    name: key.name,
    publicKey: pointToJson(key.publicKey),
  };
  return { ...body, signature: signMessageObject(key, body) };
}

/**
 * Validate a parsed ceremony file; `where` names the file.
 *
 * @throws {InvalidInputError} if it is malformed, its indices are not 1..n, or t is not in [1, n].
 */
export function parseCeremony(value: unknown, where: string): Ceremony {
  const c = parseCommitteeFile(ceremonySchema, value, "a committee ceremony file", where);
  c.members.forEach((m, i) => {
    if (m.index !== i + 1) throw new InvalidInputError(`${where}: member ${m.name} has index ${m.index}, not ${i + 1}`);
  });
  if (c.threshold > c.members.length)
    throw new InvalidInputError(`${where}: threshold ${c.threshold} is above the ${c.members.length} members`);
  return c;
}

/** The ceremony member whose signing key `key` is. */
export function memberOf(c: Ceremony, key: MemberKey): Ceremony["members"][number] {
  const pub = memberPublicKey(key.privateKey);
  const m = c.members.find((x) => pointEq(P(x.publicKey), pub));
  if (!m) throw new InvalidInputError(`the member key ${key.name} is not one of this ceremony's members`);
  return m;
}

function sharePad(hash: bigint, dealer: number, to: number, k: GroupPoint): bigint {
  return poseidon([TAG_SHARE_ENC, hash, BigInt(dealer), BigInt(to), k[0], k[1]]);
}

/** sum_k x^k C_k: the commitment to f(x). */
function evalCommitments(commitments: GroupPoint[], x: bigint): GroupPoint {
  let acc = commitments[commitments.length - 1]!;
  for (let k = commitments.length - 2; k >= 0; k--) acc = add(mul(acc, x), commitments[k]!);
  return acc;
}

function evalPoly(coeffs: bigint[], x: bigint): bigint {
  let acc = 0n;
  for (let k = coeffs.length - 1; k >= 0; k--) acc = modQ(acc * x + coeffs[k]!);
  return acc;
}

/** Options that exist for tests of misbehaviour: a dealer that sends member `to` a wrong share. */
export interface DealOptions {
  /** Add `delta` to the share dealt to member `to` (a cheating dealer; for tests). */
  corruptShareFor?: { to: number; delta: bigint };
}

/**
 * Deal: commit to a fresh random polynomial of degree t-1 and encrypt its value at each member's index to
 * that member. The polynomial is forgotten when this returns; the deal message holds no secret in clear.
 *
 * @throws {InvalidInputError} if the key is not a member of the ceremony.
 * @example const deal = dealShares(ceremony, aliceKey)
 */
export function dealShares(c: Ceremony, key: MemberKey, o: DealOptions = {}): DealMessage {
  const me = memberOf(c, key);
  const hash = ceremonyHash(c);
  const coeffs = Array.from({ length: c.threshold }, () => randomScalarQ());
  const body = {
    format: "zkprov-committee-deal" as const,
    version: 1 as const,
    ceremony: hash.toString(),
    dealer: me.index,
    commitments: coeffs.map((a) => pointToJson(mul(GENERATOR, a))),
    shares: c.members.map((m) => {
      let s = evalPoly(coeffs, BigInt(m.index));
      if (o.corruptShareFor?.to === m.index) s = modQ(s + o.corruptShareFor.delta);
      const r = randomScalarQ();
      const k = mul(P(m.publicKey), r);
      const cipher = (s + sharePad(hash, me.index, m.index, k)) % FIELD_MODULUS;
      return { to: m.index, ephemeral: pointToJson(mul(GENERATOR, r)), cipher: cipher.toString() };
    }),
  };
  return { ...body, signature: signMessageObject(key, body) };
}

/**
 * Validate a parsed deal file: its schema, that it is for this ceremony, and its dealer's signature.
 *
 * @throws {InvalidInputError} naming the file for any of these.
 */
export function parseDeal(c: Ceremony, value: unknown, where: string): DealMessage {
  const d = parseCommitteeFile(dealSchema, value, "a committee deal message", where);
  if (d.ceremony !== ceremonyHash(c).toString())
    throw new InvalidInputError(`${where} is a deal of another ceremony (hash ${d.ceremony})`);
  const dealer = c.members[d.dealer - 1];
  if (!dealer) throw new InvalidInputError(`${where}: dealer ${d.dealer} is not a member of the ceremony`);
  if (!verifyMessageObject(P(dealer.publicKey), d, d.signature))
    throw new InvalidInputError(`${where} is not signed by member ${d.dealer} (${dealer.name}): refused`);
  return d;
}

/** Why a deal is invalid for everybody (publicly checkable), or undefined. */
function publicDealFault(c: Ceremony, d: DealMessage): string | undefined {
  if (d.commitments.length !== c.threshold)
    return `it has ${d.commitments.length} commitments, the threshold needs ${c.threshold}`;
  if (!d.commitments.every((p) => inSubgroup(P(p)))) return "a commitment is not a subgroup point";
  const to = d.shares.map((s) => s.to);
  if (to.length !== c.members.length || !c.members.every((m) => to.filter((x) => x === m.index).length === 1))
    return "it does not deal exactly one share to each member";
  if (!d.shares.every((s) => inSubgroup(P(s.ephemeral)))) return "an ephemeral key is not a subgroup point";
  return undefined;
}

/** The share dealt to member `to` as decrypted with the ECDH key k, and whether it matches the commitments. */
function openShare(c: Ceremony, d: DealMessage, to: number, k: GroupPoint): { share: bigint; valid: boolean } {
  const entry = d.shares.find((s) => s.to === to)!;
  const share =
    (((BigInt(entry.cipher) - sharePad(ceremonyHash(c), d.dealer, to, k)) % FIELD_MODULUS) + FIELD_MODULUS) %
    FIELD_MODULUS;
  if (share >= GROUP_ORDER) return { share, valid: false };
  const expected = evalCommitments(d.commitments.map(P), BigInt(to));
  return { share, valid: pointEq(mul(GENERATOR, share), expected) };
}

/** The context a complaint's Chaum-Pedersen proof is bound to: the ceremony, the dealer and the complainer. */
export function complaintContext(hash: bigint, dealer: number, member: number): bigint {
  return poseidon([TAG_COMPLAINT, hash, BigInt(dealer), BigInt(member)]);
}

/**
 * Check every deal received (the member's own included) and sign a report: the digest of each deal, and a
 * complaint, with evidence, for each dealer whose share to this member does not match its commitments.
 *
 * @throws {InvalidInputError} for a deal of another ceremony, not signed by its dealer, or two from one dealer.
 * @example const report = reportOnDeals(ceremony, aliceKey, deals)
 */
export function reportOnDeals(c: Ceremony, key: MemberKey, deals: DealMessage[]): ReportMessage {
  const me = memberOf(c, key);
  const hash = ceremonyHash(c);
  const a = memberSecretScalar(key);
  const complaints: Complaint[] = [];
  requireDistinctDealers(deals);
  for (const d of deals) {
    const fault = publicDealFault(c, d);
    if (fault) {
      complaints.push({ dealer: d.dealer, reason: `invalid deal: ${fault}` });
      continue;
    }
    const entry = d.shares.find((s) => s.to === me.index)!;
    const k = mul(P(entry.ephemeral), a);
    if (!openShare(c, d, me.index, k).valid) {
      const proof = proveDleq(
        a,
        { g1: GENERATOR, h1: P(me.publicKey), g2: P(entry.ephemeral), h2: k },
        complaintContext(hash, d.dealer, me.index),
      );
      complaints.push({
        dealer: d.dealer,
        reason: "the share dealt to me does not match the dealer's commitments",
        sharedKey: pointToJson(k),
        proof: { c: proof.c.toString(), z: proof.z.toString() },
      });
    }
  }
  const body = {
    format: "zkprov-committee-report" as const,
    version: 1 as const,
    ceremony: hash.toString(),
    member: me.index,
    deals: [...deals]
      .sort((x, y) => x.dealer - y.dealer)
      .map((d) => ({ dealer: d.dealer, digest: messageDigest(d).toString() })),
    complaints,
  };
  return { ...body, signature: signMessageObject(key, body) };
}

function requireDistinctDealers(deals: DealMessage[]): void {
  const seen = new Set<number>();
  for (const d of deals) {
    if (seen.has(d.dealer)) throw new InvalidInputError(`two deals from member ${d.dealer}: give one per dealer`);
    seen.add(d.dealer);
  }
}

/**
 * Validate a parsed report file: schema, ceremony, and its member's signature.
 *
 * @throws {InvalidInputError} naming the file.
 */
export function parseReport(c: Ceremony, value: unknown, where: string): ReportMessage {
  const r = parseCommitteeFile(reportSchema, value, "a committee report message", where);
  if (r.ceremony !== ceremonyHash(c).toString())
    throw new InvalidInputError(`${where} is a report of another ceremony (hash ${r.ceremony})`);
  const member = c.members[r.member - 1];
  if (!member) throw new InvalidInputError(`${where}: member ${r.member} is not a member of the ceremony`);
  if (!verifyMessageObject(P(member.publicKey), r, r.signature))
    throw new InvalidInputError(`${where} is not signed by member ${r.member} (${member.name}): refused`);
  return r;
}

/** The ceremony's outcome: the public committee file and, for a member, its share file. */
export interface CeremonyOutcome {
  committee: CommitteeFile;
  /** The member's share (only when a member key was given): write it 0600, never print it. */
  share?: ShareFile;
}

/**
 * Finish the ceremony from every deal and every dealer's report: decide who qualifies (identifying each
 * bad dealer by the evidence in the complaints against it), and compute the joint key, every qualified
 * member's public share and, with a member key, that member's share. Every member gets the same committee.
 *
 * @throws {InvalidInputError} if a dealer has no report, reports saw different deals, or fewer than t qualify.
 * @example const { committee, share } = finishCeremony(ceremony, deals, reports, aliceKey)
 */
export function finishCeremony(
  c: Ceremony,
  deals: DealMessage[],
  reports: ReportMessage[],
  key?: MemberKey,
): CeremonyOutcome {
  const hash = ceremonyHash(c);
  requireDistinctDealers(deals);
  const byDealer = new Map(deals.map((d) => [d.dealer, d]));
  const reportOf = new Map<number, ReportMessage>();
  for (const r of reports) {
    if (reportOf.has(r.member)) throw new InvalidInputError(`two reports from member ${r.member}: give one per member`);
    reportOf.set(r.member, r);
  }
  const digest = new Map(deals.map((d) => [d.dealer, messageDigest(d).toString()]));
  for (const d of deals)
    if (!reportOf.has(d.dealer))
      throw new InvalidInputError(
        `member ${d.dealer} (${c.members[d.dealer - 1]!.name}) dealt but sent no report: every dealer must report`,
      );
  for (const r of reports) {
    for (const seen of r.deals) {
      const mine = digest.get(seen.dealer);
      if (mine !== seen.digest)
        throw new InvalidInputError(
          mine === undefined
            ? `member ${r.member}'s report names a deal from member ${seen.dealer} that was not given here`
            : `member ${r.member} received another deal from member ${seen.dealer} than the one given here: ` +
              `the dealer sent different deals (compare the deal files each member received)`,
        );
    }
    if (r.deals.length !== deals.length)
      throw new InvalidInputError(`member ${r.member}'s report covers ${r.deals.length} deals, ${deals.length} given`);
  }

  const disqualified = new Map<number, string>();
  const falseComplaints: { member: number; dealer: number }[] = [];
  for (const m of c.members) if (!byDealer.has(m.index)) disqualified.set(m.index, "did not deal");
  for (const d of deals) {
    const fault = publicDealFault(c, d);
    if (fault) disqualified.set(d.dealer, `invalid deal: ${fault}`);
  }
  for (const r of [...reports].sort((x, y) => x.member - y.member)) {
    const member = c.members[r.member - 1]!;
    for (const complaint of r.complaints) {
      const d = byDealer.get(complaint.dealer);
      if (!d || disqualified.has(complaint.dealer)) continue;
      const entry = d.shares.find((s) => s.to === r.member)!;
      const k = complaint.sharedKey ? P(complaint.sharedKey) : undefined;
      const proven =
        k !== undefined &&
        complaint.proof !== undefined &&
        inSubgroup(k) &&
        verifyDleq(
          { c: BigInt(complaint.proof.c), z: BigInt(complaint.proof.z) },
          { g1: GENERATOR, h1: P(member.publicKey), g2: P(entry.ephemeral), h2: k },
          complaintContext(hash, d.dealer, r.member),
        );
      if (proven && !openShare(c, d, r.member, k).valid)
        disqualified.set(
          d.dealer,
          `dealt member ${r.member} (${member.name}) a share that does not match its commitments (proven by ${member.name}'s complaint)`,
        );
      else falseComplaints.push({ member: r.member, dealer: complaint.dealer });
    }
  }
  const qual = deals.filter((d) => !disqualified.has(d.dealer)).sort((x, y) => x.dealer - y.dealer);
  if (qual.length < c.threshold)
    throw new InvalidInputError(
      `only ${qual.length} members qualify, the threshold is ${c.threshold}: run a new ceremony ` +
        `(${[...disqualified].map(([i, why]) => `member ${i}: ${why}`).join("; ")})`,
    );
  // The qualified dealers' commitments summed coefficient by coefficient commit to F = sum f_i: F(0) is the
  // joint secret, F(j) member j's share.
  const joint = Array.from({ length: c.threshold }, (_, k) => sum(qual.map((d) => P(d.commitments[k]!))));
  const jointKey = joint[0]!;
  const members = qual.map((d) => {
    const m = c.members[d.dealer - 1]!;
    const publicShare = evalCommitments(joint, BigInt(m.index));
    return { index: m.index, name: m.name, publicKey: m.publicKey, publicShare: pointToJson(publicShare) };
  });
  const committee: CommitteeFile = {
    format: "zkprov-committee",
    version: 1,
    ceremony: c,
    ceremonyHash: hash.toString(),
    threshold: c.threshold,
    jointKey: pointToJson(jointKey),
    members,
    disqualified: [...disqualified].sort(([a], [b]) => a - b).map(([member, reason]) => ({ member, reason })),
    falseComplaints,
  };
  if (!key) return { committee };
  const me = memberOf(c, key);
  const mine = members.find((m) => m.index === me.index);
  if (!mine)
    throw new InvalidInputError(`member ${me.index} (${me.name}) is disqualified: ${disqualified.get(me.index)}`);
  const a = memberSecretScalar(key);
  let share = 0n;
  for (const d of qual) {
    const entry = d.shares.find((s) => s.to === me.index)!;
    const opened = openShare(c, d, me.index, mul(P(entry.ephemeral), a));
    if (!opened.valid)
      throw new InvalidInputError(
        `the share from member ${d.dealer} does not match its commitments, and no report of yours complains: ` +
          `report again with this member key`,
      );
    share = modQ(share + opened.share);
  }
  if (!pointEq(mul(GENERATOR, share), P(mine.publicShare)))
    throw new InvalidInputError("internal: the share does not match the public share");
  return {
    committee,
    share: {
      format: "zkprov-committee-share",
      version: 1,
      ceremonyHash: hash.toString(),
      index: me.index,
      name: me.name,
      share: share.toString(),
      publicShare: mine.publicShare,
      jointKey: committee.jointKey,
    },
  };
}
