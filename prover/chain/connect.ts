// Which chain a command talks to, and as whom. In order: --rpc URL, the project's recorded RPC (a node
// started with `zkprov chain start`, or the URL a deployment used), else an embedded in-process Hardhat
// network that lives only as long as the command. Signers: an account key file (production), or a
// Hardhat default account by index on a local dev chain (chain id 31337).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { JsonRpcProvider, Network, Wallet, type Provider, type Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { codeModule, REPO_ROOT } from "../../artifacts/paths.ts";
import { DEV_CHAIN_ID } from "../../core/context.ts";
import { ChainError, InvalidInputError } from "../../core/errors.ts";
import { readKeyFile } from "../files.ts";
import type { Project } from "./project.ts";

/** How to pick the chain and the signing account. */
export interface ChainOptions {
  /** A JSON-RPC URL; overrides the project's. */
  rpc?: string;
  /** A Hardhat default account by index (dev chains only). Default 0. */
  account?: number;
  /** An account key file (`zkprov keys new account`), 0600 JSON. */
  accountKeyFile?: string;
}

/** A connection to a chain. */
export interface ChainConnection {
  /** The RPC URL, or "embedded". */
  rpc: string;
  embedded: boolean;
  chainId: bigint;
  provider: Provider;
  /** The signing account the options chose. */
  signer(): Promise<Signer>;
  /** The Hardhat runtime of an embedded chain (undefined over RPC). */
  hre?: HardhatRuntimeEnvironment;
  close(): Promise<void>;
}

/**
 * The RPC URL a command uses: `--rpc`, else the project's recorded one, else "embedded".
 *
 * @example chainRpc(project, opts.rpc) // "http://127.0.0.1:8545"
 */
export function chainRpc(project: Project | undefined, rpc?: string): string {
  return rpc ?? project?.data.chain?.rpc ?? "embedded";
}

/**
 * Ask `url` for its chain id (eth_chainId), within `timeoutMs`.
 *
 * @throws {ChainError} naming the URL if it does not answer, with what to do.
 * @example await probeRpc("http://127.0.0.1:8545") // 31337n
 */
export async function probeRpc(url: string, timeoutMs = 5000): Promise<bigint> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidInputError(`--rpc ${JSON.stringify(url)} is not a URL (e.g. http://127.0.0.1:8545)`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new InvalidInputError(`--rpc ${url}: only http(s) JSON-RPC URLs are supported`);
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json()) as { result?: string };
    if (typeof body.result !== "string") throw new Error(`no chain id in the answer (HTTP ${res.status})`);
    return BigInt(body.result);
  } catch (cause) {
    throw new ChainError(
      `cannot reach the chain at ${url}: start a local one with \`zkprov chain start\`, or check --rpc`,
      { cause, details: String((cause as Error)?.message ?? cause) },
    );
  }
}

let runtime: Promise<HardhatRuntimeEnvironment> | undefined;

/**
 * The Hardhat runtime of this repository (its hardhat.config.ts), created programmatically, since the CLI is
 * not run by `hardhat run`. Ignition deployments are journaled under `ignitionDir` (the project's), with one
 * confirmation (local chains mine a block per transaction).
 *
 * @example const hre = await hardhatRuntime(project.ignitionDir); const conn = await hre.network.create()
 */
export async function hardhatRuntime(ignitionDir?: string): Promise<HardhatRuntimeEnvironment> {
  runtime ??= (async () => {
    const { createHardhatRuntimeEnvironment } = await import("hardhat/hre");
    const configFile = path.join(REPO_ROOT, "hardhat.config.ts");
    // The config module of the running code: hardhat.config.ts, or its compiled .js under bin/zkprov.
    const config = (await import(pathToFileURL(codeModule("hardhat.config.ts")).href)) as {
      default: Parameters<typeof createHardhatRuntimeEnvironment>[0];
    };
    return createHardhatRuntimeEnvironment(
      {
        ...config.default,
        paths: { ...config.default.paths, ...(ignitionDir ? { ignition: ignitionDir } : {}) },
        ignition: { requiredConfirmations: 1, blockPollingInterval: 100 },
      } as Parameters<typeof createHardhatRuntimeEnvironment>[0],
      { config: configFile },
      REPO_ROOT,
    );
  })();
  return runtime;
}

/**
 * Connect to the chain the options and the project choose. An embedded chain is a fresh in-process
 * Hardhat network: everything on it is gone when the command ends (callers must say so).
 *
 * @throws {ChainError} if the RPC does not answer.
 * @throws {InvalidInputError} for a bad account index or key file.
 * @example const chain = await connectChain(project, { rpc, account: 1 }); const signer = await chain.signer()
 */
export async function connectChain(project: Project | undefined, o: ChainOptions = {}): Promise<ChainConnection> {
  const rpc = chainRpc(project, o.rpc);
  if (rpc === "embedded") {
    const hre = await hardhatRuntime(project?.ignitionDir);
    const conn = await hre.network.create();
    const provider = conn.ethers.provider as unknown as Provider;
    const chainId = (await provider.getNetwork()).chainId;
    return {
      rpc,
      embedded: true,
      chainId,
      provider,
      hre,
      signer: async () => {
        if (o.accountKeyFile) return accountWallet(o.accountKeyFile, provider);
        const signers = await conn.ethers.getSigners();
        const s = signers[o.account ?? 0];
        if (!s) throw new InvalidInputError(`--account ${o.account}: the chain has ${signers.length} accounts`);
        return s as unknown as Signer;
      },
      close: () => conn.close(),
    };
  }
  const chainId = await probeRpc(rpc);
  const provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: Network.from(chainId), pollingInterval: 100 });
  return {
    rpc,
    embedded: false,
    chainId,
    provider,
    signer: async () => {
      if (o.accountKeyFile) return accountWallet(o.accountKeyFile, provider);
      if (chainId !== DEV_CHAIN_ID)
        throw new InvalidInputError(
          `chain ${chainId} is not a local dev chain: sign with --account-key-file (Hardhat's default accounts exist only on 31337)`,
        );
      const accounts = (await provider.send("eth_accounts", [])) as string[];
      const i = o.account ?? 0;
      if (!Number.isInteger(i) || i < 0 || i >= accounts.length)
        throw new InvalidInputError(
          `--account ${i}: the node has ${accounts.length} unlocked accounts (0-${accounts.length - 1})`,
        );
      return provider.getSigner(accounts[i]);
    },
    close: async () => provider.destroy(),
  };
}

function accountWallet(file: string, provider: Provider): Signer {
  return new Wallet(readKeyFile(file, "account").privateKey, provider);
}
