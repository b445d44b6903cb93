import fs from "node:fs";
import { makeScenario } from "../../test/helpers/scenario.ts";
import { provenanceCircuitInput } from "../../prover/src/inputs.ts";
fs.writeFileSync("/tmp/prov-input.json", JSON.stringify(provenanceCircuitInput(makeScenario().data)));
