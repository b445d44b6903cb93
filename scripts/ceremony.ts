// `npm run ceremony -- <init|contribute|beacon|verify|finalize> <circuit> [options]`: phase-2 ceremony.
import { parseArgs } from "node:util";
import { isCircuitId, CIRCUIT_IDS } from "../core/circuits.ts";
import { ZkprovError } from "../core/errors.ts";
import {
  beaconCeremony,
  contributeCeremony,
  finalizeCeremony,
  initCeremony,
  verifyCeremony,
} from "../artifacts/ceremony.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    ptau: { type: "string" },
    name: { type: "string" },
    beacon: { type: "string" },
    iterations: { type: "string" },
    dir: { type: "string" },
    "build-dir": { type: "string" },
  },
});
const [command, circuit] = positionals;
const usage = `usage: ceremony <init|contribute|beacon|verify|finalize> <${CIRCUIT_IDS.join("|")}> [--ptau F] [--name N] [--beacon HEX] [--iterations N] [--dir D]`;
if (!command || !circuit || !isCircuitId(circuit)) {
  console.error(
    circuit && !isCircuitId(circuit) ? `error: unknown circuit ${JSON.stringify(circuit)}\n${usage}` : usage,
  );
  process.exit(2);
}
const o = { dir: values.dir, buildDir: values["build-dir"] };
try {
  switch (command) {
    case "init": {
      const t = await initCeremony(circuit, { ...o, ptau: values.ptau });
      console.log(
        `started the ${circuit} ceremony (${t.steps[0]!.file})${t.ptau.insecure ? " on an INSECURE ptau" : ""}`,
      );
      break;
    }
    case "contribute": {
      const s = await contributeCeremony(circuit, { ...o, name: values.name ?? "" });
      console.log(`contribution #${s.index} by ${s.name}: ${s.file} sha256 ${s.hash}`);
      break;
    }
    case "beacon": {
      const s = await beaconCeremony(circuit, {
        ...o,
        beacon: values.beacon ?? "",
        iterationsExp: values.iterations ? Number(values.iterations) : undefined,
      });
      console.log(`beacon applied: ${s.file}`);
      break;
    }
    case "verify": {
      const ok = await verifyCeremony(circuit, o);
      console.log(ok ? `the ${circuit} ceremony verifies` : `the ${circuit} ceremony does NOT verify`);
      process.exitCode = ok ? 0 : 1;
      break;
    }
    case "finalize":
      await finalizeCeremony(circuit, o);
      console.log(`installed the ${circuit} ceremony zkey, verification key and Solidity verifier`);
      break;
    default:
      console.error(`error: unknown command ${JSON.stringify(command)}\n${usage}`);
      process.exit(2);
  }
} catch (e) {
  if (e instanceof ZkprovError) {
    console.error(`error: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
