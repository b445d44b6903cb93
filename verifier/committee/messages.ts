// The committee's files, one zod schema each (also their types). Every number is a canonical decimal
// string (so that a message's canonical JSON, which its signature covers, is unique); points are pairs.
// Secret values (member private keys, shares) appear only in the two key-file formats, never in a message.
import { z } from "zod";
import { FIELD_MODULUS } from "../../core/field.ts";

/** A canonical decimal field element. */
export const decimal = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,77})$/, "a canonical decimal integer")
  .refine((s) => BigInt(s) < FIELD_MODULUS, "below the field modulus");
/** A point as two decimals. */
export const pointJson = z.tuple([decimal, decimal]);
const signature = z.object({ R8: pointJson, S: decimal }).strict();
const index = z.number().int().min(1).max(255);
const name = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' or '-'");
const dleq = z.object({ c: decimal, z: decimal }).strict();

/** A member's secret signing key file (mode 0600). */
export const memberKeyFileSchema = z
  .object({
    format: z.literal("zkprov-committee-member-key"),
    version: z.literal(1),
    name,
    privateKey: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits"),
    publicKey: pointJson,
  })
  .strict();
export type MemberKeyFile = z.infer<typeof memberKeyFileSchema>;

/** A member's public announcement: name and signing key, self-signed (proof of possession). */
export const memberFileSchema = z
  .object({
    format: z.literal("zkprov-committee-member"),
    version: z.literal(1),
    name,
    publicKey: pointJson,
    signature,
  })
  .strict();
export type MemberFile = z.infer<typeof memberFileSchema>;

/** The ceremony: who takes part, with which signing key, and the threshold. Every message names its hash. */
export const ceremonySchema = z
  .object({
    format: z.literal("zkprov-committee-ceremony"),
    version: z.literal(1),
    id: z.string().regex(/^[0-9a-f]{32}$/, "32 lowercase hex digits"),
    threshold: z.number().int().min(1),
    members: z
      .array(z.object({ index, name, publicKey: pointJson }).strict())
      .min(1)
      .max(255),
  })
  .strict();
export type Ceremony = z.infer<typeof ceremonySchema>;

/** A dealer's message: Feldman commitments to its polynomial and one encrypted share per member. */
export const dealSchema = z
  .object({
    format: z.literal("zkprov-committee-deal"),
    version: z.literal(1),
    ceremony: decimal,
    dealer: index,
    commitments: z.array(pointJson).min(1),
    shares: z.array(z.object({ to: index, ephemeral: pointJson, cipher: decimal }).strict()).min(1),
    signature,
  })
  .strict();
export type DealMessage = z.infer<typeof dealSchema>;

/** A complaint: the receiver reveals the key it decrypted the dealer's share with, and proves it. */
export const complaintSchema = z
  .object({ dealer: index, reason: z.string().max(300), sharedKey: pointJson.optional(), proof: dleq.optional() })
  .strict();
export type Complaint = z.infer<typeof complaintSchema>;

/** A member's report after checking every deal it received: their digests, and its complaints. */
export const reportSchema = z
  .object({
    format: z.literal("zkprov-committee-report"),
    version: z.literal(1),
    ceremony: decimal,
    member: index,
    deals: z.array(z.object({ dealer: index, digest: decimal }).strict()),
    complaints: z.array(complaintSchema),
    signature,
  })
  .strict();
export type ReportMessage = z.infer<typeof reportSchema>;

/** The committee's public result: the joint key to pin on chain and each qualified member's public share. */
export const committeeSchema = z
  .object({
    format: z.literal("zkprov-committee"),
    version: z.literal(1),
    ceremony: ceremonySchema,
    ceremonyHash: decimal,
    threshold: z.number().int().min(1),
    jointKey: pointJson,
    members: z.array(z.object({ index, name, publicKey: pointJson, publicShare: pointJson }).strict()).min(1),
    disqualified: z.array(z.object({ member: index, reason: z.string() }).strict()),
    falseComplaints: z.array(z.object({ member: index, dealer: index }).strict()),
  })
  .strict();
export type CommitteeFile = z.infer<typeof committeeSchema>;

/** A member's share of the committee key (mode 0600: the secret of the member's decryption power). */
export const shareFileSchema = z
  .object({
    format: z.literal("zkprov-committee-share"),
    version: z.literal(1),
    ceremonyHash: decimal,
    index,
    name,
    share: decimal,
    publicShare: pointJson,
    jointKey: pointJson,
  })
  .strict();
export type ShareFile = z.infer<typeof shareFileSchema>;

/** An audit record as minted: which token, its ephemeral key and its cipher (public data). */
export const auditRecordRefSchema = z
  .object({ id: z.string().min(1).max(100), ephemeral: pointJson, cipher: z.array(decimal).min(1).max(15) })
  .strict();
export type AuditRecordRef = z.infer<typeof auditRecordRefSchema>;

/** A member's partial decryptions of a list of audit records, each with its Chaum-Pedersen proof. */
export const partialsSchema = z
  .object({
    format: z.literal("zkprov-audit-partials"),
    version: z.literal(1),
    ceremonyHash: decimal,
    jointKey: pointJson,
    member: index,
    records: z.array(auditRecordRefSchema.extend({ partial: pointJson, proof: dleq }).strict()).min(1),
    signature,
  })
  .strict();
export type PartialsMessage = z.infer<typeof partialsSchema>;
