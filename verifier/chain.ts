// What a regulator reads from the chain about one bundle, for the CLI (`zkprov verify --on-chain`) and the page
// alike: whether each registry root the proof names is known to the Registry, and the mint gate the bundle was
// made for: its `nowWindow` and `maxAttestationAge`, read at the block of the bundle's mint (its `usedAt`, else the
// gate's Minted event for the bundle's asset), or at the latest block when the asset is not minted yet, and the time
// of that block. Browser-safe (ethers only).
import { Contract, JsonRpcProvider, toBeHex, type Log } from "ethers";
import { registryRoots, type RegistryTreeName } from "../core/circuits.ts";
import type { ProofBundle } from "../core/formats/bundle.ts";
import { parsePublicSignals } from "../core/codecs.ts";
import { OVERSIGHT_EVENTS } from "./oversight/registry-adapter.ts";

/** A chain to ask: its RPC URL, the Registry's address and, for a bundle not yet used, the mint gate's. */
export interface ChainSource {
  rpcUrl: string;
  registry: string;
  /** The mint gate a provenance bundle is judged against when it names none (`usedAt`). */
  mintGate?: string;
  /**
   * The block the deployment starts at (the project's deployment records it): a minted asset's `Minted` event is
   * searched from the latest block back to this one. Without it the search goes back to block 0.
   */
  fromBlock?: number;
}

/** Blocks per eth_getLogs request: public RPC providers refuse wider ranges. */
export const LOG_PAGE_BLOCKS = 2000;

/** The mint gate's settings that judge a provenance proof's time, as read at `block`. */
export interface GateSettings {
  address: string;
  /** Seconds a proof's `now` may differ from the block time. */
  nowWindow: bigint;
  /** The attestation age the gate requires proofs to bound (now - generatedAt). */
  maxAttestationAge: bigint;
  block: number;
  /** The block's time: the mint's, or the latest block's for a bundle not used yet. */
  time: bigint;
  /** Whether `block` is the bundle's mint (else the latest block: would the gate accept the proof now?). */
  used: boolean;
  /** The block where another proof minted this bundle's asset (a token per asset): this bundle mints never. */
  mintedByAnother?: number;
}

/** What the chain says about a bundle. */
export interface ChainFacts {
  known: Map<RegistryTreeName, boolean>;
  /** Undefined for a circuit that no mint gate takes, or with no gate to ask. */
  gate?: GateSettings;
  /** A sentence saying what was asked, for the report. */
  note: string;
}

const REGISTRY_ABI = ["function isKnownRoot(uint8 tree, uint256 root) view returns (bool)"];
const GATE_ABI = [
  "function nowWindow() view returns (uint64)",
  "function maxAttestationAge() view returns (uint64)",
  "function tokenRecord(uint256 tokenId) view returns (tuple(bytes28 tagsDigest, uint16 grantedRights, uint16 licensorBps))",
];

/**
 * The newest log matching `topics` at `address`, searched in pages of LOG_PAGE_BLOCKS from `latest` back to
 * `fromBlock` (newest first: a token's mint is usually recent, and one request per page keeps every request within
 * the ranges RPC providers accept).
 */
export async function newestLog(
  provider: Pick<JsonRpcProvider, "getLogs">,
  address: string,
  topics: string[],
  fromBlock: number,
  latest: number,
): Promise<Log | undefined> {
  for (let to = latest; to >= fromBlock; to -= LOG_PAGE_BLOCKS) {
    const from = Math.max(fromBlock, to - LOG_PAGE_BLOCKS + 1);
    const logs = await provider.getLogs({ address, fromBlock: from, toBlock: to, topics });
    if (logs.length > 0) return logs[logs.length - 1];
  }
  return undefined;
}

function withTimeout<T>(p: Promise<T>, url: string, ms = 15_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from ${url} within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Ask the chain about a bundle: registry roots, and the settings of the mint gate it was (or would be) used at.
 *
 * @throws {Error} naming the URL if the chain does not answer, serves another chain, or the bundle's mint
 *   transaction is not on it.
 * @example const facts = await readChainFacts({ rpcUrl, registry, mintGate }, bundle)
 */
export async function readChainFacts(chain: ChainSource, bundle: ProofBundle): Promise<ChainFacts> {
  // The network is the bundle's (static: ethers would otherwise retry a dead URL forever); eth_chainId
  // then checks that the URL really serves that chain.
  const provider = new JsonRpcProvider(chain.rpcUrl, BigInt(bundle.chainId), { staticNetwork: true, batchMaxCount: 1 });
  try {
    const served = BigInt((await withTimeout(provider.send("eth_chainId", []), chain.rpcUrl)) as string);
    if (served.toString() !== bundle.chainId)
      throw new Error(`the RPC URL ${chain.rpcUrl} serves chain ${served}, the bundle is for chain ${bundle.chainId}`);
    const registry = new Contract(chain.registry, REGISTRY_ABI, provider);
    // Which signals are roots, and of which tree, is the circuit's definition; the values are the proven ones
    // (verifyBundle refuses a bundle whose roots differ from them).
    const known = new Map<RegistryTreeName, boolean>();
    for (const r of registryRoots(bundle.circuit)) {
      const value = bundle.roots[r.signal];
      if (value === undefined) continue;
      known.set(r.tree, (await registry.getFunction("isKnownRoot")(r.treeId, BigInt(value))) as boolean);
    }
    let gate: GateSettings | undefined;
    const address = bundle.usedAt?.contract ?? chain.mintGate;
    if (bundle.circuit === "provenance" && address) {
      const g = new Contract(address, GATE_ABI, provider);
      let block: number | undefined;
      let mintedByAnother: number | undefined;
      if (bundle.usedAt) {
        const receipt = await provider.getTransactionReceipt(bundle.usedAt.transaction);
        if (!receipt)
          throw new Error(
            `the bundle's mint transaction ${bundle.usedAt.transaction} is not on the chain at ${chain.rpcUrl}`,
          );
        block = receipt.blockNumber;
      } else {
        // Minted already? The gate's token record says so in one call (a minted token has grantedRights != 0:
        // the circuit makes PUBLISH part of every grant); only then is its Minted event searched, page by page.
        let record: { grantedRights: bigint };
        try {
          record = (await g.getFunction("tokenRecord")(BigInt(bundle.assetHash))) as { grantedRights: bigint };
        } catch {
          throw new Error(`${address} on chain ${served} is not a mint gate (it has no tokenRecord)`);
        }
        if (record.grantedRights !== 0n) {
          const log = await newestLog(
            provider,
            address,
            [OVERSIGHT_EVENTS.getEvent("Minted")!.topicHash, toBeHex(BigInt(bundle.assetHash), 32)],
            chain.fromBlock ?? 0,
            await provider.getBlockNumber(),
          );
          if (!log)
            throw new Error(
              `the mint gate ${address} holds a token for asset ${bundle.assetHash} but no Minted event for it ` +
                `after block ${chain.fromBlock ?? 0} (is the deployment block right?)`,
            );
          const minted = OVERSIGHT_EVENTS.parseLog({ topics: [...log.topics], data: log.data })!;
          // The asset's token: minted by this bundle's proof if it carries this proof's audit record.
          const cipher = (minted.args.auditCipher as bigint[]).map(String);
          const mine = parsePublicSignals("provenance", bundle.publicSignals).auditCipher.map(String);
          if (JSON.stringify(cipher) === JSON.stringify(mine)) block = log.blockNumber;
          else mintedByAnother = log.blockNumber;
        }
      }
      const used = block !== undefined;
      block ??= await provider.getBlockNumber();
      const b = await provider.getBlock(block);
      if (!b) throw new Error(`block ${block} is not on the chain at ${chain.rpcUrl}`);
      // The settings in force at that block: the gate's regulator may have changed them since.
      try {
        const nowWindow = (await g.getFunction("nowWindow")({ blockTag: block })) as bigint;
        const maxAttestationAge = (await g.getFunction("maxAttestationAge")({ blockTag: block })) as bigint;
        gate = {
          address,
          nowWindow,
          maxAttestationAge,
          block,
          time: BigInt(b.timestamp),
          used,
          ...(mintedByAnother !== undefined ? { mintedByAnother } : {}),
        };
      } catch {
        throw new Error(`${address} on chain ${served} is not a mint gate (it has no nowWindow / maxAttestationAge)`);
      }
    }
    return { known, ...(gate ? { gate } : {}), note: `asked chain ${served} at ${chain.rpcUrl}` };
  } finally {
    provider.destroy();
  }
}
