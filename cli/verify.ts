// zkprov verify
import { Command } from "commander";
import { VERDICTS } from "../verifier/verdicts.ts";
import { InvalidInputError } from "../core/errors.ts";
import { verifyAssetCommand } from "./c2pa.ts";
import { emit } from "./output.ts";

/**
 * The `verify` command: check a bundle offline, each check by name. Exit 0 only if valid, or, with
 * --no-registry, if the proof verifies and only its registry membership was not checked (no snapshot given).
 */
export function verifyCommand(): Command {
  return new Command("verify")
    .description(
      "verify a proof bundle (or an image with embedded Content Credentials) offline; prints each check; exit 0 only if valid (registry roots checked against --snapshot)",
    )
    .argument("<bundle>", "proof bundle, or a JPEG/PNG with a provenance proof embedded as Content Credentials")
    .option("--vkey <file>", "the pinned verification key (default: the installed build's key of the bundle's circuit)")
    .option("--snapshot <file...>", "registry snapshots whose roots count as known")
    .option("--no-registry", `accept "${VERDICTS.unchecked}" (exit 0) when no snapshot is given: check the proof alone`)
    .option("--regulator-key <file>", "an asset's embedded proof: decrypt its audit record with this regulator key")
    .option(
      "--on-chain",
      "also ask the chain (--rpc, else the project's deployment): the registry roots on its Registry, and the proof time and attestation age against the mint gate the bundle was minted at (read at the mint's block), or would mint at now",
    )
    .option("--registry-address <address>", "with --on-chain: the Registry to ask (default: the project's deployment)")
    .option(
      "--mint-gate <address>",
      "with --on-chain: the mint gate an unminted bundle is judged against (default: the project's deployment)",
    )
    .action(
      async (
        bundle: string,
        o: {
          vkey?: string;
          snapshot?: string[];
          registry: boolean;
          regulatorKey?: string;
          onChain?: boolean;
          registryAddress?: string;
          mintGate?: string;
        },
        cmd: Command,
      ) => {
        // The verifier (snarkjs) and the C2PA code load when the command runs (cli/README.md, fast start).
        const { isC2paAssetFile } = await import("../prover/c2pa/files.ts");
        // A JPEG or PNG carries its bundle as Content Credentials: verified by verifyAssetCommand (c2pa.ts).
        if (isC2paAssetFile(bundle)) {
          if (o.onChain)
            throw new InvalidInputError(
              `--on-chain checks a proof bundle; ${bundle} is an image: verify it offline, and its minted bundle with --on-chain`,
            );
          return verifyAssetCommand(cmd, bundle, o);
        }
        if (!o.onChain && (o.registryAddress !== undefined || o.mintGate !== undefined))
          throw new InvalidInputError(
            "--registry-address and --mint-gate say which contracts --on-chain asks: add --on-chain",
          );
        if (o.regulatorKey)
          throw new InvalidInputError("--regulator-key is for an asset; decrypt a bundle with `zkprov audit decrypt`");
        const { verifyBundleFile } = await import("../prover/workflows.ts");
        const chain = o.onChain ? await chainSourceOf(cmd, o) : undefined;
        const report = await verifyBundleFile(bundle, o.vkey, o.snapshot ?? [], chain ? { chain } : {});
        const accepted = report.valid || (report.verdict === "unchecked" && !o.registry);
        emit(cmd, { bundle, ...report, verdictText: VERDICTS[report.verdict] }, () => {
          if (report.chainNote) process.stdout.write(`${report.chainNote}\n`);
          for (const c of report.checks) process.stdout.write(`${c.status.padEnd(7)} ${c.name}: ${c.reason}\n`);
          process.stdout.write(
            report.verdict === "valid"
              ? `valid ${report.circuit} proof\n`
              : report.verdict === "unchecked"
                ? `${VERDICTS.unchecked} (${report.circuit} proof)\n`
                : `INVALID ${report.circuit} proof\n`,
          );
        });
        if (!accepted) {
          process.stderr.write(
            report.verdict === "unchecked"
              ? `zkprov: error: ${bundle}: ${VERDICTS.unchecked}: give the registry snapshots (--snapshot), or --no-registry to check the proof alone\n`
              : `zkprov: error: ${bundle} is not a valid proof bundle (see the failed checks)\n`,
          );
          process.exitCode = 1;
        }
      },
    );
}

/**
 * The chain `verify --on-chain` asks: --rpc (else the deployment's RPC URL), and the Registry and mint gate given,
 * else the project's deployment.
 */
async function chainSourceOf(
  cmd: Command,
  o: { registryAddress?: string; mintGate?: string },
): Promise<{ rpcUrl: string; registry: string; mintGate?: string; fromBlock?: number }> {
  const { getAddress } = await import("ethers");
  const address = (v: string, flag: string) => {
    try {
      return getAddress(v);
    } catch {
      throw new InvalidInputError(`${flag} must be an Ethereum address, got ${JSON.stringify(v)}`);
    }
  };
  const rpc = (cmd.optsWithGlobals() as { rpc?: string }).rpc;
  let deployment: { rpc: string; block: number; contracts: { registry: string; mintGate: string } } | undefined;
  if (rpc === undefined || o.registryAddress === undefined) {
    const { projectOf } = await import("./session.ts");
    const { requireDeployment } = await import("../prover/chain/project.ts");
    const project = await projectOf(cmd);
    try {
      deployment = requireDeployment(project);
    } catch (e) {
      throw new InvalidInputError(
        `--on-chain needs --rpc and --registry-address, or a project with a deployment: ${(e as Error).message}`,
      );
    }
  }
  const rpcUrl = rpc ?? deployment!.rpc;
  if (!/^https?:\/\//.test(rpcUrl)) throw new InvalidInputError(`--rpc must be an http(s) URL, got ${rpcUrl}`);
  return {
    rpcUrl,
    registry: o.registryAddress ? address(o.registryAddress, "--registry-address") : deployment!.contracts.registry,
    ...(o.mintGate
      ? { mintGate: address(o.mintGate, "--mint-gate") }
      : deployment
        ? { mintGate: deployment.contracts.mintGate }
        : {}),
    // The deployment's block bounds the search for a mint, when the gate is the deployment's.
    ...(deployment && !o.mintGate ? { fromBlock: deployment.block } : {}),
  };
}
