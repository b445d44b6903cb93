// Member keys and message signing of the committee (Node only): EdDSA-Poseidon over BabyJubJub (circomlib
// scheme, @zk-kit/eddsa-poseidon's `blake-1` entry, as the model keys use). A message is signed over the
// SHA-256 of its canonical JSON (keys sorted, without the `signature` field), shifted into the field
// (signatures.ts, which also checks signatures and is the half the pages bundle). The member's EdDSA secret
// scalar also receives the shares dealt to it (ECDH with the dealer's ephemeral key).
import { createRequire } from "node:module";
import { InvalidInputError } from "../../core/errors.ts";
import type { GroupPoint } from "./group.ts";
import { memberKeyFileSchema, type MemberKeyFile } from "./messages.ts";
import { parseCommitteeFile } from "./parse.ts";
import { messageDigest, type MessageSignature } from "./signatures.ts";

// Version 1.1.0's ESM path for the blake-1 entry points at files the package does not ship, so require().
const require = createRequire(import.meta.url);
const eddsa = require("@zk-kit/eddsa-poseidon/blake-1") as {
  derivePublicKey(privateKey: Uint8Array): [bigint, bigint];
  deriveSecretScalar(privateKey: Uint8Array): bigint;
  signMessage(privateKey: Uint8Array, message: bigint): { R8: [bigint, bigint]; S: bigint };
};

/** A committee member's signing key: 32 secret bytes (circomlib derivation) and the public key. */
export interface MemberKey {
  name: string;
  privateKey: Uint8Array;
  publicKey: GroupPoint;
}

/**
 * Make a fresh member key.
 *
 * @example const alice = newMemberKey("alice")
 */
export function newMemberKey(name: string): MemberKey {
  const privateKey = new Uint8Array(32);
  globalThis.crypto.getRandomValues(privateKey);
  return { name, privateKey, publicKey: eddsa.derivePublicKey(privateKey) };
}

/** The public key of a member's 32 private bytes. */
export function memberPublicKey(privateKey: Uint8Array): GroupPoint {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== 32)
    throw new InvalidInputError("a member private key must be 32 bytes");
  return eddsa.derivePublicKey(privateKey);
}

/** The member's secret scalar a (public key = a * Base8): the receiving key for dealt shares. */
export function memberSecretScalar(key: MemberKey): bigint {
  return eddsa.deriveSecretScalar(key.privateKey);
}

/**
 * Sign a message object (everything but its `signature` field) with a member key.
 *
 * @example const deal = { ...body, signature: signMessageObject(key, body) }
 */
export function signMessageObject(key: MemberKey, message: object): MessageSignature {
  const s = eddsa.signMessage(key.privateKey, messageDigest(message));
  return { R8: [s.R8[0].toString(), s.R8[1].toString()], S: s.S.toString() };
}

/**
 * The member key file's content (write it 0600: it holds the private key).
 *
 * @example writeFile("alice.member.key.json", JSON.stringify(memberKeyFile(key)), { mode: 0o600 })
 */
export function memberKeyFile(key: MemberKey): MemberKeyFile {
  return {
    format: "zkprov-committee-member-key",
    version: 1,
    name: key.name,
    privateKey: [...key.privateKey].map((b) => b.toString(16).padStart(2, "0")).join(""),
    publicKey: [key.publicKey[0].toString(), key.publicKey[1].toString()],
  };
}

/**
 * Validate a parsed member key file: its public key must be the private key's. `where` names the file.
 *
 * @throws {InvalidInputError} naming the file.
 */
export function parseMemberKeyFile(value: unknown, where: string): MemberKey {
  const f = parseCommitteeFile(memberKeyFileSchema, value, "a committee member key file", where);
  const privateKey = new Uint8Array(f.privateKey.match(/../g)!.map((h) => parseInt(h, 16)));
  const publicKey = memberPublicKey(privateKey);
  if (publicKey[0].toString() !== f.publicKey[0] || publicKey[1].toString() !== f.publicKey[1])
    throw new InvalidInputError(`${where}: the public key does not belong to the private key (corrupt key file)`);
  return { name: f.name, privateKey, publicKey };
}
