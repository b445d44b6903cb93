export { buildServer, openStore, type BuildServerOptions, type ProverService } from "./server.ts";
export { startService, DEFAULT_STATIC_ROOT } from "./start.ts";
export { parseServiceConfig, serviceConfigSchema, SERVICE_MODES, type ServiceConfig } from "./config.ts";
export { proofRequestSchema, jobViewSchema, toCircuitInput, type ProofRequest, type JobView } from "./schemas.ts";
export { ServiceError } from "./errors.ts";
export type { Store, JobRecord, ApiKeyInfo } from "./store.ts";
