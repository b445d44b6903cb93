// `npm run ptau:dev -- [--power 14] [--out ptau/pot14_dev_INSECURE.ptau]`: make an INSECURE development ptau.
import { parseArgs } from "node:util";
import { makeDevPtau } from "../artifacts/dev-ptau.ts";
import { ZkprovError } from "../core/errors.ts";

const { values } = parseArgs({ options: { power: { type: "string", default: "14" }, out: { type: "string" } } });
const power = Number(values.power);
try {
  const out = await makeDevPtau({
    power,
    out: values.out ?? `ptau/pot${power}_dev_INSECURE.ptau`,
    log: (m) => console.log(m),
  });
  console.log(`wrote ${out} (INSECURE: for development only). Use it with ZKPROV_PTAU=${out} npm run build`);
} catch (e) {
  if (e instanceof ZkprovError) {
    console.error(`error: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
