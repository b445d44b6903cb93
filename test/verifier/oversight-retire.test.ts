// The oversight scan's reading of issue 14's endings: a retirement closes a model entry (the registry replaces its
// leaf by the same data with validUntil set, and says ModelRetired), a compromise ends it at once. The model table's
// status follows the latest entry; tokens of a retired model are not flagged as ended after their mint.
import { expect } from "chai";
import { OPEN_UNTIL } from "../../core/hashes.ts";
import type { OversightHistory } from "../../verifier/oversight/history.ts";
import type { RegistryChange } from "../../verifier/oversight/registry-adapter.ts";
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
