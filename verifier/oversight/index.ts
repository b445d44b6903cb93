// Oversight over everything minted: the chain history reader, the registry adapter and the scan.
export * from "./registry-adapter.ts";
export * from "./history.ts";
export * from "./scan.ts";
