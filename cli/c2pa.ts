// zkprov c2pa embed, and `zkprov verify <asset>` for an asset with embedded Content Credentials.
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { VERDICTS } from "../verifier/verdicts.ts";
import { emit } from "./output.ts";

// The C2PA libraries and the verifier load when a command runs, not to build the program (cli/README.md, fast
// start).
const c2paFiles = () => import("../prover/c2pa/files.ts");

const hex = (v: bigint): string => "0x" + v.toString(16).padStart(64, "0");

/** Said whenever zkprov signs a claim with its ephemeral certificate (also in docs/C2PA.md). */
export const EPHEMERAL_NOTICE =
  "the C2PA claim is signed with an ephemeral per-asset certificate that names nobody: it reveals neither the " +
  "creator, the model nor the operator, and C2PA tools will call its signer untrusted; trust comes from the " +
  "embedded zkprov proof and the registry (pass --cert and --cert-key to sign with your own certificate)";

/** The `c2pa` command group: Content Credentials. */
export function c2paCommand(): Command {
  const c2pa = new Command("c2pa").description("Content Credentials (C2PA): the proof inside the asset");
  c2pa
    .command("embed")
    .description("write the asset with its provenance bundle embedded as a signed C2PA manifest (JPEG, PNG)")
    .argument("<asset>", "the asset the bundle proves (JPEG or PNG; a manifest it carries becomes the parent)")
    .requiredOption("--bundle <file>", "the provenance bundle of this asset (from `zkprov prove provenance`)")
    .requiredOption("--out <file>", "the asset file to write, with Content Credentials")
    .option("--cert <file>", "sign the claim with this certificate chain (PEM, leaf first) instead of an ephemeral one")
    .option("--cert-key <file>", "the certificate's P-256 private key (PKCS#8 PEM)")
    .option("--force", "overwrite an existing output file")
    .action(
      async (
        asset: string,
        o: { bundle: string; out: string; cert?: string; certKey?: string; force?: boolean },
        cmd: Command,
      ) => {
        const { embedBundleFile } = await c2paFiles();
        const r = await embedBundleFile({
          assetFile: asset,
          bundleFile: o.bundle,
          outFile: o.out,
          certFile: o.cert,
          keyFile: o.certKey,
          force: Boolean(o.force),
        });
        const ephemeral = r.signer.kind === "ephemeral";
        emit(cmd, {
          out: o.out,
          mediaType: r.mediaType,
          manifest: r.manifestLabel,
          manifestStoreBytes: r.manifestStoreBytes,
          ...(r.parentManifest ? { parentManifest: r.parentManifest } : {}),
          signer: r.signer.subject,
          signerKind: r.signer.kind,
          ...(ephemeral ? { notice: EPHEMERAL_NOTICE } : {}),
        });
        if (ephemeral && !(cmd.optsWithGlobals() as { json?: boolean }).json)
          process.stderr.write(`zkprov: note: ${EPHEMERAL_NOTICE}\n`);
      },
    );
  return c2pa;
}

/**
 * `zkprov verify <asset>`: the asset's Content Credentials and embedded proof, each check by name; with
 * `--regulator-key`, the audit record decrypted. Exit 0 only if valid.
 */
export async function verifyAssetCommand(
  cmd: Command,
  asset: string,
  o: { vkey?: string; snapshot?: string[]; regulatorKey?: string; registry?: boolean },
): Promise<void> {
  const { verifyAssetFile } = await c2paFiles();
  const report = await verifyAssetFile(asset, o.vkey, o.snapshot ?? []);
  // As for a bundle: "registry membership not checked" is accepted only when asked for (--no-registry).
  const accepted = report.valid || (report.verdict === "unchecked" && o.registry === false);
  let audit: Record<string, string> | undefined;
  if (o.regulatorKey && accepted && report.bundle) {
    const [{ openProject, projectDir }, { auditBundle }] = await Promise.all([
      import("../prover/chain/project.ts"),
      import("../prover/workflows.ts"),
    ]);
    const dir = projectDir((cmd.optsWithGlobals() as { project?: string }).project);
    const names = fs.existsSync(path.join(dir, "project.json")) ? openProject(dir).data.names : undefined;
    const { record } = auditBundle(report.bundle, asset, o.regulatorKey, undefined, names);
    audit = {
      modelHash: hex(record.modelHash),
      ...(record.modelName === undefined ? {} : { modelName: record.modelName }),
      datasetHash: hex(record.datasetHash),
      ...(record.datasetName === undefined ? {} : { datasetName: record.datasetName }),
      creatorCommit: hex(record.creatorCommit),
    };
  }
  const { bundle: _bundle, ...shown } = report;
  void _bundle;
  emit(cmd, { asset, ...shown, ...(audit ? { audit } : {}) }, () => {
    for (const c of report.checks) process.stdout.write(`${c.status.padEnd(7)} ${c.name}: ${c.reason}\n`);
    if (report.signer)
      process.stdout.write(
        `signer  ${report.signer.subject} (${report.signer.ephemeral ? "zkprov ephemeral certificate: names nobody" : "issued by " + report.signer.issuer}), ${report.signer.trust}: not part of the verdict\n`,
      );
    if (audit)
      process.stdout.write(
        `audit   model ${audit.modelName ?? "(unnamed)"} ${audit.modelHash}, dataset ${audit.datasetName ?? "(unnamed)"} ${audit.datasetHash}, creatorCommit ${audit.creatorCommit}\n`,
      );
    process.stdout.write(
      report.verdict === "valid"
        ? `valid provenance proof in ${asset}\n`
        : report.verdict === "unchecked"
          ? `${VERDICTS.unchecked} (provenance proof in ${asset})\n`
          : `INVALID: ${asset}\n`,
    );
  });
  if (!accepted) {
    process.stderr.write(
      report.verdict === "unchecked"
        ? `zkprov: error: ${asset}: ${VERDICTS.unchecked}: give the registry snapshots (--snapshot), or --no-registry to check the proof alone\n`
        : `zkprov: error: ${asset} does not carry a valid provenance proof (see the failed checks)\n`,
    );
    process.exitCode = 1;
  }
}
