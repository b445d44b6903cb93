export { buildServer, openStore, type BuildServerOptions, type ProverService } from "./server.ts";
export { startService } from "./start.ts";
export { parseServiceConfig, serviceConfigSchema, SERVICE_MODES, type ServiceConfig } from "./config.ts";
export { proofRequestSchema, jobViewSchema, toCircuitInput, type ProofRequest, type JobView } from "./schemas.ts";
export { ServiceError, StoreUnavailableError } from "./errors.ts";
export { redisDurabilityProblems, REQUIRED_REDIS_SETTINGS } from "./redis-durability.ts";
export type { Store, JobRecord, ApiKeyInfo } from "./store.ts";
