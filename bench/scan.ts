// Bench of the oversight scan's decryption and summary (`npx tsx bench/scan.ts --mints 1000 --runs 3`):
// prints JSON with medians. The history is synthetic: N Minted records encrypted exactly as the circuit does
// (E = k*G, K = k*Y, cipher = m + auditPads(K)) over registered models, because making
// N real proofs would take hours here; reading the events from a chain is not included. Measures
// scanHistory with the regulator key, and with a 3-of-5 committee's partials (the partials are made before
// timing: combining checks each Chaum-Pedersen proof).
import { auditPads } from "../core/hashes.ts";
import { FIELD_MODULUS } from "../core/field.ts";
import {
  GENERATOR,
  createCeremony,
  dealShares,
  finishCeremony,
  memberAnnouncement,
  mul,
  newMemberKey,
  partialDecrypt,
  randomScalarQ,
  reportOnDeals,
} from "../verifier/committee/index.ts";
import { scanHistory } from "../verifier/oversight/scan.ts";
import type { OversightHistory } from "../verifier/oversight/history.ts";
import { stats } from "./stats.ts";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg("mints", 1000);
const RUNS = arg("runs", 3);
const COMMITTEE = !process.argv.includes("--no-committee");

function history(key: [bigint, bigint], n: number): OversightHistory {
  const models = Array.from({ length: 5 }, (_, i) => BigInt(1000 + i));
  const mints = Array.from({ length: n }, (_, i) => {
    const k = randomScalarQ();
    const shared = mul(key, k);
    // [modelHash, datasetHash, creator commitment, model leaf]: the audit record names the registry entry.
    const m = [models[i % 5]!, BigInt(2000 + (i % 7)), BigInt(3000 + i), models[i % 5]! + 1n];
    const pads = auditPads(shared, m.length);
    return {
      block: 100 + i,
      logIndex: 0,
      transaction: "0x" + i.toString(16).padStart(64, "0"),
      tokenId: BigInt(10_000 + i),
      to: "0x0000000000000000000000000000000000000001",
      grantedRights: 7,
      licensorBps: 1500,
      auditEphemeral: mul(GENERATOR, k),
      auditCipher: m.map((v, j) => (v + pads[j]!) % FIELD_MODULUS),
    };
  });
  return {
    chainId: 31337n,
    fromBlock: 0,
    toBlock: 100 + n,
    toBlockTime: 1_800_000_000 + n * 12,
    mints,
    changes: models.map((h, i) => ({
      kind: "model" as const,
      block: 1,
      logIndex: i,
      transaction: "0x00",
      leaf: h + 1n,
      publicKey: [0n, 1n],
      modelHash: h,
      rights: 15,
      validFrom: 1_800_000_000n,
      validUntil: 2n ** 64n - 1n,
    })),
    blockTimes: new Map(Array.from({ length: n + 101 }, (_, b) => [b, 1_800_000_000 + b * 12])),
    currentRegulatorKey: key,
  };
}

const secret = randomScalarQ();
const regKey = mul(GENERATOR, secret);
const h = history(regKey, N);
const keyTimes: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const t = performance.now();
  const report = scanHistory(h, { kind: "regulator-key", key: { secret, publicKey: regKey } });
  keyTimes.push(performance.now() - t);
  if (report.totals.decrypted !== N) throw new Error("the bench's records did not decrypt");
}
const out: Record<string, unknown> = {
  bench: "oversight-scan",
  mints: N,
  runs: RUNS,
  history: "synthetic records encrypted as the circuit does; chain reading excluded",
  regulatorKeyMs: stats(keyTimes),
};
if (COMMITTEE) {
  const keys = Array.from({ length: 5 }, (_, i) => newMemberKey(`m${i + 1}`));
  const ceremony = createCeremony(keys.map(memberAnnouncement), 3);
  const deals = keys.map((k) => dealShares(ceremony, k));
  const reports = keys.map((k) => reportOnDeals(ceremony, k, deals));
  const outcomes = keys.map((k) => finishCeremony(ceremony, deals, reports, k));
  const committee = outcomes[0]!.committee;
  const joint: [bigint, bigint] = [BigInt(committee.jointKey[0]), BigInt(committee.jointKey[1])];
  const hc = history(joint, N);
  const refs = hc.mints.map((m) => ({
    id: m.tokenId.toString(),
    ephemeral: [m.auditEphemeral[0].toString(), m.auditEphemeral[1].toString()] as [string, string],
    cipher: m.auditCipher.map(String),
  }));
  const t0 = performance.now();
  const partials = [0, 2, 4].map((i) => partialDecrypt(committee, outcomes[i]!.share!, keys[i]!, refs));
  const partialMs = (performance.now() - t0) / 3;
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    const report = scanHistory(hc, { kind: "committee", committee, partials });
    times.push(performance.now() - t);
    if (report.totals.decrypted !== N) throw new Error("the bench's records did not decrypt with the committee");
  }
  out.committee = { threshold: 3, members: 5, partialsPerMemberMs: Math.round(partialMs), scanMs: stats(times) };
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
