// zkprov prover: keys, attestations, Merkle paths, circuit inputs, proofs. Re-exports only.
export * from "./attestation.ts";
export * from "./files.ts";
export * from "./inputs.ts";
export * from "./keys.ts";
export * from "./merkle.ts";
export * from "./prove.ts";
export * from "./registry-mirror.ts";
export * from "./workflows.ts";
