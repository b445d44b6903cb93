// zkprov committee member-key | init | deal | receive | finish: the audit committee's key ceremony, run as
// files exchanged out of band. Each command is one call into verifier/committee; files are written
// atomically, key and share files 0600. Shares and private keys are never printed.
import { Command } from "commander";
import { InvalidInputError } from "../core/errors.ts";
import { chainOptionsOf, projectOf } from "./session.ts";
import { emit } from "./output.ts";

const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";

/** The committee's cryptography and the file code: loaded when a command runs (cli/README.md, fast start). */
async function libraries() {
  const [committee, files] = await Promise.all([
    import("../verifier/committee/index.ts"),
    import("../artifacts/files.ts"),
  ]);
  return { ...committee, ...files };
}

/** Read a member key file (0600, holds the private key). */
export async function readMemberKey(file: string) {
  const { parseMemberKeyFile, readJsonFile } = await libraries();
  return parseMemberKeyFile(readJsonFile(file, "member key file"), file);
}

async function readCeremony(file: string) {
  const { parseCeremony, readJsonFile } = await libraries();
  return parseCeremony(readJsonFile(file, "ceremony file"), file);
}

/** The `committee` command group. */
export function committeeCommand(): Command {
  const c = new Command("committee").description(
    "the regulator's t-of-n audit committee: key ceremony without a dealer",
  );
  c.command("member-key")
    .description("make a member's signing key (0600) and its public announcement for the coordinator")
    .requiredOption("--name <name>", "the member's name (letters, digits, . _ -)")
    .requiredOption("--out <file>", "member key file to write (0600; keep it)")
    .requiredOption("--announce <file>", "public announcement to write (send it to the coordinator)")
    .option("--force", "overwrite existing files")
    .action(async (o: { name: string; out: string; announce: string; force?: boolean }, cmd: Command) => {
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(o.name))
        throw new InvalidInputError(
          `--name must be 1-64 letters, digits, '.', '_' or '-', got ${JSON.stringify(o.name)}`,
        );
      const { memberAnnouncement, memberKeyFile, newMemberKey, writeFilesAtomic } = await libraries();
      const key = newMemberKey(o.name);
      const announcement = memberAnnouncement(key);
      writeFilesAtomic(
        [
          [o.out, json(memberKeyFile(key)), 0o600],
          [o.announce, json(announcement)],
        ],
        { force: Boolean(o.force) },
      );
      emit(cmd, { keyFile: o.out, announcement: o.announce, name: o.name, publicKey: announcement.publicKey });
    });
  c.command("init")
    .description("coordinator: start a ceremony from the members' announcements (in this order: index 1, 2, ...)")
    .requiredOption("--threshold <t>", "how many members are needed to decrypt")
    .requiredOption("--out <file>", "ceremony file to write (send it to every member)")
    .option("--force", "overwrite an existing file")
    .argument("<announcements...>", "the members' announcement files")
    .action(async (files: string[], o: { threshold: string; out: string; force?: boolean }, cmd: Command) => {
      if (!/^[1-9][0-9]{0,2}$/.test(o.threshold))
        throw new InvalidInputError(`--threshold must be a positive integer, got ${o.threshold}`);
      const { createCeremony, memberFileSchema, parseCommitteeFile, readJsonFile, writeFilesAtomic } =
        await libraries();
      const members = files.map((f) =>
        parseCommitteeFile(memberFileSchema, readJsonFile(f, "member announcement"), "a member announcement", f),
      );
      const ceremony = createCeremony(members, Number(o.threshold));
      writeFilesAtomic([[o.out, json(ceremony)]], { force: Boolean(o.force) });
      emit(cmd, {
        ceremony: o.out,
        id: ceremony.id,
        threshold: ceremony.threshold,
        members: ceremony.members.map((m) => m.name),
      });
    });
  c.command("deal")
    .description("member: deal encrypted shares of a fresh random polynomial to every member (signed)")
    .requiredOption("--ceremony <file>", "the ceremony file")
    .requiredOption("--member-key <file>", "your member key file")
    .requiredOption("--out <file>", "deal message to write (send it to every member)")
    .option("--force", "overwrite an existing file")
    .action(async (o: { ceremony: string; memberKey: string; out: string; force?: boolean }, cmd: Command) => {
      const { dealShares, writeFilesAtomic } = await libraries();
      const deal = dealShares(await readCeremony(o.ceremony), await readMemberKey(o.memberKey));
      writeFilesAtomic([[o.out, json(deal)]], { force: Boolean(o.force) });
      emit(cmd, { deal: o.out, dealer: deal.dealer });
    });
  c.command("receive")
    .description("member: check every deal against its commitments; write a signed report (with complaints)")
    .requiredOption("--ceremony <file>", "the ceremony file")
    .requiredOption("--member-key <file>", "your member key file")
    .requiredOption("--out <file>", "report message to write (send it to every member)")
    .option("--force", "overwrite an existing file")
    .argument("<deals...>", "every member's deal message (your own included)")
    .action(
      async (
        deals: string[],
        o: { ceremony: string; memberKey: string; out: string; force?: boolean },
        cmd: Command,
      ) => {
        const { parseDeal, readJsonFile, reportOnDeals, writeFilesAtomic } = await libraries();
        const ceremony = await readCeremony(o.ceremony);
        const parsed = deals.map((f) => parseDeal(ceremony, readJsonFile(f, "deal message"), f));
        const report = reportOnDeals(ceremony, await readMemberKey(o.memberKey), parsed);
        writeFilesAtomic([[o.out, json(report)]], { force: Boolean(o.force) });
        emit(cmd, {
          report: o.out,
          member: report.member,
          complaints: report.complaints.map((x) => ({ dealer: x.dealer, reason: x.reason })),
        });
      },
    );
  c.command("finish")
    .description("member (or anyone, without --member-key): decide who qualifies; write the committee and your share")
    .requiredOption("--ceremony <file>", "the ceremony file")
    .option("--member-key <file>", "your member key file (to write your share)")
    .option("--share-out <file>", "share file to write (0600; with --member-key)")
    .requiredOption("--deals <files...>", "every deal message")
    .requiredOption("--reports <files...>", "every report message")
    .requiredOption("--out <file>", "committee file to write (public: the joint key and the public shares)")
    .option("--force", "overwrite existing files")
    .action(
      async (
        o: {
          ceremony: string;
          memberKey?: string;
          shareOut?: string;
          deals: string[];
          reports: string[];
          out: string;
          force?: boolean;
        },
        cmd: Command,
      ) => {
        if ((o.memberKey === undefined) !== (o.shareOut === undefined))
          throw new InvalidInputError(
            "give --member-key and --share-out together (or neither, to compute only the committee)",
          );
        const { finishCeremony, parseDeal, parseReport, readJsonFile, writeFilesAtomic } = await libraries();
        const ceremony = await readCeremony(o.ceremony);
        const deals = o.deals.map((f) => parseDeal(ceremony, readJsonFile(f, "deal message"), f));
        const reports = o.reports.map((f) => parseReport(ceremony, readJsonFile(f, "report message"), f));
        const r = finishCeremony(ceremony, deals, reports, o.memberKey ? await readMemberKey(o.memberKey) : undefined);
        writeFilesAtomic(
          [
            [o.out, json(r.committee)],
            ...(r.share ? [[o.shareOut!, json(r.share), 0o600] as [string, string, number]] : []),
          ],
          { force: Boolean(o.force) },
        );
        emit(cmd, {
          committee: o.out,
          ...(r.share ? { share: o.shareOut, index: r.share.index } : {}),
          threshold: r.committee.threshold,
          jointKey: r.committee.jointKey,
          members: r.committee.members.map((m) => m.index),
          disqualified: r.committee.disqualified,
          falseComplaints: r.committee.falseComplaints,
        });
      },
    );
  c.command("pin")
    .description("regulator: pin the committee's joint key as the registry's audit key (a regulator-key rotation)")
    .requiredOption("--committee <file>", "the committee file")
    .action(async (o: { committee: string }, cmd: Command) => {
      const [{ parseCommittee, readJsonFile }, { pinRegulatorKey }] = await Promise.all([
        libraries(),
        import("../prover/chain/regulator-key.ts"),
      ]);
      const committee = parseCommittee(readJsonFile(o.committee, "committee file"), o.committee);
      const key: [bigint, bigint] = [BigInt(committee.jointKey[0]), BigInt(committee.jointKey[1])];
      const tx = await pinRegulatorKey(await projectOf(cmd), chainOptionsOf(cmd), key);
      emit(cmd, { jointKey: committee.jointKey, transaction: tx.hash, gas: tx.gas });
    });
  return c;
}
