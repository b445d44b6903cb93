// The C2PA claim signer. By default an ephemeral certificate made for one asset and thrown away: self-signed,
// subject "zkprov ephemeral claim signer", a fresh P-256 key, nothing about the creator, the model or the
// operator. Trust in a zkprov asset comes from the zkprov assertion and the registry, not from this signature.
// A user may sign with its own certificate and key instead (its name is then in the manifest).
import * as x509 from "@peculiar/x509";
import type { Signer } from "@trustnxt/c2pa-ts/cose";
import { InvalidInputError } from "../../core/errors.ts";

/** COSE ES256 (ECDSA P-256 with SHA-256). */
const ES256 = -7;
/** The subject of every ephemeral certificate: the same for all, so it names nobody. */
export const EPHEMERAL_SUBJECT = "CN=zkprov ephemeral claim signer,O=zkprov";
/** The subject of the per-asset root that issues it. */
export const EPHEMERAL_ROOT_SUBJECT = "CN=zkprov ephemeral root,O=zkprov";
/** id-kp-emailProtection, one of the extended key usages C2PA accepts for claim signing. */
const EKU_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
const ECDSA = { name: "ECDSA", namedCurve: "P-256" } as const;

/** A claim signer and what it reveals. */
export interface ClaimSigner {
  signer: Signer;
  /** "ephemeral": a per-asset self-signed certificate that names nobody; "user": the caller's own. */
  kind: "ephemeral" | "user";
  subject: string;
}

/** A WebCrypto ECDSA signer: its signatures are already the IEEE P1363 r|s form COSE (and C2PA) require. */
function webCryptoSigner(key: CryptoKey, certificate: x509.X509Certificate, chain: x509.X509Certificate[]): Signer {
  return {
    algorithm: ES256,
    certificate,
    chainCertificates: chain,
    sign: async (payload: Uint8Array) =>
      new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, payload as BufferSource)),
  } as unknown as Signer;
}

const randomSerial = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0"))
    .join("")
    .replace(/^[89a-f]/, "1"); // a positive DER integer

/**
 * A fresh ephemeral claim signer: a P-256 key with a certificate issued by a P-256 root made for this asset only
 * (the reference implementation refuses a self-signed end-entity certificate), both valid for a day either side
 * of now, with subjects that are the same for every asset. Both keys exist only in memory and are dropped.
 *
 * @example const { signer } = await ephemeralClaimSigner()
 */
export async function ephemeralClaimSigner(now = new Date()): Promise<ClaimSigner> {
  const day = 24 * 3600 * 1000;
  const validity = { notBefore: new Date(now.getTime() - day), notAfter: new Date(now.getTime() + day) };
  const signingAlgorithm = { name: "ECDSA", hash: "SHA-256" };
  const rootKeys = (await crypto.subtle.generateKey(ECDSA, false, ["sign", "verify"])) as CryptoKeyPair;
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: EPHEMERAL_ROOT_SUBJECT,
    ...validity,
    signingAlgorithm,
    keys: rootKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const keys = (await crypto.subtle.generateKey(ECDSA, false, ["sign", "verify"])) as CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: EPHEMERAL_SUBJECT,
    issuer: root.subject,
    ...validity,
    signingAlgorithm,
    publicKey: keys.publicKey,
    signingKey: rootKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([EKU_EMAIL_PROTECTION], false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  return { signer: webCryptoSigner(keys.privateKey, leaf, [root]), kind: "ephemeral", subject: EPHEMERAL_SUBJECT };
}

/**
 * A claim signer from the user's certificate chain (PEM, leaf first) and P-256 private key (PKCS#8 PEM).
 *
 * @throws {InvalidInputError} if the PEM does not parse, the key is not P-256 or does not belong to the certificate.
 * @example const s = await userClaimSigner(fs.readFileSync("cert.pem", "utf8"), fs.readFileSync("key.pem", "utf8"))
 */
export async function userClaimSigner(
  certificatePem: string,
  keyPem: string,
  what = "the certificate",
): Promise<ClaimSigner> {
  let chain: x509.X509Certificate[];
  try {
    const blocks = certificatePem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    chain = blocks.map((b) => new x509.X509Certificate(b));
  } catch (cause) {
    throw new InvalidInputError(`${what} is not a PEM certificate chain`, { cause });
  }
  if (chain.length === 0) throw new InvalidInputError(`${what} holds no certificate`);
  const der = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(keyPem)?.[1];
  if (!der) throw new InvalidInputError(`the claim signing key is not a PKCS#8 PEM (BEGIN PRIVATE KEY)`);
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey("pkcs8", Buffer.from(der.replace(/\s+/g, ""), "base64"), ECDSA, false, [
      "sign",
    ]);
  } catch (cause) {
    throw new InvalidInputError("the claim signing key is not a P-256 (ES256) private key", { cause });
  }
  const leaf = chain[0]!;
  const probe = new TextEncoder().encode("zkprov claim signer key check");
  const sig = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, probe);
  const pub = await leaf.publicKey.export(ECDSA, ["verify"]);
  if (!(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, pub, sig, probe)))
    throw new InvalidInputError(`the claim signing key does not belong to ${what}`);
  return { signer: webCryptoSigner(key, leaf, chain.slice(1)), kind: "user", subject: leaf.subject };
}
