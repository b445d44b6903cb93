// The rejection tests' own checker: expectNoWitness (test/helpers/circuits.ts) passes only when the circuit
// refused the input by the annotated constraint the test names. These tests show it cannot be satisfied by
// a malformed input (a missing or unknown signal, an array of the wrong length: InvalidInputError, since
// issue 12) nor by the failure of another statement, and that every `// @rejects` annotation in circuits/src
// is one some rejection test names.
import fs from "node:fs";
import path from "node:path";
import { AssertionError, expect } from "chai";
import { REPO_ROOT, artifactPaths } from "../../artifacts/paths.ts";
import { InvalidInputError, WitnessError } from "../../core/errors.ts";
import { calculateWitness } from "../../prover/prove.ts";
import type { CircuitInput } from "../../prover/inputs.ts";
import { expectNoWitness } from "../helpers/circuits.ts";
import { validLicenseeInput, validRoyaltyClaimInput } from "../helpers/valid-inputs.ts";

const ANNOTATION = /\/\/\s*@rejects\s+([^:]+):\s*(.+?)\s*$/;

function annotations(): { file: string; statement: string; words: string }[] {
  const out: { file: string; statement: string; words: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else if (e.name.endsWith(".circom")) {
        for (const line of fs.readFileSync(file, "utf8").split("\n")) {
          const m = ANNOTATION.exec(line);
          if (m) out.push({ file: path.relative(REPO_ROOT, file), statement: m[1]!.trim(), words: m[2]! });
        }
      }
    }
  };
  walk(path.join(REPO_ROOT, "circuits/src"));
  return out;
}

/** Malformed variants of a valid input: a signal left out, one the circuit does not have, an array cut short. */
function malformed(input: CircuitInput, arrayName?: string): [string, CircuitInput, RegExp][] {
  const [first] = Object.keys(input);
  const missing = { ...input };
  delete missing[first!];
  const cases: [string, CircuitInput, RegExp][] = [
    ["a missing signal", missing, /Not all inputs have been set|Not enough values/],
    // The witness calculator says "Signal not found" or "Too many values for input signal notASignal".
    ["an unknown signal", { ...input, notASignal: "1" }, /Signal not found|notASignal/],
  ];
  if (arrayName) {
    const short = { ...input, [arrayName]: (input[arrayName] as string[]).slice(1) };
    cases.push(["an array of the wrong length", short, /Not enough values/]);
  }
  return cases;
}

describe("rejection tests name the statement that refused the input", function () {
  describe("# malformed inputs are not rejected statements", function () {
    for (const [id, valid, arrayName] of [
      ["licensee", validLicenseeInput, "siblings"],
      ["royaltyClaim", validRoyaltyClaimInput, undefined],
    ] as const) {
      it(`Should report a malformed ${id} input as InvalidInputError naming the problem, which no rejection test accepts`, async function () {
        for (const [what, bad, message] of malformed(valid(), arrayName)) {
          const err = await calculateWitness(artifactPaths(id).wasm, bad, id).then(
            () => expect.fail(`${what} was accepted`),
            (e: unknown) => e,
          );
          expect(err, what).to.be.instanceOf(InvalidInputError);
          expect(err, what).to.not.be.instanceOf(WitnessError);
          expect((err as InvalidInputError).shortMessage, what).to.match(/input is malformed/);
          expect((err as InvalidInputError).shortMessage, what).to.match(message);
          // expectNoWitness refuses it whatever words a test would pass.
          for (const why of ["", /./]) {
            await expectNoWitness(id, bad, why).then(
              () => expect.fail(`expectNoWitness accepted ${what}`),
              (e: unknown) => expect(e, what).to.be.instanceOf(AssertionError),
            );
          }
        }
      });
    }
  });

  describe("# the statement must be the one named", function () {
    it("Should fail a rejection test whose input is refused by another statement than the one it names", async function () {
      const input = { ...validLicenseeInput(), usageRights: (1n << 16n).toString() };
      await expectNoWitness("licensee", input, "the usage rights do not fit 16 bits");
      await expectNoWitness("licensee", input, "the licensee is not in the licensee registry").then(
        () => expect.fail("accepted a refusal by the usage-rights range check as a registry refusal"),
        (e: unknown) => expect((e as Error).message).to.match(/usage rights do not fit 16 bits/),
      );
    });

    it("Should fail a rejection test whose input the circuit accepts", async function () {
      await expectNoWitness("royaltyClaim", validRoyaltyClaimInput(), /./).then(
        () => expect.fail("a valid input passed as rejected"),
        (e: unknown) => expect((e as Error).message).to.match(/accepted an input it must reject/),
      );
    });

    it("Should have every @rejects annotation of circuits/src named by some rejection test", function () {
      const tests = fs
        .readdirSync(path.join(REPO_ROOT, "test/circuits"))
        .filter((f) => f.endsWith(".test.ts") && f !== "rejections.test.ts")
        .map((f) => fs.readFileSync(path.join(REPO_ROOT, "test/circuits", f), "utf8"))
        .join("\n");
      const found = annotations();
      expect(found.length).to.be.greaterThan(20);
      const unnamed = found.filter((a) => !tests.includes(JSON.stringify(a.words)));
      expect(
        unnamed.map((a) => `${a.file} @rejects ${a.statement}: ${a.words}`),
        "annotated statements no test breaks",
      ).to.deep.equal([]);
    });
  });
});
