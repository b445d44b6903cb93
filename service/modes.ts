// The service's modes, apart from its configuration schema (config.ts), for the CLI's help.

/** How the service runs: embedded (SQLite + in-process workers), or API / worker nodes over Redis (BullMQ). */
export const SERVICE_MODES = ["embedded", "api", "worker"] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];
