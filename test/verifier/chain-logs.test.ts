// verifier/chain.ts's search for a minted asset's Minted event: page by page, newest first, each request within the
// block range public RPC providers accept, never below the deployment block.
import { expect } from "chai";
import type { Filter, Log } from "ethers";
import { LOG_PAGE_BLOCKS, newestLog } from "../../verifier/chain.ts";

/** A provider holding logs at the given blocks that refuses, as public providers do, a range over LOG_PAGE_BLOCKS. */
function provider(blocks: number[]) {
  const asked: [number, number][] = [];
  return {
    asked,
    getLogs: async (f: Filter): Promise<Log[]> => {
      const [from, to] = [Number(f.fromBlock), Number(f.toBlock)];
      if (to - from + 1 > LOG_PAGE_BLOCKS) throw new Error(`range ${from}-${to} is over the provider's limit`);
      asked.push([from, to]);
      return blocks.filter((b) => b >= from && b <= to).map((blockNumber) => ({ blockNumber }) as Log);
    },
  };
}

describe("verifier/chain.ts newestLog (the mint's event, searched in pages)", function () {
  it("Should find a mint far back in pages within the provider's range limit, the newest page first", async function () {
    const p = provider([1_234]);
    const log = await newestLog(p, "0x0", [], 0, 50_000);
    expect(log?.blockNumber).to.equal(1_234);
    expect(p.asked[0]).to.deep.equal([50_000 - LOG_PAGE_BLOCKS + 1, 50_000]);
    for (const [from, to] of p.asked) expect(to - from + 1).to.be.at.most(LOG_PAGE_BLOCKS);
    expect(p.asked.at(-1)![0]).to.be.at.most(1_234);
  });

  it("Should return the newest of several logs in a page, and stop at the deployment block", async function () {
    const p = provider([900, 1_500, 1_600]);
    expect((await newestLog(p, "0x0", [], 1_000, 1_700))?.blockNumber).to.equal(1_600);
    const q = provider([900]);
    expect(await newestLog(q, "0x0", [], 1_000, 9_000)).to.equal(undefined);
    expect(Math.min(...q.asked.map(([from]) => from))).to.equal(1_000);
  });
});
