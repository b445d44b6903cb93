// The deployed zkprov contracts as ethers contracts (ABIs from Hardhat's build artifacts), and contract
// reverts decoded by custom-error name with what to do about each.
import fs from "node:fs";
import path from "node:path";
import { Contract, Interface, type ContractRunner, type ErrorFragment } from "ethers";
import { CONTRACT_ARTIFACTS_DIR } from "../../artifacts/paths.ts";
import { ChainError, ContractRevertError, ZkprovError } from "../../core/errors.ts";
import { type Deployment } from "../../core/formats/project.ts";

const ARTIFACTS = {
  Registry: "registries/Registry.sol/Registry.json",
  MintGate: "gates/MintGate.sol/MintGate.json",
  LicenseGate: "gates/LicenseGate.sol/LicenseGate.json",
  RoyaltyVault: "gates/RoyaltyVault.sol/RoyaltyVault.json",
} as const;

/** A zkprov contract name whose ABI the CLI uses. */
export type ZkprovContractName = keyof typeof ARTIFACTS;

const abis = new Map<ZkprovContractName, Interface>();

/**
 * The ABI of contract `name`, from build/hardhat/artifacts/ (built by `npm run build`).
 *
 * @throws {ChainError} if the artifact is missing.
 * @example new Contract(address, contractInterface("Registry"), signer)
 */
export function contractInterface(name: ZkprovContractName): Interface {
  let iface = abis.get(name);
  if (!iface) {
    const file = path.join(CONTRACT_ARTIFACTS_DIR, ARTIFACTS[name]);
    if (!fs.existsSync(file)) throw new ChainError(`contract artifact ${file} is missing: run npm run build`);
    iface = new Interface((JSON.parse(fs.readFileSync(file, "utf8")) as { abi: unknown[] }).abi as string[]);
    abis.set(name, iface);
  }
  return iface;
}

/** The four zkprov contracts of a deployment. */
export interface ZkprovContracts {
  registry: Contract;
  mintGate: Contract;
  licenseGate: Contract;
  royaltyVault: Contract;
}

/**
 * The deployment's contracts, connected to `runner` (a signer to send transactions, a provider to read).
 *
 * @example const { registry } = zkprovContracts(project.data.deployment!, signer)
 */
export function zkprovContracts(d: Deployment, runner: ContractRunner): ZkprovContracts {
  return {
    registry: new Contract(d.contracts.registry, contractInterface("Registry"), runner),
    mintGate: new Contract(d.contracts.mintGate, contractInterface("MintGate"), runner),
    licenseGate: new Contract(d.contracts.licenseGate, contractInterface("LicenseGate"), runner),
    royaltyVault: new Contract(d.contracts.royaltyVault, contractInterface("RoyaltyVault"), runner),
  };
}

/** Every custom error of the four contracts (including the OpenZeppelin ones they inherit), in one interface. */
function allErrors(): Interface {
  const seen = new Map<string, ErrorFragment>();
  for (const name of Object.keys(ARTIFACTS) as ZkprovContractName[])
    contractInterface(name).forEachError((f) => seen.set(f.selector, f));
  return new Interface([...seen.values()]);
}

// What to do, by custom error name. `{n}` is replaced by argument n.
const REVERT_HINTS: Record<string, string> = {
  MintContextMismatch:
    "the proof was made for another recipient, chain or mint gate: prove again with --to set to the mint recipient",
  MintUnknownRoot:
    "a registry root in the proof is not (or no longer) known to the registry: is the model and license registered? run `zkprov registry snapshot` and prove again",
  MintCompromisedRoot:
    "an entry of that registry tree was compromised at {2}, after this proof's root was made: run `zkprov registry snapshot` and prove again against the new root",
  MintTimeOutOfWindow: "the proof's time {0} is too far from the block time {1}: prove again now",
  MintRegulatorKeyMismatch: "the audit record was encrypted to another regulator key than the one the registry pins",
  MintAssetAlreadyMinted: "this asset is already minted (token id = asset hash)",
  MintPublishNotRequired: "the proof must require the PUBLISH right (--required-rights with bit 0)",
  MintInvalidProof: "the proof does not verify: the bundle was altered or made with other artifacts",
  LicenseWrongFee: "send exactly the fee: {0} wei (the command sends it by default; omit --value)",
  LicenseRightsNotGranted: "the token's granted rights ({2}) do not include the usage {1}",
  LicenseUnknownRoot:
    "the licensee root in the proof is not known: is the licensee registered? run `zkprov registry snapshot` and prove again",
  LicenseCompromisedRoot:
    "a licensee's KYC was withdrawn at {1}, after this proof's root was made: run `zkprov registry snapshot` and prove again against the new root",
  LicenseContextMismatch:
    "the proof was made for another licensee account, token or usage: prove again with --to set to the sending account",
  LicenseNullifierUsed: "this licensee already licensed this token for this usage",
  LicenseUnknownToken: "no token {0} was minted",
  LicenseInvalidProof: "the proof does not verify: the bundle was altered or made with other artifacts",
  VaultUnknownToken: "no token {0} was minted",
  VaultZeroDeposit: "pay a positive amount",
  VaultNothingOwed: "nothing is owed to this payee for token {0} (already claimed, or nothing paid in yet)",
  VaultTagsMismatch: "the payee tags given are not the token's (from its Minted event)",
  VaultInvalidProof:
    "the claim proof does not verify for this recipient: prove again with --to set to the claim recipient",
  VaultInvalidRecipient: "the recipient {0} cannot receive the payment",
  AccessControlUnauthorizedAccount:
    "account {0} lacks that registry role: the regulator grants it with `zkprov registry grant-role`",
  RegistryLeafExists: "that entry is already registered",
  RegistryUnknownLeaf: "that entry is not in the registry (or was compromised)",
  RegistryModelHashLive:
    "model hash {0} already has a live registry entry (leaf {1}): compromise it first, or register another model hash",
  RegistryInvalidModelKey: "the model public key is not a valid BabyJubJub point",
};

function describeRevert(name: string, args: string[]): string {
  const hint = REVERT_HINTS[name]?.replace(/\{(\d)\}/g, (_m, i: string) => args[Number(i)] ?? "?");
  return `${name}(${args.join(", ")})${hint ? `: ${hint}` : ""}`;
}

/**
 * Turn an error from an ethers call or transaction into a zkprov error: a contract revert decoded by its
 * custom error's name (ContractRevertError, e.g. `LicenseWrongFee(10000000000000000, 1)`), a lost connection
 * (ChainError), or the error itself if it is already a zkprov error.
 *
 * @example try { await tx() } catch (e) { throw chainError(e, "mint") }
 */
export function chainError(e: unknown, action: string): Error {
  if (e instanceof ZkprovError) return e;
  const err = e as { code?: string; data?: unknown; info?: { error?: { data?: unknown } }; shortMessage?: string };
  const data = [err.data, err.info?.error?.data].find((d): d is string => typeof d === "string" && d.length >= 10);
  if (data) {
    const parsed = allErrors().parseError(data);
    if (parsed) {
      const args = [...parsed.args].map((a) => String(a));
      return new ContractRevertError(parsed.name, args, `${action} refused: ${describeRevert(parsed.name, args)}`, {
        cause: e,
      });
    }
  }
  if (err.code === "CALL_EXCEPTION")
    return new ContractRevertError(
      "unknown",
      [],
      `${action} refused by the contract (${err.shortMessage ?? "revert"})`,
      {
        cause: e,
      },
    );
  if (err.code === "INSUFFICIENT_FUNDS")
    return new ChainError(`${action}: the sending account has too little ETH for the value and gas`, { cause: e });
  if (err.code === "NETWORK_ERROR" || err.code === "TIMEOUT" || /ECONNREFUSED|fetch failed/.test(String(e)))
    return new ChainError(`${action}: lost the connection to the chain`, { cause: e });
  return e instanceof Error ? e : new Error(String(e));
}
