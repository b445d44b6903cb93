// `npm run build:circuits [-- --ptau FILE] [--only id,id] [--force]`: build every circuit artifact.
import { parseArgs } from "node:util";
import { buildCircuits } from "../artifacts/build.ts";
import { isCircuitId, CIRCUIT_IDS, type CircuitId } from "../core/circuits.ts";
import { ZkprovError } from "../core/errors.ts";

const { values } = parseArgs({
  options: {
    ptau: { type: "string" },
    only: { type: "string" },
    "build-dir": { type: "string" },
    force: { type: "boolean", default: false },
  },
});
const only = values.only?.split(",").map((s) => s.trim());
for (const id of only ?? []) {
  if (!isCircuitId(id)) {
    console.error(`error: unknown circuit ${JSON.stringify(id)} in --only (known: ${CIRCUIT_IDS.join(", ")})`);
    process.exit(2);
  }
}
try {
  const t0 = Date.now();
  const steps = await buildCircuits({
    ptau: values.ptau,
    only: only as CircuitId[] | undefined,
    buildDir: values["build-dir"],
    force: values.force,
  });
  const did = steps.filter((s) => s.compiled || s.setup || s.solidity).map((s) => s.id);
  console.log(
    `circuits: ${did.length ? `built ${did.join(", ")}` : "all up to date"} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
} catch (e) {
  if (e instanceof ZkprovError) {
    console.error(`error: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
