// The registry roles, apart from the registry actions (registry.ts, which load ethers), for the CLI's help.

/** Registry roles the regulator grants. */
export const REGISTRY_ROLES = { curator: "CURATOR_ROLE", licensor: "LICENSOR_ROLE", kyc: "KYC_ROLE" } as const;
/** A registry role name. */
export type RegistryRole = keyof typeof REGISTRY_ROLES;
