// Renders the batch verifier library of a circuit (artifacts/batch-verifier.sol.template) from its
// verification key: one multi-pairing over a random linear combination of a batch's proofs.
import fs from "node:fs";
import path from "node:path";
import { circuitInstance } from "../core/circuits.ts";
import type { VerificationKey } from "../core/vkey.ts";
import { writeIfChanged } from "./gen-domain.ts";
import { REPO_ROOT } from "./root.ts";

// In the repository, not beside this module: the compiled code (build/js) has no copy of it.
const TEMPLATE = path.join(REPO_ROOT, "artifacts/batch-verifier.sol.template");

/**
 * The Solidity source of library `libraryName` verifying batches of `circuitId` proofs under `vkey`.
 *
 * @example batchVerifierSource("provenance", "ProvenanceBatchVerifier", vkey, vkeyHash(vkey), true)
 */
export function batchVerifierSource(
  circuitId: string,
  libraryName: string,
  vkey: VerificationKey,
  vkHash: string,
  insecure: boolean,
): string {
  const c = (name: string, v: string) => `    uint256 private constant ${name} = ${v};`;
  const g2 = (name: string, p: string[][]) => [
    c(`${name}_X1`, p[0]![1]!),
    c(`${name}_X2`, p[0]![0]!),
    c(`${name}_Y1`, p[1]![1]!),
    c(`${name}_Y2`, p[1]![0]!),
  ];
  const constants = [
    c("ALPHA_X", vkey.vk_alpha_1[0]!),
    c("ALPHA_Y", vkey.vk_alpha_1[1]!),
    ...g2("BETA", vkey.vk_beta_2),
    ...g2("GAMMA", vkey.vk_gamma_2),
    ...g2("DELTA", vkey.vk_delta_2),
    ...vkey.IC.flatMap((p, i) => [c(`IC${i}x`, p[0]!), c(`IC${i}y`, p[1]!)]),
  ];
  const vkx = vkey.IC.slice(1).flatMap((_, j) => [
    `        (ok, term) = _mul(IC${j + 1}x, IC${j + 1}y, sums[${j}]);`,
    "        if (!ok) return false;",
    "        (ok, vk) = _add(vk, term);",
    "        if (!ok) return false;",
  ]);
  const fill: Record<string, string> = {
    CIRCUIT: circuitId,
    LIBRARY: libraryName,
    INSECURE: insecure
      ? "// INSECURE: its verification key comes from a development trusted setup. Never deploy it where value is at stake."
      : "// Its verification key comes from a public powers-of-tau ceremony and a multi-party phase-2 ceremony.",
    VKEY_HASH: vkHash,
    N_PUBLIC: String(vkey.nPublic),
    N_PUBLIC_PLUS_2: String(vkey.nPublic + 2),
    CONSTANTS: constants.join("\n"),
    VK_X: vkx.join("\n"),
  };
  return fs.readFileSync(TEMPLATE, "utf8").replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = fill[k];
    if (v === undefined) throw new Error(`batch verifier template: unknown placeholder ${k}`);
    return v;
  });
}

/**
 * Render circuit `circuitId`'s batch verifier library, if circuits.json names one, from its verification key
 * into `contractsDir`, writing the file only when it changes. Returns the file written, or undefined.
 * Called wherever a verification key is installed (build and ceremony finalize), so that the batch
 * verifier never embeds another key than the single verifier.
 *
 * @example writeBatchVerifier("provenance", vkey, hash, true, "contracts/verifiers")
 */
export function writeBatchVerifier(
  circuitId: string,
  vkey: VerificationKey,
  vkHash: string,
  insecure: boolean,
  contractsDir: string,
): string | undefined {
  const name = circuitInstance(circuitId).batchVerifierLibrary;
  if (!name) return undefined;
  const file = path.join(contractsDir, `${name}.sol`);
  return writeIfChanged(file, batchVerifierSource(circuitId, name, vkey, vkHash, insecure)) ? file : undefined;
}
