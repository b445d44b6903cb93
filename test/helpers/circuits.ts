import fs from "node:fs";
import { expect } from "chai";
import { artifactPaths } from "../../artifacts/paths.ts";
import type { CircuitId } from "../../core/circuits.ts";
import type { VerificationKey } from "../../core/vkey.ts";
import { calculateWitness } from "../../prover/prove.ts";
import { WitnessError } from "../../core/errors.ts";
import { FIELD_MODULUS } from "../../core/field.ts";
import type { CircuitInput } from "../../prover/inputs.ts";
import { computeWitness, firstFailingConstraint, loadR1cs, loadSym } from "./witness.ts";

export function vkeyOf(id: CircuitId): VerificationKey {
  return JSON.parse(fs.readFileSync(artifactPaths(id).vkey, "utf8")) as VerificationKey;
}

/**
 * The circuit must refuse the input, and for the reason the test is about: no witness exists, and the
 * constraint that failed is the one annotated `// @rejects <statement>: <words>` in circuits/src whose words
 * match `why` (a substring or a RegExp; prover/rejections.ts maps the failure to the annotation). A failure of
 * another constraint, or of one nobody annotated, fails the test; so does a malformed input (a missing or
 * unknown signal, an array of the wrong length), which calculateWitness reports as an InvalidInputError.
 */
export async function expectNoWitness(id: CircuitId, input: CircuitInput, why: string | RegExp): Promise<WitnessError> {
  try {
    await calculateWitness(artifactPaths(id).wasm, input, id);
  } catch (e) {
    expect(e, `the ${id} circuit refused the input with ${String(e)}, not a rejected statement`).to.be.instanceOf(
      WitnessError,
    );
    const err = e as WitnessError;
    expect(
      err.reason,
      `the ${id} circuit refused the input, but not by an annotated statement: ${err.message}`,
    ).to.be.a("string");
    if (typeof why === "string") expect(err.reason, err.message).to.include(why);
    else expect(err.reason, err.message).to.match(why);
    return err;
  }
  expect.fail(`the ${id} circuit accepted an input it must reject`);
}

/** The circuit accepts the input. */
export async function expectWitness(id: CircuitId, input: CircuitInput): Promise<bigint[]> {
  return computeWitness(artifactPaths(id).wasm, input);
}

/**
 * Witness editing: for each named signal, changing its value in an otherwise valid witness must break a
 * constraint. Returns the names that were checked (signals removed by --O2 are not in the witness).
 */
export async function expectEditsRejected(id: CircuitId, input: CircuitInput, names: string[]): Promise<string[]> {
  const paths = artifactPaths(id);
  const r1cs = loadR1cs(paths.r1cs);
  const sym = loadSym(paths.sym);
  const w = await computeWitness(paths.wasm, input);
  expect(firstFailingConstraint(r1cs, w), "the unedited witness must satisfy every constraint").to.equal(-1);
  const checked: string[] = [];
  for (const name of names) {
    const idx = sym.get(name);
    expect(idx, `signal ${name} must be in the witness`).to.not.equal(undefined);
    const edited = [...w];
    edited[idx!] = (edited[idx!]! + 1n) % FIELD_MODULUS;
    expect(firstFailingConstraint(r1cs, edited), `editing ${name} must break a constraint`).to.be.at.least(0);
    checked.push(name);
  }
  return checked;
}
