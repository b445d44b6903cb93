// A member's partial decryptions, signed with the member's key (Node only, as signing.ts: the pages check
// partials, in threshold.ts, and never make them). D = share * E with a Chaum-Pedersen proof, as threshold.ts
// describes.
import { InvalidInputError } from "../../core/errors.ts";
import { proveDleq } from "./dleq.ts";
import { GENERATOR, mul, pointEq, pointToJson, requireSubgroupPoint, type GroupPoint } from "./group.ts";
import type { AuditRecordRef, CommitteeFile, PartialsMessage, ShareFile } from "./messages.ts";
import { memberPublicKey, signMessageObject, type MemberKey } from "./signing.ts";
import { partialContext } from "./threshold.ts";

const P = (p: readonly string[]): GroupPoint => [BigInt(p[0]!), BigInt(p[1]!)];

/**
 * A member's partial decryptions of audit records: D = share * E for each, with its Chaum-Pedersen proof,
 * signed with the member's key. The partials reveal nothing of the share and, alone, nothing of the record.
 *
 * @throws {InvalidInputError} if an ephemeral key is not a subgroup point (it would leak the share mod 8),
 * or the member key is not the share's member.
 * @example const msg = partialDecrypt(committee, share, aliceKey, [{ id: "42", ephemeral, cipher }])
 */
export function partialDecrypt(
  committee: CommitteeFile,
  share: ShareFile,
  key: MemberKey,
  records: AuditRecordRef[],
): PartialsMessage {
  const member = committee.members.find((m) => m.index === share.index);
  if (!member || !pointEq(P(member.publicKey), memberPublicKey(key.privateKey)))
    throw new InvalidInputError(`the member key ${key.name} is not the key of share holder ${share.index}`);
  if (records.length === 0) throw new InvalidInputError("no audit records to decrypt");
  const x = BigInt(share.share);
  const y = P(share.publicShare);
  const body = {
    format: "zkprov-audit-partials" as const,
    version: 1 as const,
    ceremonyHash: committee.ceremonyHash,
    jointKey: committee.jointKey,
    member: share.index,
    records: records.map((r) => {
      const e = requireSubgroupPoint(P(r.ephemeral), `the auditEphemeral of record ${r.id}`);
      const d = mul(e, x);
      const proof = proveDleq(x, { g1: GENERATOR, h1: y, g2: e, h2: d }, partialContext(committee));
      return { ...r, partial: pointToJson(d), proof: { c: proof.c.toString(), z: proof.z.toString() } };
    }),
  };
  return { ...body, signature: signMessageObject(key, body) };
}
