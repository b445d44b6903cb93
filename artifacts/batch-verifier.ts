// Renders the batch verifier library of a circuit (artifacts/batch-verifier.sol.template) from its
// verification key: one multi-pairing over a random linear combination of a batch's proofs, in assembly
// with the same precomputed constants as the single verifier (artifacts/groth16-verifier.ts).
import fs from "node:fs";
import path from "node:path";
import { circuitInstance } from "../core/circuits.ts";
import type { VerificationKey } from "../core/vkey.ts";
import { writeIfChanged } from "./gen-domain.ts";
import { constantLines, fillTemplate } from "./groth16-verifier.ts";
import { REPO_ROOT } from "./root.ts";

const hex = (v: number) => `0x${v.toString(16)}`;
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
  const n = vkey.nPublic;
  const ind = " ".repeat(24);
  const at = (base: string, j: number) => (j === 0 ? base : `add(${base}, ${hex(32 * j)})`);
  const sumsFirst = Array.from({ length: n }, (_, j) => [
    `${ind}s := calldataload(${at("pu", j)})`,
    `${ind}ok := and(ok, lt(s, R_MOD))`,
    `${ind}mstore(${at("sums", j)}, s)`,
  ]).flat();
  const sumsNext = Array.from({ length: n }, (_, j) => [
    `${ind}s := calldataload(${at("pu", j)})`,
    `${ind}ok := and(ok, lt(s, R_MOD))`,
    `${ind}mstore(${at("sums", j)}, addmod(mload(${at("sums", j)}), mulmod(r, s, R_MOD), R_MOD))`,
  ]).flat();
  const msmInd = " ".repeat(20);
  const msm = Array.from({ length: n }, (_, j) => [
    `${msmInd}mstore(term, IC${j + 1}_X)`,
    `${msmInd}mstore(add(term, 0x20), IC${j + 1}_Y)`,
    `${msmInd}mstore(add(term, 0x40), mload(${at("sums", j)}))`,
    `${msmInd}ok := and(ok, staticcall(gas(), 0x07, term, 0x60, term, 0x40))`,
    `${msmInd}ok := and(ok, staticcall(gas(), 0x06, acc, 0x80, acc, 0x40))`,
  ]).flat();
  return fillTemplate(
    fs.readFileSync(TEMPLATE, "utf8"),
    {
      CIRCUIT: circuitId,
      LIBRARY: libraryName,
      INSECURE: insecure
        ? "// INSECURE: its verification key comes from a development trusted setup. Never deploy it where value is at stake."
        : "// Its verification key comes from a public powers-of-tau ceremony and a multi-party phase-2 ceremony.",
      VKEY_HASH: vkHash,
      N_PUBLIC: String(n),
      N_PUBLIC_MINUS_1: String(n - 1),
      N_PUBLIC_PLUS_2: String(n + 2),
      SUMS_BYTES: hex(32 * n),
      PUB_BYTES: hex(32 * n),
      PROOF_AND_PUB_BYTES: hex(0x100 + 32 * n),
      CONSTANTS: constantLines(vkey),
      SUMS_FIRST: sumsFirst.join("\n"),
      SUMS_NEXT: sumsNext.join("\n"),
      MSM: msm.join("\n"),
    },
    "batch verifier",
  );
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
