// Bench of the oversight scan (`npx tsx bench/scan.ts --mints 1000 --runs 3`): prints JSON with medians.
// 1. On a Hardhat chain (in process): the real Registry with five models registered, and N Minted events from
//    a stand-in mint gate (fixtures/synthetic-mints.ts: real events, records really encrypted to the regulator
//    key as the circuit does, but no proof behind them, since N real proofs would take hours here). Measures
//    readOversightHistory (eth_getLogs in pages, block times, the registry key) and scanHistory with the
//    regulator key on what it read.
// 2. With a 3-of-5 committee (`--committee-mints M`, default min(N, 50): its scan costs about 20 scalar
//    multiplications a record; 0 skips it): an in-memory history of M records encrypted to the joint key, and
//    scanHistory with three members' partials (made before timing: combining checks each Chaum-Pedersen proof).
import { network } from "hardhat";
import { OPEN_UNTIL, auditPads, modelLeaf } from "../core/hashes.ts";
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
import { readOversightHistory, type OversightHistory } from "../verifier/oversight/history.ts";
import { MINTED_EMITTER_CODE, mintedCalldata, sequentialEncryptor } from "../fixtures/synthetic-mints.ts";
import { MODEL_RIGHTS } from "../fixtures/world.ts";
import { generateModelKey, randomFieldElement } from "../prover/keys.ts";
import { typed } from "../prover/chain/typed.ts";
import RegistryModule from "../ignition/modules/Registry.ts";
import { stats } from "./stats.ts";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg("mints", 1000);
const RUNS = arg("runs", 3);
const COMMITTEE_MINTS = process.argv.includes("--no-committee") ? 0 : arg("committee-mints", Math.min(N, 50));

function history(key: [bigint, bigint], n: number): OversightHistory {
  const models = Array.from({ length: 5 }, (_, i) => BigInt(1000 + i));
  const mints = Array.from({ length: n }, (_, i) => {
    const k = randomScalarQ();
    const shared = mul(key, k);
    // [modelHash, datasetHash, creator commitment, model leaf, license leaf]: the record names the entries.
    const m = [models[i % 5]!, BigInt(2000 + (i % 7)), BigInt(3000 + i), models[i % 5]! + 1n, BigInt(4000 + (i % 7))];
    return {
      block: 100 + i,
      logIndex: 0,
      transaction: "0x" + i.toString(16).padStart(64, "0"),
      tokenId: BigInt(10_000 + i),
      to: "0x0000000000000000000000000000000000000001",
      grantedRights: 7,
      licensorBps: 1500,
      auditEphemeral: mul(GENERATOR, k),
      auditCipher: ((pads) => m.map((v, j) => (v + pads[j]!) % FIELD_MODULUS))(auditPads(shared, m.length)),
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

/** N synthetic mints on a fresh Hardhat chain; returns what readOversightHistory needs. */
async function chainWithMints(key: [bigint, bigint], n: number) {
  const { ethers, ignition, networkHelpers, provider } = await network.create();
  const [admin] = await ethers.getSigners();
  const { registry: deployed } = await ignition.deploy(RegistryModule, {
    parameters: { Registry: { regulatorKey: key.map(String) } },
  });
  const registry = typed("Registry", deployed);
  await registry.grantRole(await registry.CURATOR_ROLE(), admin!.address);
  const t0 = (await networkHelpers.time.latest()) + 86_400;
  const models = [];
  for (let i = 0; i < 5; i++) {
    const m = {
      publicKey: generateModelKey().publicKey,
      modelHash: randomFieldElement(),
      rights: MODEL_RIGHTS,
      validFrom: BigInt(t0 + i),
      validUntil: OPEN_UNTIL,
    };
    await networkHelpers.time.setNextBlockTimestamp(t0 + i);
    await registry.insertModel(m.publicKey[0], m.publicKey[1], m.modelHash, m.rights);
    models.push(m);
  }
  const mintGate = "0x" + "5ca1e".padStart(40, "0");
  await provider.request({ method: "hardhat_setCode", params: [mintGate, MINTED_EMITTER_CODE] });
  const encrypt = sequentialEncryptor(key);
  let chunk = "";
  for (let i = 0; i < n; i++) {
    const mi = i % 5;
    const record = [
      models[mi]!.modelHash,
      BigInt(2000 + (i % 7)),
      randomFieldElement(),
      modelLeaf(models[mi]!),
      BigInt(4000 + (i % 7)),
    ];
    const mint = {
      tokenId: randomFieldElement() >> 3n,
      to: admin!.address,
      creatorTag: randomFieldElement(),
      licensorTag: randomFieldElement(),
      grantedRights: 7,
      licensorBps: 1500,
      record,
    };
    chunk += mintedCalldata(mint, encrypt(record));
    // 100 mints a block, an hour apart.
    if ((i + 1) % 100 === 0 || i === n - 1) {
      await networkHelpers.time.setNextBlockTimestamp(t0 + 86_400 + Math.floor(i / 100) * 3_600);
      await (await admin!.sendTransaction({ to: mintGate, data: "0x" + chunk })).wait();
      chunk = "";
    }
  }
  return { provider: ethers.provider, registry: await registry.getAddress(), mintGate };
}

const secret = randomScalarQ();
const regKey = mul(GENERATOR, secret);
const chain = await chainWithMints(regKey, N);
const readTimes: number[] = [];
const keyTimes: number[] = [];
let h: OversightHistory | undefined;
for (let r = 0; r < RUNS; r++) {
  const t = performance.now();
  h = await readOversightHistory({
    rpc: chain.provider,
    registry: chain.registry,
    mintGate: chain.mintGate,
    fromBlock: 0,
  });
  readTimes.push(performance.now() - t);
  if (h.mints.length !== N) throw new Error(`the bench read ${h.mints.length} Minted events, not ${N}`);
}
for (let r = 0; r < RUNS; r++) {
  const t = performance.now();
  const report = scanHistory(h!, { kind: "regulator-key", key: { secret, publicKey: regKey } });
  keyTimes.push(performance.now() - t);
  if (report.totals.decrypted !== N || report.totals.flagged !== 0)
    throw new Error(`the bench's records did not all decrypt to registered models: ${JSON.stringify(report.flags[0])}`);
}
const out: Record<string, unknown> = {
  bench: "oversight-scan",
  mints: N,
  runs: RUNS,
  history:
    "a Hardhat chain in process: the real Registry (5 models) and N Minted events of a stand-in mint gate, records encrypted to the regulator key as the circuit does, no proofs behind them",
  readHistoryMs: stats(readTimes),
  regulatorKeyScanMs: stats(keyTimes),
  perRecordMs: Number((stats(keyTimes).median / N).toFixed(2)),
};
if (COMMITTEE_MINTS > 0) {
  const M = COMMITTEE_MINTS;
  const keys = Array.from({ length: 5 }, (_, i) => newMemberKey(`m${i + 1}`));
  const ceremony = createCeremony(keys.map(memberAnnouncement), 3);
  const deals = keys.map((k) => dealShares(ceremony, k));
  const reports = keys.map((k) => reportOnDeals(ceremony, k, deals));
  const outcomes = keys.map((k) => finishCeremony(ceremony, deals, reports, k));
  const committee = outcomes[0]!.committee;
  const joint: [bigint, bigint] = [BigInt(committee.jointKey[0]), BigInt(committee.jointKey[1])];
  const hc = history(joint, M);
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
    if (report.totals.decrypted !== M) throw new Error("the bench's records did not decrypt with the committee");
  }
  out.committee = {
    history: "in memory: M records encrypted to the committee's joint key as the circuit does",
    mints: M,
    threshold: 3,
    members: 5,
    partialsPerMemberMs: Math.round(partialMs),
    scanMs: stats(times),
    perRecordMs: Math.round(stats(times).median / M),
  };
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
process.exit(0); // the in-process chain keeps the event loop alive
