// The oversight scan's reading of issue 14's endings: a retirement closes a model entry (the registry replaces its
// leaf by the same data with validUntil set, and says ModelRetired), a compromise ends it at once. The model table's
// status follows the latest entry; tokens of a retired model are not flagged as ended after their mint. And issue
// 19's licensor table: each token's licensor is the account the LicenseDescribed event of the license entry its
// record names gives, and a token whose license entry ended (compromised, or updated away) after its mint is flagged.
import { expect } from "chai";
import { Base8, mulPointEscalar, type Point } from "@zk-kit/baby-jubjub";
import { FIELD_MODULUS } from "../../core/field.ts";
import { OPEN_UNTIL, auditPads } from "../../core/hashes.ts";
import { regulatorPublicKey } from "../../verifier/audit.ts";
import type { OversightHistory } from "../../verifier/oversight/history.ts";
import type { MintRecord, RegistryChange } from "../../verifier/oversight/registry-adapter.ts";
import { registryState, scanHistory } from "../../verifier/oversight/scan.ts";

const MODEL_HASH = 77n;
const OLD_LEAF = 1001n;
const RETIRED_LEAF = 1002n;

function at(block: number, logIndex = 0) {
  return { block, logIndex, transaction: "0x" + block.toString(16).padStart(64, "0") };
}

function model(leaf: bigint, block: number, validUntil: bigint, logIndex = 0): RegistryChange {
  return {
    ...at(block, logIndex),
    kind: "model",
    leaf,
    publicKey: [1n, 2n],
    modelHash: MODEL_HASH,
    rights: 15,
    validFrom: 1_790_000_000n,
    validUntil,
  };
}

/** Register, then retire (LeafUpdated, ModelRetired, ModelDescribed of the closed entry, in the contract's order). */
function retired(): RegistryChange[] {
  return [
    { ...at(1), kind: "inserted", tree: "model", index: 0n, leaf: OLD_LEAF },
    model(OLD_LEAF, 1, OPEN_UNTIL, 1),
    { ...at(5, 0), kind: "replaced", tree: "model", index: 0n, oldLeaf: OLD_LEAF, newLeaf: RETIRED_LEAF },
    { ...at(5, 1), kind: "ended", tree: "model", leaf: OLD_LEAF, ending: "retired" },
    model(RETIRED_LEAF, 5, 1_790_000_500n, 2),
  ];
}

function history(changes: RegistryChange[]): OversightHistory {
  return {
    chainId: 31337n,
    fromBlock: 0,
    toBlock: 10,
    toBlockTime: 1_790_001_000,
    mints: [],
    changes,
    blockTimes: new Map(Array.from({ length: 11 }, (_, b) => [b, 1_790_000_000 + b * 100])),
    currentRegulatorKey: [0n, 1n],
  };
}

describe("oversight scan: retired and compromised model entries", function () {
  it("Should read a retirement as the end of both the open entry and its closed successor, and show the model retired", function () {
    const { models } = registryState(history(retired()));
    expect(models.get(OLD_LEAF)!.ended?.how).to.equal("retired");
    expect(models.get(RETIRED_LEAF)!.ended).to.deep.include({ block: 5, how: "retired" });
    const report = scanHistory(history(retired()), { kind: "none" });
    const row = report.models.find((m) => m.modelHash.endsWith(MODEL_HASH.toString(16)));
    expect(row?.status).to.equal("retired");
  });

  it("Should let a compromise after the retirement override it", function () {
    const changes = [
      ...retired(),
      {
        ...at(8),
        kind: "ended",
        tree: "model",
        index: 0n,
        leaf: RETIRED_LEAF,
        ending: "compromised",
      } as RegistryChange,
    ];
    const { models } = registryState(history(changes));
    expect(models.get(RETIRED_LEAF)!.ended).to.deep.include({ block: 8, how: "compromised" });
  });

  it("Should keep an open entry live", function () {
    const { models } = registryState(history(retired().slice(0, 2)));
    expect(models.get(OLD_LEAF)!.ended).to.equal(undefined);
  });
});

describe("oversight scan: licensors (LicenseDescribed) and license entries ended after a mint", function () {
  const secret = 987_654_321n;
  const key = { secret, publicKey: regulatorPublicKey(secret) };
  const X = "0x000000000000000000000000000000000000000A";
  const Y = "0x000000000000000000000000000000000000000b";
  const [L1, L2, L3, L9] = [5001n, 5002n, 5003n, 5009n];
  const license = (leaf: bigint, licensor: string, block: number, logIndex = 1): RegistryChange => ({
    ...at(block, logIndex),
    kind: "license",
    leaf,
    licensor,
    start: 1_790_000_000n,
    expiry: 1_800_000_000n,
  });
  /** A mint at `block` whose audit record names the model entry OLD_LEAF and license entry `leaf`. */
  const mint = (tokenId: bigint, block: number, leaf: bigint, licensorBps: number): MintRecord => {
    const k = 1_000n + tokenId;
    const shared = mulPointEscalar(key.publicKey as Point<bigint>, k);
    const m = [MODEL_HASH, 88n, 99n, OLD_LEAF, leaf];
    const pads = auditPads([shared[0], shared[1]], m.length);
    const e = mulPointEscalar(Base8, k);
    return {
      ...at(block),
      tokenId,
      to: X,
      grantedRights: 7,
      licensorBps,
      auditEphemeral: [e[0], e[1]],
      auditCipher: m.map((v, i) => (v + pads[i]!) % FIELD_MODULUS),
    };
  };
  const h = (): OversightHistory => ({
    ...history([
      { ...at(1), kind: "inserted", tree: "model", index: 0n, leaf: OLD_LEAF },
      model(OLD_LEAF, 1, OPEN_UNTIL, 1),
      { ...at(2), kind: "inserted", tree: "license", index: 0n, leaf: L1 },
      license(L1, X, 2),
      { ...at(3), kind: "inserted", tree: "license", index: 1n, leaf: L2 },
      license(L2, Y, 3),
      { ...at(3, 2), kind: "inserted", tree: "license", index: 2n, leaf: L3 },
      license(L3, Y, 3, 3),
      // L1 is compromised at block 7; L2 is updated away (into L2b) at block 8; L3 stays.
      { ...at(7), kind: "ended", tree: "license", index: 0n, leaf: L1, ending: "compromised" },
      { ...at(8), kind: "replaced", tree: "license", index: 1n, oldLeaf: L2, newLeaf: 5004n },
      license(5004n, Y, 8),
    ]),
    mints: [mint(1n, 4, L1, 2500), mint(2n, 5, L2, 1000), mint(3n, 6, L3, 500), mint(4n, 9, L1, 2500)].concat(
      mint(5n, 9, L9, 700), // names a license entry no LicenseDescribed event describes
    ),
    currentRegulatorKey: key.publicKey,
  });

  it("Should name each token's licensor from LicenseDescribed and table tokens, licenses, rights and bps per licensor", function () {
    const report = scanHistory(h(), { kind: "regulator-key", key });
    expect(report.tokens.map((t) => [t.tokenId, t.licensor])).to.deep.equal([
      ["1", X],
      ["2", Y],
      ["3", Y],
      ["4", X],
      ["5", null],
    ]);
    expect(report.totals.licensors).to.equal(3);
    const hx = (v: bigint) => "0x" + v.toString(16).padStart(64, "0");
    expect(report.licensors).to.deep.equal([
      { licensor: X, mints: 2, licenses: [hx(L1)], grantedRights: [7], royaltyBps: [2500] },
      { licensor: Y, mints: 2, licenses: [hx(L2), hx(L3)], grantedRights: [7], royaltyBps: [500, 1000] },
      { licensor: null, mints: 1, licenses: [hx(L9)], grantedRights: [7], royaltyBps: [700] },
    ]);
  });

  it("Should flag a token whose license entry was compromised or updated away after its mint, and no other", function () {
    const report = scanHistory(h(), { kind: "regulator-key", key });
    const flagged = report.flags.filter((f) => f.kind === "license-ended-after-mint");
    expect(flagged.map((f) => f.tokenId)).to.deep.equal(["1", "2"]);
    expect(flagged[0]!.detail).to.match(/licensor 0x0+A\) was compromised at block 7, after the mint \(block 4\)/);
    expect(flagged[1]!.detail).to.match(/was updated away at block 8, after the mint \(block 5\)/);
    expect(report.tokens.find((t) => t.tokenId === "3")!.flags).to.deep.equal([]);
    // Token 4 is dated after the compromise: the flag is for endings after a mint only.
    expect(report.tokens.find((t) => t.tokenId === "4")!.flags).to.deep.equal([]);
  });
});
