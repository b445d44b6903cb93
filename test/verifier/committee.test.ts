// The regulator's t-of-n audit committee (verifier/committee): a 3-of-5 key generation without a trusted
// dealer run as signed messages, threshold decryption of a record minted on chain by a real provenance proof,
// the identification of a bad dealer and of a bad partial, and a rotation to a new committee through the
// registry's regulator-key rotation.
import { expect } from "chai";
import { network } from "hardhat";
import { modelLeaf } from "../../core/hashes.ts";
import { readOversightHistory, scanHistory } from "../../verifier/oversight/index.ts";
import { terminateCurves } from "../../core/curve.ts";
import { InvalidInputError } from "../../core/errors.ts";
import {
  GENERATOR,
  ThresholdNotMetError,
  add,
  combinePartials,
  createCeremony,
  dealShares,
  finishCeremony,
  lagrangeAtZero,
  memberAnnouncement,
  modQ,
  mul,
  newMemberKey,
  parseDeal,
  partialDecrypt,
  pointEq,
  pointToJson,
  reportOnDeals,
  signMessageObject,
  proveDleq,
  memberSecretScalar,
  complaintContext,
  type AuditRecordRef,
  type Ceremony,
  type CommitteeFile,
  type DealMessage,
  type MemberKey,
  type PartialsMessage,
  type ShareFile,
} from "../../verifier/committee/index.ts";
import ZkprovModule from "../../ignition/modules/Zkprov.ts";
import { typed } from "../../prover/chain/typed.ts";
import { GRANTED_RIGHTS, ROYALTY_BPS, makeWorld, proveProvenance, registerWorldEntries } from "../../fixtures/world.ts";

const { ethers, ignition, networkHelpers } = await network.create();
const { time } = networkHelpers;

interface Run {
  ceremony: Ceremony;
  keys: MemberKey[];
  deals: DealMessage[];
  committee: CommitteeFile;
  shares: ShareFile[];
}

/** A whole ceremony: every member deals, reports and finishes; returns every member's outcome. */
function ceremonyOf(
  n: number,
  t: number,
  corrupt?: { dealer: number; to: number },
): Run & { committees: string[]; reports: ReturnType<typeof reportOnDeals>[] } {
  const keys = Array.from({ length: n }, (_, i) => newMemberKey(`member-${i + 1}`));
  const ceremony = createCeremony(keys.map(memberAnnouncement), t);
  const deals = keys.map((k, i) =>
    dealShares(ceremony, k, corrupt?.dealer === i + 1 ? { corruptShareFor: { to: corrupt.to, delta: 1n } } : {}),
  );
  // The files travel as JSON: what each member reads back is parsed and its signature checked.
  const received = deals.map((d, i) => parseDeal(ceremony, JSON.parse(JSON.stringify(d)), `deal-${i + 1}.json`));
  const reports = keys.map((k) => reportOnDeals(ceremony, k, received));
  const outcomes = keys.map((k) => {
    try {
      return finishCeremony(ceremony, received, reports, k);
    } catch (e) {
      return { error: e as Error };
    }
  });
  const ok = outcomes.filter((o): o is ReturnType<typeof finishCeremony> => !("error" in o));
  return {
    ceremony,
    keys,
    deals,
    committee: ok[0]!.committee,
    shares: ok.map((o) => o.share!),
    reports,
    committees: ok.map((o) => JSON.stringify(o.committee)),
  };
}

function partialsOf(run: Run, members: number[], records: AuditRecordRef[]): PartialsMessage[] {
  return members.map((i) =>
    partialDecrypt(run.committee, run.shares.find((s) => s.index === i)!, run.keys[i - 1]!, records),
  );
}

function subsets<T>(items: T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, k - 1).map((s) => [first!, ...s]), ...subsets(rest, k)];
}

describe("audit committee (t-of-n)", function () {
  let a: ReturnType<typeof ceremonyOf>;
  let record: AuditRecordRef;
  let w: ReturnType<typeof makeWorld>;
  let registry: ReturnType<typeof typed<"Registry">>;
  let mintGateAddress: string;
  let rotatedTo: ReturnType<typeof ceremonyOf> | undefined;

  before(async function () {
    a = ceremonyOf(5, 3);
    // A real mint whose audit record is encrypted to the committee's joint key (pinned as the regulator key).
    const base = BigInt(Math.floor(Date.now() / 1000)) + 30n * 86_400n;
    w = makeWorld(base - 3_600n, base + 365n * 86_400n);
    w.regulator = { secret: 0n, publicKey: [BigInt(a.committee.jointKey[0]), BigInt(a.committee.jointKey[1])] };
    const [, curator, licensor, alice] = await ethers.getSigners();
    const deployed = await ignition.deploy(ZkprovModule, {
      parameters: {
        Registry: { regulatorKey: a.committee.jointKey, rootWindow: 600n, adminDelay: 3_600n },
        Zkprov: { nowWindow: 300n, royaltyRate: 500n, rightFees: Array.from({ length: 16 }, () => "1000") },
      },
    });
    registry = typed("Registry", deployed.registry);
    const mintGate = typed("MintGate", deployed.mintGate);
    mintGateAddress = await mintGate.getAddress();
    await registry.grantRole(await registry.CURATOR_ROLE(), curator!.address);
    await registry.grantRole(await registry.LICENSOR_ROLE(), licensor!.address);
    await registerWorldEntries(w, {
      insertModel: (ax, ay, modelHash, rights) => registry.connect(curator!).insertModel(ax, ay, modelHash, rights),
      insertLicense: (body, start, expiry) => registry.connect(licensor!).insertLicense(body, start, expiry),
      setNextBlockTimestamp: (t) => time.setNextBlockTimestamp(t),
    });
    await time.increaseTo(base);
    const context = await mintGate.mintContext(alice!.address, w.assetHash);
    const p = await proveProvenance(w, { now: base + 60n, context });
    await terminateCurves();
    await time.setNextBlockTimestamp(base + 60n);
    const receipt = await (await mintGate.connect(alice!).mint(alice!.address, p.proof, p.pub)).wait();
    const minted = receipt!.logs
      .map((l: Parameters<typeof mintGate.interface.parseLog>[0]) => mintGate.interface.parseLog(l))
      .find((e: { name?: string } | null) => e?.name === "Minted")!;
    record = {
      id: (minted.args.assetHash as bigint).toString(),
      ephemeral: (minted.args.auditEphemeral as bigint[]).map(String) as [string, string],
      cipher: (minted.args.auditCipher as bigint[]).map(String),
    };
  });

  it("3-of-5 key generation: every member ends with the same committee, and any 3 shares interpolate to the joint key", function () {
    expect(a.shares).to.have.length(5);
    expect(new Set(a.committees).size, "all five members compute the same committee file").to.equal(1);
    expect(a.committee.members.map((m) => m.index)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(a.committee.disqualified).to.deep.equal([]);
    for (const set of subsets([1, 2, 3, 4, 5], 3)) {
      const l = lagrangeAtZero(set);
      const x = set.reduce((acc, i) => modQ(acc + l.get(i)! * BigInt(a.shares[i - 1]!.share)), 0n);
      expect(pointToJson(mul(GENERATOR, x))).to.deep.equal(a.committee.jointKey);
    }
    // Each public share is its member's share times G.
    for (const s of a.shares) expect(pointToJson(mul(GENERATOR, BigInt(s.share)))).to.deep.equal(s.publicShare);
  });

  it("decrypts a minted record with every 3-subset of the 5 members (and with 4 or 5)", function () {
    const all = partialsOf(a, [1, 2, 3, 4, 5], [record]);
    const sets = [...subsets([0, 1, 2, 3, 4], 3), [0, 1, 2, 3], [0, 1, 2, 3, 4]];
    expect(sets).to.have.length(12);
    for (const set of sets) {
      const r = combinePartials(
        a.committee,
        set.map((i) => all[i]!),
        { requireAll: true },
      );
      expect(r.refused).to.deep.equal([]);
      const one = r.records[0]!;
      expect(one.ok, JSON.stringify(set)).to.equal(true);
      if (!one.ok) continue;
      expect(one.record.modelHash).to.equal(w.model.modelHash);
      expect(one.record.datasetHash).to.equal(w.license.datasetHash);
    }
  });

  it("refuses to decrypt with 2 partials, naming how many more are needed", function () {
    const two = partialsOf(a, [2, 5], [record]);
    expect(() => combinePartials(a.committee, two, { requireAll: true }))
      .to.throw(ThresholdNotMetError)
      .with.property("shortMessage")
      .that.matches(/2 valid partials \(members 2, 5\), the threshold is 3: 1 more needed/);
    const r = combinePartials(a.committee, two);
    expect(r.records[0]).to.include({ ok: false, needed: 1 });
  });

  it("identifies a bad partial by member and decrypts from the valid ones", function () {
    const [p1, p2, p3, p4] = partialsOf(a, [1, 2, 3, 4], [record]);
    // Member 3 answers another point (shifted by G) and signs it: the signature holds, the proof does not.
    const r3 = p3!.records[0]!;
    const forged = { ...r3, partial: pointToJson(add([BigInt(r3.partial[0]), BigInt(r3.partial[1])], GENERATOR)) };
    const body = { ...p3!, records: [forged] } as Omit<PartialsMessage, "signature"> & { signature?: unknown };
    delete body.signature;
    const bad: PartialsMessage = { ...(body as PartialsMessage), signature: signMessageObject(a.keys[2]!, body) };
    const r = combinePartials(a.committee, [p1!, p2!, bad, p4!], { requireAll: true });
    expect(r.refused.map((x) => [x.member, x.record])).to.deep.equal([[3, record.id]]);
    expect(r.records[0]).to.include({ ok: true });
    expect(r.records[0]!.ok && r.records[0]!.members).to.deep.equal([1, 2, 4]);
    expect(r.records[0]!.ok && r.records[0]!.record.modelHash).to.equal(w.model.modelHash);
    // With the bad one among three, the threshold is not met.
    expect(() => combinePartials(a.committee, [p1!, bad, p4!], { requireAll: true })).to.throw(/1 more needed/);
  });

  it("refuses to compute a partial for an ephemeral key outside the prime-order subgroup", function () {
    // (0, -1) has order 2: share * (0, -1) would reveal the share's parity.
    const low = {
      ...record,
      ephemeral: [
        "0",
        (21888242871839275222246405745257275088548364400416034343698204186575808495617n - 1n).toString(),
      ] as [string, string],
    };
    expect(() => partialDecrypt(a.committee, a.shares[0]!, a.keys[0]!, [low])).to.throw(
      InvalidInputError,
      /not a point of the BabyJubJub prime-order subgroup/,
    );
  });

  it("identifies a dealer that deals a bad share, and names a false complaint", function () {
    // Dealer 2 sends member 4 a share off by one: member 4's complaint proves it; 2 is disqualified.
    const b = ceremonyOf(5, 3, { dealer: 2, to: 4 });
    expect(b.committee.disqualified).to.have.length(1);
    expect(b.committee.disqualified[0]!.member).to.equal(2);
    expect(b.committee.disqualified[0]!.reason).to.match(/dealt member 4 \(member-4\) a share that does not match/);
    expect(b.committee.members.map((m) => m.index)).to.deep.equal([1, 3, 4, 5]);
    expect(new Set(b.committees).size, "the four qualified members agree").to.equal(1);
    // The joint key is the qualified dealers' and any 3 qualified shares open it.
    const l = lagrangeAtZero([1, 4, 5]);
    const byIndex = new Map(b.shares.map((s) => [s.index, BigInt(s.share)]));
    const x = [1, 4, 5].reduce((acc, i) => modQ(acc + l.get(i)! * byIndex.get(i)!), 0n);
    expect(pointToJson(mul(GENERATOR, x))).to.deep.equal(b.committee.jointKey);

    // Member 5 complains about honest dealer 1 with a real key and proof: the evidence shows the share is fine.
    const c = ceremonyOf(3, 2);
    const received = c.deals;
    const reports = [...c.reports];
    const liar = c.keys[2]!;
    const entry = received[0]!.shares.find((s) => s.to === 3)!;
    const eph: [bigint, bigint] = [BigInt(entry.ephemeral[0]), BigInt(entry.ephemeral[1])];
    const secret = memberSecretScalar(liar);
    const k = mul(eph, secret);
    const honest = reports[2]!;
    const body = {
      ...honest,
      complaints: [
        {
          dealer: 1,
          reason: "the share dealt to me does not match the dealer's commitments",
          sharedKey: pointToJson(k),
          proof: (() => {
            const pr = proveDleq(
              secret,
              { g1: GENERATOR, h1: liar.publicKey, g2: eph, h2: k },
              complaintContext(BigInt(honest.ceremony), 1, 3),
            );
            return { c: pr.c.toString(), z: pr.z.toString() };
          })(),
        },
      ],
    } as Record<string, unknown>;
    delete body.signature;
    reports[2] = { ...(body as unknown as typeof honest), signature: signMessageObject(liar, body) };
    const out = finishCeremony(c.ceremony, received, reports);
    expect(out.committee.disqualified).to.deep.equal([]);
    expect(out.committee.falseComplaints).to.deep.equal([{ member: 3, dealer: 1 }]);
  });

  it("catches a dealer that sent different deals to different members", function () {
    const c = ceremonyOf(3, 2);
    const other = dealShares(c.ceremony, c.keys[0]!); // dealer 1 deals again: a second, different deal
    const seenBy3 = [other, c.deals[1]!, c.deals[2]!];
    const reports = [c.reports[0]!, c.reports[1]!, reportOnDeals(c.ceremony, c.keys[2]!, seenBy3)];
    expect(() => finishCeremony(c.ceremony, c.deals, reports)).to.throw(
      /member 3 received another deal from member 1 than the one given here/,
    );
  });

  it("refuses a deal not signed by its dealer", function () {
    const forged = { ...a.deals[1]!, dealer: 1 };
    expect(() => parseDeal(a.ceremony, forged, "deal-1.json")).to.throw(/deal-1.json is not signed by member 1/);
  });

  it("keeps every secret out of the messages: no share, no member private key, no polynomial value in clear", function () {
    const partials = partialsOf(a, [1, 2, 3], [record]);
    const messages = JSON.stringify([a.deals, a.reports, partials, a.committee, a.keys.map(memberAnnouncement)]);
    for (const s of a.shares) expect(messages).to.not.include(s.share);
    for (const k of a.keys) expect(messages).to.not.include(Buffer.from(k.privateKey).toString("hex"));
    // The shares dealt: recomputed by each recipient, they appear nowhere in the files.
    for (const k of a.keys) expect(messages).to.not.include(memberSecretScalar(k).toString());
  });

  it("rotation: after the registry pins a new committee's key, records minted before stay decryptable by the old committee only", async function () {
    const b = ceremonyOf(5, 3);
    rotatedTo = b;
    const [regulator] = await ethers.getSigners();
    await expect(registry.connect(regulator!).setRegulatorKey(b.committee.jointKey[0], b.committee.jointKey[1]))
      .to.emit(registry, "RegulatorKeyRotated")
      .withArgs(a.committee.jointKey[0], a.committee.jointKey[1], b.committee.jointKey[0], b.committee.jointKey[1]);
    const pinned = await registry.regulatorKey();
    expect(
      pointEq([pinned[0], pinned[1]], [BigInt(b.committee.jointKey[0]), BigInt(b.committee.jointKey[1])]),
    ).to.equal(true);
    const old = combinePartials(a.committee, partialsOf(a, [1, 3, 5], [record]), { requireAll: true }).records[0]!;
    expect(old.ok && old.record.modelHash).to.equal(w.model.modelHash);
    // The new committee's partials combine (their proofs hold) but open nothing: the values are not the record's.
    const fresh = combinePartials(b.committee, partialsOf(b, [1, 2, 3], [record]), { requireAll: true }).records[0]!;
    expect(fresh.ok).to.equal(true);
    expect(fresh.ok && fresh.record.modelHash).to.not.equal(w.model.modelHash);
    // Partials of the old committee are refused by the new one (another ceremony).
    expect(() => combinePartials(b.committee, partialsOf(a, [1, 2, 3], [record]), { requireAll: true })).to.throw(
      /partials for another committee/,
    );
  });
  it("scan: decrypts every minted token with the old committee's partials across the rotation, flags the new committee's as undecryptable, and flags a model revoked after its mint", async function () {
    if (!rotatedTo) this.skip();
    const source = {
      rpc: ethers.provider,
      registry: await registry.getAddress(),
      mintGate: mintGateAddress,
      fromBlock: 0,
    };
    const h = await readOversightHistory(source);
    expect(h.mints.map((m) => m.tokenId)).to.deep.equal([w.assetHash]);
    const refs = h.mints.map((m) => ({
      id: m.tokenId.toString(),
      ephemeral: pointToJson(m.auditEphemeral),
      cipher: m.auditCipher.map(String),
    }));
    const hex = (v: bigint) => "0x" + v.toString(16).padStart(64, "0");
    const old = scanHistory(
      h,
      { kind: "committee", committee: a.committee, partials: partialsOf(a, [2, 4, 5], refs) },
      { idleSeconds: 86_400 },
    );
    expect(old.totals).to.include({ tokens: 1, decrypted: 1 });
    expect(old.tokens[0]!.audit!.modelHash).to.equal(hex(w.model.modelHash));
    expect(old.tokens[0]!.flags).to.deep.equal([]);
    expect(old.regulatorKeys).to.have.length(2);
    expect(old.datasets).to.deep.equal([
      {
        datasetHash: hex(w.license.datasetHash),
        name: null,
        mints: 1,
        models: [hex(w.model.modelHash)],
        grantedRights: [Number(GRANTED_RIGHTS)],
        royaltyBps: [Number(ROYALTY_BPS)],
      },
    ]);
    // The two padding models were registered a month before the last block and never minted: idle.
    expect(
      old.flags
        .filter((f) => f.kind === "model-idle")
        .map((f) => f.modelHash)
        .sort(),
    ).to.deep.equal(w.paddingModels.map((m) => hex(m.modelHash)).sort());
    expect(old.series.models[hex(w.model.modelHash)]!.reduce((x, y) => x + y, 0)).to.equal(1);

    const b = rotatedTo!;
    const fresh = scanHistory(h, {
      kind: "committee",
      committee: b.committee,
      partials: partialsOf(b, [1, 2, 3], refs),
    });
    expect(fresh.totals).to.include({ tokens: 1, decrypted: 0, flagged: 1 });
    // (Its models look idle too: this committee sees no mint of them.)
    expect(fresh.flags.filter((f) => f.kind !== "model-idle").map((f) => f.kind)).to.deep.equal(["undecryptable"]);
    expect(fresh.flags[0]!.detail).to.match(/encrypted to another key .* than the committee's joint key/);

    // The curator compromises the model after the mint: the token is flagged, the model shown compromised.
    const [, curator] = await ethers.getSigners();
    const leaf = modelLeaf(w.model);
    const siblings = w.modelTree.generateProof(w.modelTree.indexOf(leaf)).siblings;
    await (await registry.connect(curator!).compromise(0, leaf, siblings)).wait();
    const after = scanHistory(await readOversightHistory(source), {
      kind: "committee",
      committee: a.committee,
      partials: partialsOf(a, [1, 2, 3], refs),
    });
    expect(after.tokens[0]!.flags).to.deep.equal(["model-ended-after-mint"]);
    expect(after.models.find((m) => m.modelHash === hex(w.model.modelHash))).to.include({
      status: "compromised",
      mints: 1,
    });
  });
});
