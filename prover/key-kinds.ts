// The key kinds `zkprov keys new` makes, apart from the key file code (files.ts), so that the CLI can list
// them in its help without loading the key libraries.

/** Key kinds `zkprov keys new` makes. */
export const KEY_KINDS = ["model", "regulator", "creator", "licensor", "licensee", "account"] as const;
/** A key kind. */
export type KeyKind = (typeof KEY_KINDS)[number];
