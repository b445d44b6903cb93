// Renders zkprov's own Groth16 Solidity verifier of a circuit (artifacts/groth16-verifier.sol.template) from its
// verification key: constants precomputed (G2 points negated once), vk_x accumulated in place in the pairing
// input, one staticcall per precompile step. test/contracts/verifiers.test.ts proves it agrees with the snarkjs
// template's verifier (artifacts/setup.ts exportReferenceSolidity) on valid and tampered proofs.
import fs from "node:fs";
import path from "node:path";
import type { VerificationKey } from "../core/vkey.ts";
import { REPO_ROOT } from "./root.ts";

// In the repository, not beside this module: the compiled code (build/js) has no copy of it.
const TEMPLATE = path.join(REPO_ROOT, "artifacts/groth16-verifier.sol.template");

/** The BN254 base field modulus q. */
export const BN254_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
/** The BN254 scalar field modulus r. */
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** A G1 point (x, y) of a verification key, checked to be an affine point on y^2 = x^3 + 3. */
export function g1Point(p: readonly string[], what: string): [bigint, bigint] {
  if (p.length < 2 || (p.length > 2 && BigInt(p[2]!) !== 1n)) throw new Error(`${what}: not an affine G1 point`);
  const x = BigInt(p[0]!);
  const y = BigInt(p[1]!);
  if (x >= BN254_Q || y >= BN254_Q) throw new Error(`${what}: coordinate not below q`);
  if ((y * y - (x * x * x + 3n)) % BN254_Q !== 0n) throw new Error(`${what}: not on the curve`);
  return [x, y];
}

/**
 * A G2 point of a verification key as the EIP-197 precompile takes it: [x_im, x_re, y_im, y_re]
 * (snarkjs stores [[x_re, x_im], [y_re, y_im], [1, 0]]), negated (y -> -y) if `negate`.
 */
export function g2Words(p: readonly (readonly string[])[], what: string, negate: boolean): bigint[] {
  if (p.length < 2 || p[0]!.length !== 2 || p[1]!.length !== 2) throw new Error(`${what}: not a G2 point`);
  if (p.length > 2 && (BigInt(p[2]![0]!) !== 1n || BigInt(p[2]![1]!) !== 0n)) throw new Error(`${what}: not affine`);
  const [xr, xi, yr, yi] = [p[0]![0]!, p[0]![1]!, p[1]![0]!, p[1]![1]!].map(BigInt) as [bigint, bigint, bigint, bigint];
  for (const c of [xr, xi, yr, yi]) if (c >= BN254_Q) throw new Error(`${what}: coordinate not below q`);
  const neg = (v: bigint) => (BN254_Q - v) % BN254_Q;
  return negate ? [xi, xr, neg(yi), neg(yr)] : [xi, xr, yi, yr];
}

/** The verification key's points, checked, with the G2 points negated for the single pairing product. */
export function verifierConstants(vkey: VerificationKey): { name: string; value: bigint }[] {
  if (vkey.protocol !== "groth16" || vkey.curve !== "bn128") {
    throw new Error(`verification key: expected groth16 on bn128, got ${vkey.protocol} on ${vkey.curve}`);
  }
  if (vkey.IC.length !== vkey.nPublic + 1) {
    throw new Error(`verification key: ${vkey.IC.length} IC points for ${vkey.nPublic} public signals`);
  }
  const g2 = (name: string, p: string[][]) => {
    const [xi, xr, yi, yr] = g2Words(p, name, true);
    return [
      { name: `NEG_${name}_X_IM`, value: xi! },
      { name: `NEG_${name}_X_RE`, value: xr! },
      { name: `NEG_${name}_Y_IM`, value: yi! },
      { name: `NEG_${name}_Y_RE`, value: yr! },
    ];
  };
  const [ax, ay] = g1Point(vkey.vk_alpha_1, "alpha");
  return [
    { name: "ALPHA_X", value: ax },
    { name: "ALPHA_Y", value: ay },
    ...g2("BETA", vkey.vk_beta_2),
    ...g2("GAMMA", vkey.vk_gamma_2),
    ...g2("DELTA", vkey.vk_delta_2),
    ...vkey.IC.flatMap((p, i) => {
      const [x, y] = g1Point(p, `IC${i}`);
      return [
        { name: `IC${i}_X`, value: x },
        { name: `IC${i}_Y`, value: y },
      ];
    }),
  ];
}

/** The `uint256 private constant` lines of a verifier. */
export function constantLines(vkey: VerificationKey): string {
  return verifierConstants(vkey)
    .map((c) => `    uint256 private constant ${c.name} = ${c.value};`)
    .join("\n");
}

/** The development / ceremony comment line of a generated verifier. */
export function insecureBanner(insecure: boolean): string {
  return insecure
    ? "// INSECURE: built from a development trusted setup (a local powers of tau and/or a single local\n// phase-2 contribution). Whoever built it could forge proofs. Never deploy it where value is at stake."
    : "// Built from a public powers-of-tau ceremony and a multi-party phase-2 ceremony.";
}

/** Fill `{{NAME}}` placeholders; an unknown one is an error in the template. */
export function fillTemplate(template: string, fill: Record<string, string>, what: string): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = fill[k];
    if (v === undefined) throw new Error(`${what} template: unknown placeholder ${k}`);
    return v;
  });
}

/** The library holding the verification of verifier contract `contractName`, for gates that embed it. */
export function verifierLibraryName(contractName: string): string {
  return `${contractName}Lib`;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * The Solidity source verifying Groth16 proofs of `circuitId` under `vkey`: library `${contractName}Lib`
 * (internal `verify`, VKEY_HASH, INSECURE_SETUP) for gates that embed the check, and contract `contractName`
 * with the interface of the snarkjs verifier (verifyProof(pA, pB, pC, pubSignals) returns bool), VKEY_HASH
 * and INSECURE_SETUP.
 *
 * @throws {Error} if the verification key is not a Groth16 BN254 key with valid points.
 * @example groth16VerifierSource("royaltyClaim", "RoyaltyClaimVerifier", vkey, vkeyHash(vkey), true)
 */
export function groth16VerifierSource(
  circuitId: string,
  contractName: string,
  vkey: VerificationKey,
  vkHash: string,
  insecure: boolean,
): string {
  const constants = constantLines(vkey);
  const msm = vkey.IC.slice(1).flatMap((_, j) => [
    `                // s_${j} * IC_${j + 1}`,
    `                s := calldataload(${j === 0 ? "pubSignals" : `add(pubSignals, ${hex(32 * j)})`})`,
    "                ok := and(ok, lt(s, R_MOD))",
    `                mstore(term, IC${j + 1}_X)`,
    `                mstore(add(term, 0x20), IC${j + 1}_Y)`,
    "                mstore(add(term, 0x40), s)",
    "                ok := and(ok, staticcall(gas(), 0x07, term, 0x60, term, 0x40))",
    "                ok := and(ok, staticcall(gas(), 0x06, acc, 0x80, acc, 0x40))",
  ]);
  return fillTemplate(
    fs.readFileSync(TEMPLATE, "utf8"),
    {
      CIRCUIT: circuitId,
      CONTRACT: contractName,
      LIBRARY: verifierLibraryName(contractName),
      INSECURE: insecureBanner(insecure),
      INSECURE_SETUP: String(insecure),
      VKEY_HASH: vkHash,
      N_PUBLIC: String(vkey.nPublic),
      CONSTANTS: constants,
      MSM: msm.join("\n"),
    },
    "groth16 verifier",
  );
}
