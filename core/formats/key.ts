// The key file (`zkprov keys new <kind>`, written 0600): one secret and its public part. `kind` decides which:
//   model      32 private bytes (EdDSA-Poseidon, circomlib scheme) and the public key
//   regulator  the audit secret scalar and its public key
//   account    an Ethereum private key and its address (it signs transactions)
//   creator, licensor, licensee   an identity secret and its commitment
// parse checks the shape only; that the public part belongs to the secret is checked where the curve
// arithmetic lives (prover/key-file.ts readKeyFile, verifier/regulator-key.ts parseRegulatorKey).
import { z } from "zod";
import { fieldStringSchema } from "../field.ts";
import { dec, jsonText, parseWithSchema, type DocumentFormat } from "./format.ts";

/** The key file format's name and version. */
export const KEY_FORMAT = "zkprov-key";
export const KEY_VERSION = 1;

/** Key kinds `zkprov keys new` makes. */
export const KEY_KINDS = ["model", "regulator", "creator", "licensor", "licensee", "account"] as const;
/** A key kind. */
export type KeyKind = (typeof KEY_KINDS)[number];

const point = z.tuple([fieldStringSchema, fieldStringSchema]);
const head = { format: z.literal(KEY_FORMAT), version: z.literal(KEY_VERSION) };

/** The regulator key file schema (the `regulator` kind, the one the verification page reads). */
export const regulatorKeyFileSchema = z.object({
  ...head,
  kind: z.literal("regulator"),
  secret: fieldStringSchema,
  publicKey: point,
});

/** The key file schema: `kind` decides which secret and which public part it holds. */
export const keyFileSchema = z.discriminatedUnion("kind", [
  z.object({
    ...head,
    kind: z.literal("model"),
    privateKey: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits"),
    publicKey: point,
  }),
  regulatorKeyFileSchema,
  z.object({
    ...head,
    kind: z.literal("account"),
    privateKey: z.string().regex(/^0x[0-9a-f]{64}$/, "0x and 64 lowercase hex digits"),
    address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address"),
  }),
  ...(["creator", "licensor", "licensee"] as const).map((kind) =>
    z.object({ ...head, kind: z.literal(kind), secret: fieldStringSchema, commitment: fieldStringSchema }),
  ),
] as unknown as [z.ZodDiscriminatedUnionOption<"kind">, ...z.ZodDiscriminatedUnionOption<"kind">[]]);

/** An identity key (creator, licensor, licensee): a field secret and its commitment. */
export interface IdentityKey<K extends "creator" | "licensor" | "licensee"> {
  kind: K;
  secret: bigint;
  commitment: bigint;
}

/** A parsed key file. */
export type KeyFile =
  | { kind: "model"; privateKey: Uint8Array; publicKey: [bigint, bigint] }
  | { kind: "regulator"; secret: bigint; publicKey: [bigint, bigint] }
  /** An Ethereum account that signs transactions (secp256k1). */
  | { kind: "account"; privateKey: string; address: string }
  | IdentityKey<"creator">
  | IdentityKey<"licensor">
  | IdentityKey<"licensee">;

const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));

function parseKey(value: unknown, where: string): KeyFile {
  const raw = parseWithSchema(keyFileSchema, value, where, "zkprov key file") as Record<string, unknown> & {
    kind: KeyKind;
  };
  const pair = (p: unknown) => p as [bigint, bigint];
  switch (raw.kind) {
    case "model":
      return { kind: "model", privateKey: fromHex(raw.privateKey as string), publicKey: pair(raw.publicKey) };
    case "regulator":
      return { kind: "regulator", secret: raw.secret as bigint, publicKey: pair(raw.publicKey) };
    case "account":
      return { kind: "account", privateKey: raw.privateKey as string, address: raw.address as string };
    default:
      return { kind: raw.kind, secret: raw.secret as bigint, commitment: raw.commitment as bigint } as KeyFile;
  }
}

function serializeKey(key: KeyFile): string {
  const h = { format: KEY_FORMAT, version: KEY_VERSION, kind: key.kind };
  if (key.kind === "model")
    return jsonText({ ...h, privateKey: toHex(key.privateKey), publicKey: key.publicKey.map(dec) });
  if (key.kind === "regulator") return jsonText({ ...h, secret: dec(key.secret), publicKey: key.publicKey.map(dec) });
  if (key.kind === "account") return jsonText({ ...h, privateKey: key.privateKey, address: key.address });
  return jsonText({ ...h, secret: dec(key.secret), commitment: dec(key.commitment) });
}

/**
 * The key file format. parse checks the shape, not that the public part belongs to the secret.
 *
 * @example const key = keyFormat.parse(JSON.parse(text), "creator.key.json"); key.kind // "creator"
 */
export const keyFormat: DocumentFormat<KeyFile> = {
  name: KEY_FORMAT,
  version: KEY_VERSION,
  title: "zkprov key file",
  schema: keyFileSchema,
  parse: parseKey,
  serialize: serializeKey,
};
