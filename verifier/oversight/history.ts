// Reading a deployment's whole history from a chain, in pages of blocks (eth_getLogs), with progress:
// every Minted event of the mint gate and every registry event (LicenseDescribed names each license entry's
// licensor), plus the time of each block that holds one. Browser-safe (ethers' JSON-RPC provider): the console and `zkprov audit scan` share it.
import { Contract, JsonRpcProvider, type Provider } from "ethers";
import { ChainError, InvalidInputError } from "../../core/errors.ts";
import { decodeOversightLog, oversightTopics, type MintRecord, type RegistryChange } from "./registry-adapter.ts";

/** Where the deployment is and which blocks to read. */
export interface HistorySource {
  /** A JSON-RPC URL, or a provider. */
  rpc: string | Provider;
  registry: string;
  mintGate: string;
  fromBlock: number;
  /** Default: the latest block. */
  toBlock?: number;
  /** Blocks per eth_getLogs request (default 2000). */
  pageSize?: number;
  /** Called after each page: blocks read so far out of all. */
  onProgress?: (done: number, total: number) => void;
}

/** A deployment's history between two blocks. */
export interface OversightHistory {
  chainId: bigint;
  fromBlock: number;
  toBlock: number;
  /** The latest block's time (unix seconds): "now" for the idle-model flag. */
  toBlockTime: number;
  mints: MintRecord[];
  changes: RegistryChange[];
  /** Block number -> block time (unix seconds), for every block holding an event. */
  blockTimes: Map<number, number>;
  /** The regulator key pinned now (registry.regulatorKey()). */
  currentRegulatorKey: [bigint, bigint];
}

const REGISTRY_ABI = ["function regulatorKey() view returns (uint256 x, uint256 y)"];

/**
 * Read the deployment's events from `fromBlock` to `toBlock` in pages, and the time of each block with one.
 *
 * @throws {InvalidInputError} for a negative or inverted block range.
 * @throws {ChainError} if the chain does not answer.
 * @example const h = await readOversightHistory({ rpc: "http://127.0.0.1:8545", registry, mintGate, fromBlock: 0 })
 */
export async function readOversightHistory(s: HistorySource): Promise<OversightHistory> {
  const own = typeof s.rpc === "string";
  const provider = typeof s.rpc === "string" ? new JsonRpcProvider(s.rpc, undefined, { staticNetwork: false }) : s.rpc;
  try {
    if (!Number.isSafeInteger(s.fromBlock) || s.fromBlock < 0)
      throw new InvalidInputError(`the first block must be a block number >= 0, got ${s.fromBlock}`);
    let chainId: bigint;
    let latest: number;
    try {
      chainId = (await provider.getNetwork()).chainId;
      latest = await provider.getBlockNumber();
    } catch (cause) {
      throw new ChainError(`the chain at ${typeof s.rpc === "string" ? s.rpc : "the given provider"} does not answer`, {
        cause,
      });
    }
    const toBlock = s.toBlock ?? latest;
    if (toBlock < s.fromBlock)
      throw new InvalidInputError(`the block range is empty: from ${s.fromBlock} to ${toBlock}`);
    const page = s.pageSize ?? 2000;
    const topics = oversightTopics();
    const mints: MintRecord[] = [];
    const changes: RegistryChange[] = [];
    const total = toBlock - s.fromBlock + 1;
    for (let from = s.fromBlock; from <= toBlock; from += page) {
      const to = Math.min(toBlock, from + page - 1);
      const [gateLogs, registryLogs] = await Promise.all([
        provider.getLogs({ address: s.mintGate, topics: [topics.minted], fromBlock: from, toBlock: to }),
        provider.getLogs({ address: s.registry, topics: [topics.registry], fromBlock: from, toBlock: to }),
      ]);
      for (const log of [...gateLogs, ...registryLogs]) {
        const e = decodeOversightLog(log);
        if (!e) continue;
        if ("tokenId" in e) mints.push(e);
        else changes.push(e);
      }
      s.onProgress?.(to - s.fromBlock + 1, total);
    }
    const order = (a: { block: number; logIndex: number }, b: { block: number; logIndex: number }) =>
      a.block - b.block || a.logIndex - b.logIndex;
    mints.sort(order);
    changes.sort(order);
    const blocks = [...new Set([...mints, ...changes].map((e) => e.block)), toBlock];
    const blockTimes = new Map<number, number>();
    for (let i = 0; i < blocks.length; i += 100) {
      const chunk = blocks.slice(i, i + 100);
      const got = await Promise.all(chunk.map((b) => provider.getBlock(b)));
      got.forEach((b, j) => {
        if (!b) throw new ChainError(`block ${chunk[j]} is missing on the chain`);
        blockTimes.set(chunk[j]!, b.timestamp);
      });
    }
    let currentRegulatorKey: [bigint, bigint];
    try {
      const k = (await new Contract(s.registry, REGISTRY_ABI, provider).getFunction("regulatorKey")()) as bigint[];
      currentRegulatorKey = [k[0]!, k[1]!];
    } catch (cause) {
      throw new ChainError(`${s.registry} does not answer regulatorKey(): is it the deployment's Registry?`, { cause });
    }
    return {
      chainId,
      fromBlock: s.fromBlock,
      toBlock,
      toBlockTime: blockTimes.get(toBlock)!,
      mints,
      changes,
      blockTimes,
      currentRegulatorKey,
    };
  } finally {
    if (own) provider.destroy?.();
  }
}
