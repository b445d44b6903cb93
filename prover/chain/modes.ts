// The market's term modes by name, apart from the market actions (market.ts, which load ethers and the
// prover), for the CLI's help.

/** Mode names as the CLI takes them. */
export const MODE_NAMES = ["default", "closed", "perpetual", "term", "volume"] as const;
