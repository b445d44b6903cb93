// One chain action on the project's deployment: connect, check that the deployment is on this chain, run,
// decode any revert by name, disconnect.
import { EventLog, type ContractTransactionResponse, type Signer } from "ethers";
import { ChainError } from "../../core/errors.ts";
import { connectChain, type ChainConnection, type ChainOptions } from "./connect.ts";
import { chainError, zkprovContracts, type ZkprovContracts } from "./contracts.ts";
import { requireDeployment, type Project } from "./project.ts";
import { type Deployment } from "../../core/formats/project.ts";

/** What an action on the deployment gets. */
export interface Session {
  chain: ChainConnection;
  deployment: Deployment;
  /** The contracts connected to the signer. */
  contracts: ZkprovContracts;
  signer: Signer;
  from: string;
}

/**
 * Run `fn` against the project's deployment, signing as the account `o` chooses.
 *
 * @throws {InvalidInputError} if the project has no usable deployment.
 * @throws {ChainError} if the chain does not answer or holds no such deployment.
 * @throws {ContractRevertError} naming the contract's custom error if a transaction is refused.
 * @example await withDeployment(project, opts, "mint", async ({ contracts }) => contracts.mintGate.mint(...))
 */
export async function withDeployment<T>(
  p: Project,
  o: ChainOptions,
  action: string,
  fn: (s: Session) => Promise<T>,
): Promise<T> {
  const deployment = requireDeployment(p);
  const chain = await connectChain(p, { ...o, rpc: o.rpc ?? deployment.rpc });
  try {
    if (chain.chainId.toString() !== deployment.chainId)
      throw new ChainError(
        `${chain.rpc} is chain ${chain.chainId}, but the project's deployment is on chain ${deployment.chainId}`,
      );
    if ((await chain.provider.getCode(deployment.contracts.registry)) === "0x")
      throw new ChainError(
        `no zkprov registry at ${deployment.contracts.registry} on ${chain.rpc} (a restarted node starts empty): run \`zkprov deploy --force\``,
      );
    const signer = await chain.signer();
    const s: Session = {
      chain,
      deployment,
      contracts: zkprovContracts(deployment, signer),
      signer,
      from: await signer.getAddress(),
    };
    return await fn(s);
  } catch (e) {
    throw chainError(e, action);
  } finally {
    await chain.close();
  }
}

/** A mined transaction: its hash, gas and block. */
export interface Mined {
  hash: string;
  gas: bigint;
  block: number;
}

/**
 * Wait for a transaction; a reverted one throws (decoded by the caller's withDeployment).
 *
 * @throws {ChainError} if the transaction reverted without revert data.
 * @example const { gas } = await mined(await registry.insertLicense(leaf))
 */
export async function mined(tx: ContractTransactionResponse): Promise<Mined> {
  return (await minedWithEvents(tx)).mined;
}

/**
 * Wait for a transaction and return its events decoded by the sending contract's ABI.
 *
 * @throws {ChainError} if the transaction reverted without revert data.
 * @example const { events } = await minedWithEvents(await vault.claim(...)); events.find((e) => e.eventName === "Claimed")
 */
export async function minedWithEvents(tx: ContractTransactionResponse): Promise<{ mined: Mined; events: EventLog[] }> {
  const receipt = await tx.wait();
  if (!receipt || receipt.status !== 1) throw new ChainError(`transaction ${tx.hash} reverted`);
  return {
    mined: { hash: receipt.hash, gas: receipt.gasUsed, block: receipt.blockNumber },
    events: receipt.logs.filter((l): l is EventLog => l instanceof EventLog),
  };
}
