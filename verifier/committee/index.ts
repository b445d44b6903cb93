// The regulator's audit committee: t-of-n key generation without a trusted dealer, and threshold decryption
// of audit records with Chaum-Pedersen proofs.
export * from "./group.ts";
export * from "./dleq.ts";
export * from "./messages.ts";
export * from "./parse.ts";
export * from "./signatures.ts";
export * from "./signing.ts";
export * from "./dkg.ts";
export * from "./threshold.ts";
export * from "./partial.ts";
