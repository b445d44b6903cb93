// File-level Content Credentials workflows, one per CLI command: embed a bundle into its asset, verify an asset
// with embedded credentials (through the same bundle verification as `zkprov verify bundle.json`), and read the
// embedded proof for minting.
import fs from "node:fs";
import { c2paMediaTypeOf } from "../../verifier/c2pa/content.ts";
import { verifyAsset, type AssetReport } from "../../verifier/c2pa/verify-asset.ts";
import { InvalidInputError } from "../../core/errors.ts";
import type { VerificationKey } from "../../core/vkey.ts";
import { installedVerificationKey, knownRootsOf, readBundleFile } from "../workflows.ts";
import { embedContentCredentials, type EmbeddedAsset } from "./embed.ts";
import { userClaimSigner } from "./signer.ts";
import { type ProofBundle } from "../../core/formats/bundle.ts";
import { readJsonFile, requireWritable, writeFilesAtomic } from "../../artifacts/files.ts";

function readBytes(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new InvalidInputError(`cannot read ${what} ${file}${code === "ENOENT" ? ": no such file" : ""}`, { cause });
  }
}

/**
 * Whether a file is an image zkprov reads Content Credentials from (JPEG or PNG, by its first bytes).
 *
 * @example if (isC2paAssetFile("art.jpg")) await verifyAssetFile("art.jpg", vkeyFile)
 */
export function isC2paAssetFile(file: string): boolean {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, "r");
    head = Buffer.alloc(8);
    fs.readSync(fd, head, 0, 8, 0);
    fs.closeSync(fd);
  } catch {
    return false;
  }
  return c2paMediaTypeOf(head) !== undefined;
}

/** What embedBundleFile needs. */
export interface EmbedBundleFileInput {
  assetFile: string;
  bundleFile: string;
  outFile: string;
  /** The user's certificate chain (PEM, leaf first) and PKCS#8 P-256 key; both or neither. */
  certFile?: string;
  keyFile?: string;
  force?: boolean;
}

/**
 * Write `outFile`: the asset with its provenance bundle embedded as Content Credentials (atomic, never over an
 * existing file unless `force`).
 *
 * @throws {InvalidInputError} naming the file: unreadable, not a JPEG/PNG, a bundle for another asset, a
 *   certificate without its key or a key that is not the certificate's.
 * @example const r = await embedBundleFile({ assetFile: "art.png", bundleFile: "bundle.json", outFile: "art.c2pa.png" })
 */
export async function embedBundleFile(i: EmbedBundleFileInput): Promise<Omit<EmbeddedAsset, "bytes">> {
  requireWritable([i.outFile], i.force);
  if ((i.certFile === undefined) !== (i.keyFile === undefined))
    throw new InvalidInputError("give both --cert and --cert-key (a certificate and its private key), or neither");
  const bundle = readBundleFile(i.bundleFile, "provenance");
  const asset = readBytes(i.assetFile, "asset");
  const signer =
    i.certFile && i.keyFile
      ? await userClaimSigner(
          readBytes(i.certFile, "certificate").toString("utf8"),
          readBytes(i.keyFile, "certificate key").toString("utf8"),
          i.certFile,
        )
      : undefined;
  const { bytes, ...rest } = await embedContentCredentials(asset, bundle, { signer }, `asset ${i.assetFile}`);
  writeFilesAtomic([[i.outFile, bytes]], { force: i.force });
  return rest;
}

/**
 * Verify an asset file's embedded zkprov proof and Content Credentials against a verification-key file and
 * registry snapshot files (roots skipped without snapshots); the key defaults to the installed build's.
 *
 * @throws {InvalidInputError} for an unreadable or unsupported file, a malformed key or snapshot.
 * @example const report = await verifyAssetFile("art.jpg", "verification_key.json", ["models.json", "licenses.json"])
 */
export async function verifyAssetFile(
  assetFile: string,
  vkeyFile?: string,
  snapshotFiles: string[] = [],
): Promise<AssetReport> {
  const vkey = vkeyFile
    ? (readJsonFile(vkeyFile, "verification key") as VerificationKey)
    : installedVerificationKey("provenance");
  if (typeof vkey !== "object" || vkey === null || !Array.isArray(vkey.IC))
    throw new InvalidInputError(`${vkeyFile} is not a snarkjs verification key`);
  return verifyAsset(readBytes(assetFile, "asset"), { vkey, ...knownRootsOf(snapshotFiles) }, assetFile);
}

/**
 * The provenance bundle embedded in an asset file, verified first against the local pinned key: the credentials
 * are there, the hard binding holds, the zkprov assertion is intact, its proof verifies and is for this file's
 * content. (The registry roots are the mint gate's to check.)
 *
 * @throws {InvalidInputError} naming the file and the first check that fails.
 * @example const { bundle, manifestStoreHash } = await readAssetBundleFile("art.jpg")
 */
export async function readAssetBundleFile(
  assetFile: string,
): Promise<{ bundle: ProofBundle; manifestLabel: string; manifestStoreHash: string }> {
  const report = await verifyAssetFile(assetFile);
  const failed = report.checks.find((c) => c.status === "fail");
  if (failed || !report.bundle)
    throw new InvalidInputError(
      `${assetFile}: ${failed?.name ?? "zkprov assertion"}: ${failed?.reason ?? "no embedded proof"}`,
    );
  return { bundle: report.bundle, manifestLabel: report.manifestLabel!, manifestStoreHash: report.manifestStoreHash! };
}
