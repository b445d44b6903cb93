// The verdict words, apart from the bundle verifier (bundle.ts, which loads snarkjs), for the CLI's help.

/** The verdict words, the same in the CLI, the service and the page. */
export const VERDICTS = {
  valid: "valid",
  invalid: "invalid",
  unchecked: "proof verifies; registry membership not checked",
} as const;
/** A verdict: valid (every check passed, registries included), invalid (a check failed), or unchecked. */
export type Verdict = keyof typeof VERDICTS;
