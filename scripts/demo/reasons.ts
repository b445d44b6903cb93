// Readable reasons for refusals: a circuit that has no witness for the inputs (WitnessError, with the failed
// constraint's source line). Contract reverts are decoded by the library (prover/chain/contracts.ts chainError).
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { circuitInstance, isCircuitId } from "../../core/circuits.ts";
import { WitnessError } from "../../core/errors.ts";

/** Why the prover refused: the WitnessError's message and, if known, the failed constraint and its statement. */
export interface WitnessRefusal {
  shortMessage: string;
  /** The source line of the failed constraint, e.g. `licenseRoot === licenseRootComputed;`. */
  constraint: string | undefined;
  /** The comment heading the constraint's block in the circuit source, e.g. `3. license registry membership`. */
  statement: string | undefined;
}

/**
 * Explain a WitnessError from proving circuit `circuit`: when the failed constraint is in the circuit's main
 * template, read its line (and the comment above its block) from the circuit source.
 *
 * @throws the error itself if it is not a WitnessError (an unexpected failure).
 */
export function witnessRefusal(error: unknown, circuit: string): WitnessRefusal {
  if (!(error instanceof WitnessError)) throw error;
  let constraint: string | undefined;
  let statement: string | undefined;
  // circom --O2 suffixes template names with an instance number: "Provenance_421".
  const where = /template (\w+?)(?:_\d+)? \(line (\d+)\)/.exec(error.shortMessage);
  if (where && isCircuitId(circuit) && circuitInstance(circuit).template === where[1]) {
    const lines = fs
      .readFileSync(path.join(REPO_ROOT, "circuits/src", circuitInstance(circuit).file), "utf8")
      .split("\n");
    const at = Number(where[2]) - 1;
    constraint = lines[at]?.trim();
    for (let i = at - 1; i >= 0 && !/^\s*template /.test(lines[i]!); i--) {
      const comment = /^\s*\/\/\s*(.*)$/.exec(lines[i]!);
      if (comment) {
        statement = comment[1];
        break;
      }
    }
  }
  // The circuit source's `@rejects` annotation, when the failed constraint has one, names the statement.
  if (error.reason) statement = `statement ${error.statement}: ${error.reason}`;
  return { shortMessage: error.shortMessage, constraint, statement };
}
