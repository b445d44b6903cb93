// zkprov verifier: everything needed to check proofs without the prover. Re-exports only.
export * from "./artifacts.ts";
export * from "./asset.ts";
export * from "./audit.ts";
export * from "./bundle.ts";
export * from "./circuits.ts";
export * from "./codecs.ts";
export * from "./context.ts";
export * from "./curve.ts";
export * from "./domain.ts";
export * from "./errors.ts";
export * from "./field.ts";
export * from "./hashes.ts";
export * from "./proof.ts";
export * from "./vkey.ts";
