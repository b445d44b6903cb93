// zkprov audit partial | combine | scan: the committee's threshold decryption and the oversight scan.
// Thin: each is one call into verifier/committee or verifier/oversight.
import { Command } from "commander";
import fs from "node:fs";
import path from "node:path";
import type { AuditRecordRef } from "../verifier/committee/messages.ts";
import { InvalidInputError } from "../core/errors.ts";
import type { AuditKeySource } from "../verifier/oversight/scan.ts";
import { readMemberKey } from "./committee.ts";
import { emit, progressBar } from "./output.ts";

/**
 * The libraries of the audit commands (the committee's cryptography, the oversight scan's chain reader, ethers):
 * loaded when a command runs, not to build the program (cli/README.md, fast start).
 */
async function libraries() {
  const [committee, codecs, regulatorKey, history, scan, files, workflows] = await Promise.all([
    import("../verifier/committee/index.ts"),
    import("../core/codecs.ts"),
    import("../verifier/regulator-key.ts"),
    import("../verifier/oversight/history.ts"),
    import("../verifier/oversight/scan.ts"),
    import("../artifacts/files.ts"),
    import("../prover/workflows.ts"),
  ]);
  return { ...committee, ...codecs, ...regulatorKey, ...history, ...scan, ...files, ...workflows };
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";
const hex = (v: bigint): string => "0x" + v.toString(16).padStart(64, "0");

interface ChainFlags {
  registry?: string;
  mintGate?: string;
}

/** The chain and deployment to read: --rpc (or the project's chain) and the project's contracts (or flags). */
async function deploymentOf(
  cmd: Command,
  o: ChainFlags,
): Promise<{
  rpc: string;
  registry: string;
  mintGate: string;
  names?: { models?: Record<string, string>; datasets?: Record<string, string> };
}> {
  const [{ openProject, projectDir }, { getAddress }] = await Promise.all([
    import("../prover/chain/project.ts"),
    import("ethers"),
  ]);
  const g = cmd.optsWithGlobals() as { project?: string; rpc?: string };
  const dir = projectDir(g.project);
  const project = fs.existsSync(path.join(dir, "project.json")) ? openProject(dir) : undefined;
  const rpc = g.rpc ?? project?.data.deployment?.rpc ?? project?.data.chain?.rpc;
  if (!rpc || rpc === "embedded")
    throw new InvalidInputError("the scan reads a running chain: pass --rpc URL (or use a project deployed on one)");
  const address = (v: string | undefined, name: string) => {
    if (!v)
      throw new InvalidInputError(
        `no ${name} address: pass --${name === "registry" ? "registry" : "mint-gate"} or use a deployed project`,
      );
    try {
      return getAddress(v);
    } catch {
      throw new InvalidInputError(`--${name === "registry" ? "registry" : "mint-gate"} ${v} is not an address`);
    }
  };
  return {
    rpc,
    registry: address(o.registry ?? project?.data.deployment?.contracts.registry, "registry"),
    mintGate: address(o.mintGate ?? project?.data.deployment?.contracts.mintGate, "mint gate"),
    names: project?.data.names,
  };
}

function blockOf(v: string, name: string): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(v)) throw new InvalidInputError(`${name} must be a block number, got ${v}`);
  return Number(v);
}

/** The audit commands of the committee and the oversight scan. */
export function auditScanCommands(): Command[] {
  const partial = new Command("partial")
    .description("committee member: partially decrypt audit records (bundles, or every mint from a block), with proofs")
    .requiredOption("--committee <file>", "the committee file")
    .requiredOption("--share <file>", "your share file")
    .requiredOption("--member-key <file>", "your member key file (signs the partials)")
    .option("--bundle <files...>", "provenance bundles whose records to decrypt")
    .option("--from-block <n>", "or every token minted from this block on (reads the chain)")
    .option("--registry <address>", "Registry address (default: the project's deployment)")
    .option("--mint-gate <address>", "MintGate address (default: the project's deployment)")
    .requiredOption("--out <file>", "partials file to write (send it to whoever combines)")
    .option("--force", "overwrite an existing file")
    .action(
      async (
        o: {
          committee: string;
          share: string;
          memberKey: string;
          bundle?: string[];
          fromBlock?: string;
          out: string;
          force?: boolean;
        } & ChainFlags,
        cmd: Command,
      ) => {
        if ((o.bundle === undefined) === (o.fromBlock === undefined))
          throw new InvalidInputError("give exactly one of --bundle and --from-block");
        const lib = await libraries();
        const { parseCommittee, parseShareFile, parsePublicSignals, readBundleFile, readJsonFile } = lib;
        const { readOversightHistory, regulatorKeyTimeline, partialDecrypt, writeFilesAtomic } = lib;
        const committee = parseCommittee(readJsonFile(o.committee, "committee file"), o.committee);
        const share = parseShareFile(readJsonFile(o.share, "share file"), o.share, committee);
        let records: AuditRecordRef[];
        if (o.bundle) {
          records = o.bundle.map((f) => {
            const s = parsePublicSignals("provenance", readBundleFile(f, "provenance").publicSignals);
            return {
              id: s.assetHash.toString(),
              ephemeral: [s.auditEphemeral[0]!.toString(), s.auditEphemeral[1]!.toString()],
              cipher: s.auditCipher.map(String),
            };
          });
        } else {
          const d = await deploymentOf(cmd, o);
          const h = await readOversightHistory({
            rpc: d.rpc,
            registry: d.registry,
            mintGate: d.mintGate,
            fromBlock: blockOf(o.fromBlock!, "--from-block"),
            onProgress: progressOf(cmd),
          });
          // Only the records encrypted to this committee (the key pinned when each was minted).
          const { keyAt } = regulatorKeyTimeline(h);
          const mine = h.mints.filter((m) => keyAt(m).join(",") === committee.jointKey.join(","));
          if (!mine.length)
            throw new InvalidInputError(
              `none of the ${h.mints.length} tokens minted from block ${o.fromBlock} to ${h.toBlock} was encrypted to this committee's key`,
            );
          records = mine.map((m) => ({
            id: m.tokenId.toString(),
            ephemeral: [m.auditEphemeral[0].toString(), m.auditEphemeral[1].toString()],
            cipher: m.auditCipher.map(String),
          }));
        }
        const msg = partialDecrypt(committee, share, await readMemberKey(o.memberKey), records);
        writeFilesAtomic([[o.out, json(msg)]], { force: Boolean(o.force) });
        emit(cmd, { partials: o.out, member: msg.member, records: msg.records.length });
      },
    );
  const combine = new Command("combine")
    .description("check every member's partials (refusing bad ones by member) and decrypt with any t valid ones")
    .requiredOption("--committee <file>", "the committee file")
    .argument("<partials...>", "the members' partials files")
    .action(async (files: string[], o: { committee: string }, cmd: Command) => {
      const { combinePartials, parseCommittee, parsePartials, readJsonFile } = await libraries();
      const committee = parseCommittee(readJsonFile(o.committee, "committee file"), o.committee);
      const partials = files.map((f) => parsePartials(readJsonFile(f, "partials file"), f, committee));
      const r = combinePartials(committee, partials, { requireAll: true });
      const records = r.records.map((x) =>
        x.ok
          ? {
              id: x.id,
              members: x.members,
              ...Object.fromEntries(Object.entries(x.record).map(([k, v]) => [k, hex(v as bigint)])),
            }
          : { id: x.id },
      );
      emit(cmd, { records, refused: r.refused }, () => {
        for (const x of r.refused)
          process.stderr.write(
            `zkprov: warning: refused member ${x.member} (${x.name}) for record ${x.record}: ${x.reason}\n`,
          );
        for (const rec of records) process.stdout.write(`${JSON.stringify(rec)}\n`);
      });
    });
  const scan = new Command("scan")
    .description(
      "oversight: every token minted from a block, decrypted, summarised per model, dataset and licensor, flagged",
    )
    .requiredOption("--from-block <n>", "first block to read")
    .option("--to-block <n>", "last block (default: the latest)")
    .option("--regulator-key <file>", "decrypt with the regulator key file")
    .option("--committee <file>", "or with a committee file ...")
    .option("--partials <files...>", "... and its members' partials files (zkprov audit partial --from-block)")
    .option("--idle-days <n>", "flag models with no mint for this many days", "30")
    .option("--registry <address>", "Registry address (default: the project's deployment)")
    .option("--mint-gate <address>", "MintGate address (default: the project's deployment)")
    .action(
      async (
        o: {
          fromBlock: string;
          toBlock?: string;
          regulatorKey?: string;
          committee?: string;
          partials?: string[];
          idleDays: string;
        } & ChainFlags,
        cmd: Command,
      ) => {
        if (o.regulatorKey && o.committee) throw new InvalidInputError("give --regulator-key or --committee, not both");
        if (Boolean(o.committee) !== Boolean(o.partials))
          throw new InvalidInputError("give --committee with --partials");
        if (!/^[0-9]{1,5}$/.test(o.idleDays))
          throw new InvalidInputError(`--idle-days must be a number of days, got ${o.idleDays}`);
        const lib = await libraries();
        const { parseCommittee, parsePartials, parseRegulatorKey, readJsonFile, readOversightHistory, scanHistory } =
          lib;
        let source: AuditKeySource = { kind: "none" };
        if (o.regulatorKey)
          source = {
            kind: "regulator-key",
            key: parseRegulatorKey(readJsonFile(o.regulatorKey, "regulator key file"), o.regulatorKey),
          };
        if (o.committee) {
          const committee = parseCommittee(readJsonFile(o.committee, "committee file"), o.committee);
          source = {
            kind: "committee",
            committee,
            partials: o.partials!.map((f) => parsePartials(readJsonFile(f, "partials file"), f, committee)),
          };
        }
        const d = await deploymentOf(cmd, o);
        const h = await readOversightHistory({
          rpc: d.rpc,
          registry: d.registry,
          mintGate: d.mintGate,
          fromBlock: blockOf(o.fromBlock, "--from-block"),
          ...(o.toBlock ? { toBlock: blockOf(o.toBlock, "--to-block") } : {}),
          onProgress: progressOf(cmd),
        });
        const report = scanHistory(h, source, { names: d.names, idleSeconds: Number(o.idleDays) * 86_400 });
        emit(cmd, report as unknown as Record<string, unknown>, () => {
          const t = report.totals;
          process.stdout.write(
            `blocks ${report.fromBlock}-${report.toBlock}: ${t.tokens} tokens, ${t.decrypted} decrypted, ${t.flagged} flagged\n`,
          );
          for (const m of report.models)
            process.stdout.write(`model ${m.name ?? m.modelHash}: ${m.mints} mints, ${m.status}\n`);
          for (const x of report.datasets)
            process.stdout.write(
              `dataset ${x.name ?? x.datasetHash}: ${x.mints} mints, royalty bps ${x.royaltyBps.join(",")}\n`,
            );
          for (const l of report.licensors)
            process.stdout.write(
              `licensor ${l.licensor ?? "(no LicenseDescribed event)"}: ${l.mints} mints, ${l.licenses.length} license entries, rights ${l.grantedRights.join(",")}, royalty bps ${l.royaltyBps.join(",")}\n`,
            );
          for (const f of report.flags) process.stdout.write(`flag ${f.kind}: ${f.detail}\n`);
        });
      },
    );
  return [partial, combine, scan];
}

/** Progress on stderr for people, nothing with --json's quiet scripts unless stderr is a terminal. */
function progressOf(cmd: Command): ((done: number, total: number) => void) | undefined {
  if ((cmd.optsWithGlobals() as { json?: boolean }).json && !process.stderr.isTTY) return undefined;
  const bar = progressBar("reading events");
  return (done, total) => bar(`${done}/${total} blocks`, done / total);
}
