// Deploy zkprov with the Ignition module ignition/modules/Zkprov.ts: the same call for the CLI (`zkprov
// deploy`, over RPC or on the embedded chain) and the demo (Hardhat's in-process network).
import fs from "node:fs";
import path from "node:path";
import type { BaseContract } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { DEV_CHAIN_ID } from "../../core/context.ts";
import { ChainError } from "../../core/errors.ts";
import { readKeyFile } from "../files.ts";
import { connectChain, hardhatRuntime, type ChainOptions } from "./connect.ts";
import { chainError } from "./contracts.ts";
import { saveProject, type Project } from "./project.ts";
import { type Deployment } from "../../core/formats/project.ts";

/** The deployment parameters besides the regulator: ignition/parameters/dev.json's, overridable. */
export interface DeployParameters {
  /** Registry module parameters (rootWindow, adminDelay, maxDepths). */
  Registry?: Record<string, string | number>;
  /** Zkprov module parameters (nowWindow, royaltyRate, rightFees). */
  Zkprov?: Record<string, string | number | string[]>;
}

/** The development parameters in ignition/parameters/dev.json (without its placeholder regulator key). */
export function devParameters(): DeployParameters {
  const dev = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "ignition/parameters/dev.json"), "utf8")) as {
    Registry: Record<string, string | number>;
    Zkprov: Record<string, string | number | string[]>;
  };
  const { regulatorKey: _placeholder, ...registry } = dev.Registry;
  void _placeholder;
  return { Registry: registry, Zkprov: dev.Zkprov };
}

/** The contracts Ignition deployed, by the module's future names. */
export type DeployedContracts = Record<keyof Deployment["contracts"], BaseContract>;

/**
 * Deploy the Zkprov Ignition module on a Hardhat network connection, with `regulator` as the registry's admin
 * and `regulatorKey` pinned as the audit key.
 *
 * @example const deployed = await deployZkprov(connection, { regulator: signer.address, regulatorKey: key.publicKey })
 */
export async function deployZkprov(
  connection: Pick<NetworkConnection, "ignition">,
  o: {
    regulator: string;
    regulatorKey: [bigint, bigint];
    parameters?: DeployParameters;
    deploymentId?: string;
    /** Also deploy and allowlist the development stablecoin (chain 31337 only; see ignition/modules/DevStablecoin.ts). */
    devStablecoin?: boolean;
  },
): Promise<DeployedContracts> {
  const params = o.parameters ?? devParameters();
  // Loaded here: the Ignition module pulls in Ignition, which other commands do not need.
  const { default: ZkprovModule } = o.devStablecoin
    ? await import("../../ignition/modules/DevStablecoin.ts")
    : await import("../../ignition/modules/Zkprov.ts");
  const deployed = await connection.ignition.deploy(ZkprovModule, {
    parameters: {
      Registry: { ...params.Registry, regulator: o.regulator, regulatorKey: o.regulatorKey.map(String) },
      Zkprov: params.Zkprov ?? {},
    },
    defaultSender: o.regulator,
    ...(o.deploymentId ? { deploymentId: o.deploymentId } : {}),
  });
  return deployed as unknown as DeployedContracts;
}

/** What `deployProject` did. */
export interface DeployResult {
  deployment: Deployment;
  embedded: boolean;
}

/**
 * `zkprov deploy`: deploy on the project's chain (or --rpc, or an embedded one) with the signer as regulator
 * and the regulator key file's public key pinned; record the addresses and block in project.json (except on an
 * embedded chain, whose state is gone after the command: nothing is recorded then).
 *
 * @throws {InvalidInputError} if the project already has a deployment on this chain and `force` is not set.
 * @throws {ChainError} if the chain does not answer or the deployment fails.
 * @example const { deployment } = await deployProject(project, { regulatorKeyFile: "keys/regulator.key.json" })
 */
export async function deployProject(
  p: Project,
  o: ChainOptions & { regulatorKeyFile: string; force?: boolean; parameters?: DeployParameters },
): Promise<DeployResult> {
  const regulatorKey = readKeyFile(o.regulatorKeyFile, "regulator");
  const chain = await connectChain(p, o);
  try {
    const existing = p.data.deployment;
    if (existing && existing.rpc === chain.rpc && !chain.embedded && !o.force) {
      const code = await chain.provider.getCode(existing.contracts.registry);
      if (code !== "0x")
        throw new ChainError(
          `${p.file} already records a deployment on ${chain.rpc} (registry ${existing.contracts.registry}): pass --force to deploy a new one`,
        );
    }
    const signer = await chain.signer();
    const regulator = await signer.getAddress();
    const key = o.accountKeyFile ? readKeyFile(o.accountKeyFile, "account").privateKey : undefined;
    const block = await chain.provider.getBlockNumber();
    let connection: Pick<NetworkConnection, "ignition">;
    if (chain.embedded) {
      connection = (await chain.hre!.network.getOrCreate()) as NetworkConnection;
    } else {
      const hre = await hardhatRuntime(p.ignitionDir);
      connection = await hre.network.create({
        network: "localhost",
        override: { url: chain.rpc, ...(key ? { accounts: [key] } : {}) },
      });
    }
    let deployed: DeployedContracts;
    try {
      deployed = await deployZkprov(connection, {
        regulator,
        regulatorKey: regulatorKey.publicKey,
        parameters: o.parameters,
        deploymentId: `zkprov-${chain.chainId}-${Date.now()}`,
        devStablecoin: chain.chainId === DEV_CHAIN_ID,
      });
    } catch (e) {
      throw chainError(e, "deploy");
    }
    const contracts = {} as Deployment["contracts"];
    for (const [name, c] of Object.entries(deployed) as [keyof Deployment["contracts"], BaseContract | undefined][])
      if (c) contracts[name] = await c.getAddress();
    const deployment: Deployment = {
      rpc: chain.rpc,
      chainId: chain.chainId.toString(),
      block,
      deployedAt: new Date().toISOString(),
      contracts,
      regulatorKey: [regulatorKey.publicKey[0].toString(), regulatorKey.publicKey[1].toString()],
      maxAttestationAge: String((await deployed.mintGate.getFunction("maxAttestationAge")()) as bigint),
    };
    // An embedded chain's state is gone after this command: record nothing that later commands would use.
    if (!chain.embedded) {
      p.data.deployment = deployment;
      if (p.data.chain?.rpc !== chain.rpc) p.data.chain = { rpc: chain.rpc, chainId: deployment.chainId };
      saveProject(p);
    }
    return { deployment, embedded: chain.embedded };
  } finally {
    await chain.close();
  }
}
