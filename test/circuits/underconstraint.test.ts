// Automated under-constraint search (test/helpers/perturb.ts) over every production circuit in
// circuits/circuits.json: each output, private input and intermediate wire of a valid witness is edited with
// ten adversarial values, alone and with one other wire re-solved to absorb the edit (IsZero inverse/output
// pairs, bit sums, an output that an intermediate could follow). The only edits that may survive are the
// known free wires, and those are shown to give no freedom over any public signal.
import { expect } from "chai";
import { artifactPaths } from "../../artifacts/paths.ts";
import { CIRCUIT_IDS, type CircuitId } from "../../core/circuits.ts";
import { terminateCurves } from "../../core/curve.ts";
import { FIELD_MODULUS as P } from "../../core/field.ts";
import { ConstraintChecker, r1csPrivateInputs, scanWires, wireNames, wireRoles } from "../helpers/perturb.ts";
import { validInput } from "../helpers/valid-inputs.ts";
import { computeWitness, firstFailingConstraint, loadR1cs, loadSym } from "../helpers/witness.ts";

/**
 * The wires each circuit may leave free, all circomlib IsZero `inv` witnesses whose input is 0 in a valid
 * witness (then out = 1 - in*inv = 1 whatever inv is): the depth selector of the level that holds the root in
 * each Merkle tree, and the EdDSA verifier's two ForceEqualIfEnabled checks (left == right).
 */
const KNOWN_FREE: Record<CircuitId, { pattern: RegExp; count: number }[]> = {
  provenance: [
    { pattern: /EdDSAPoseidonVerifier_\w+\.eqCheck[XY]\.isz\.inv$/, count: 2 },
    // the model tree's depth selector only: the quinary license tree has a fixed depth and no IsZero
    { pattern: /LeanIMTRoot_\w+\.BinaryMerkleRoot_\w+\.IsEqual_\w+\[\d+\]\.isz\.inv$/, count: 1 },
  ],
  licensee: [{ pattern: /LeanIMTRoot_\w+\.BinaryMerkleRoot_\w+\.IsEqual_\w+\[\d+\]\.isz\.inv$/, count: 1 }],
  royaltyClaim: [],
};

interface Prepared {
  checker: ConstraintChecker;
  roles: ReturnType<typeof wireRoles>;
  names: Map<number, string>;
  sym: Map<string, number>;
  /** Free wires the first scan found. */
  free: Set<number>;
}

async function prepare(id: CircuitId): Promise<Prepared> {
  const paths = artifactPaths(id);
  const r1cs = loadR1cs(paths.r1cs);
  const w = await computeWitness(paths.wasm, validInput(id));
  expect(firstFailingConstraint(r1cs, w), "the unedited witness must satisfy every constraint").to.equal(-1);
  const sym = loadSym(paths.sym);
  return {
    checker: new ConstraintChecker(r1cs, w),
    roles: wireRoles(r1cs, r1csPrivateInputs(paths.r1cs)),
    names: wireNames(sym),
    sym,
    free: new Set(),
  };
}

describe("under-constraint search (every production circuit)", function () {
  after(async function () {
    await terminateCurves();
  });

  for (const id of CIRCUIT_IDS) {
    describe(`# ${id}`, function () {
      let c: Prepared;
      before(async function () {
        c = await prepare(id);
      });

      it("Should break a constraint for every edit of every non-public wire, alone or with one wire re-solved, except the known free wires", function () {
        const { checker, roles, names } = c;
        const repairable = new Set([...roles.outputs, ...roles.intermediates]);
        const edited = [...roles.outputs, ...roles.privateInputs, ...roles.intermediates];
        // Every value is also tried with a one-step repair (repairValues: all of them): which edits a repair
        // can absorb depends on the value where a constraint is quadratic in the edited wire (a bit b(b-1) = 0
        // takes 0 and 1 only), so no subset of the values stands for the others.
        const result = scanWires(checker, edited, { repairable, repairValues: Infinity });
        console.log(
          `      ${id}: ${result.wires} wires (${roles.outputs.length} outputs, ${roles.privateInputs.length} private inputs, ` +
            `${roles.intermediates.length} intermediates), ${result.edits} edits, ${result.repairs} one-step repairs, ` +
            `${new Set(result.survivors.map((s) => s.wire)).size} free wires`,
        );
        expect(result.wires).to.equal(checker.r1cs.nWires - 1 - roles.publicInputs.length);
        // No pair survives: every repair that satisfied the constraints would be an alternative witness.
        const pairs = result.survivors.filter((s) => s.repaired);
        expect(
          pairs.map((s) => `${names.get(s.wire)} <- ${names.get(s.repaired!.wire)}`),
          "edits absorbed by re-solving one other wire",
        ).to.deep.equal([]);
        result.survivors.forEach((s) => c.free.add(s.wire));
        const free = [...c.free].map((wire) => names.get(wire) ?? `#${wire}`);
        for (const { pattern, count } of KNOWN_FREE[id]) {
          expect(
            free.filter((n) => pattern.test(n)),
            `free wires matching ${pattern}`,
          ).to.have.length(count);
        }
        const unknown = free.filter((n) => !KNOWN_FREE[id].some(({ pattern }) => pattern.test(n)));
        expect(unknown, "free wires nobody explained").to.deep.equal([]);
      });

      // The free wires are found again here (single-wire edits, no repair), so this test stands on its own.
      const freeWires = (): number[] => {
        const { checker, roles } = c;
        const edited = [...roles.outputs, ...roles.privateInputs, ...roles.intermediates];
        const result = scanWires(checker, edited);
        expect(result.wires).to.equal(checker.r1cs.nWires - 1 - roles.publicInputs.length);
        return [...new Set(result.survivors.map((s) => s.wire))];
      };

      if (KNOWN_FREE[id].length === 0) {
        it("Should have no free wire: every single-wire edit of every non-public wire breaks a constraint", function () {
          const { checker, roles } = c;
          const wires = checker.r1cs.nWires - 1 - roles.publicInputs.length;
          expect(wires, "non-public wires edited").to.be.greaterThan(0);
          expect(freeWires().map((w) => c.names.get(w) ?? `#${w}`)).to.deep.equal([]);
        });
      } else {
        it("Should show each free wire gives no freedom over a public signal", function () {
          const { checker, roles, names, sym } = c;
          const free = freeWires();
          expect(free.length).to.equal(KNOWN_FREE[id].reduce((n, k) => n + k.count, 0));
          for (const wire of free) {
            const name = names.get(wire)!;
            // The IsZero's input is 0 here (that is why its inverse is free) ...
            const isz = name.replace(/\.inv$/, "");
            const input = sym.get(`${isz}.in`);
            if (input !== undefined) expect(checker.w[input], `${isz}.in`).to.equal(0n);
            // ... no constraint on the free wire mentions a public signal ...
            const publics = new Set([...roles.outputs, ...roles.publicInputs]);
            for (const ci of checker.touching[wire]!) {
              expect(
                checker.wiresOf(ci).filter((j) => publics.has(j)),
                `${name}: constraint ${ci}`,
              ).to.deep.equal([]);
            }
            // ... and with the free wire set to another value, no public output can move, alone or re-solved.
            const w2 = [...checker.w];
            w2[wire] = (w2[wire]! + 12345n) % P;
            const moved = new ConstraintChecker(checker.r1cs, w2);
            const outputs = scanWires(moved, roles.outputs, {
              repairable: new Set([...roles.outputs, ...roles.intermediates]),
              repairValues: Infinity,
            });
            expect(outputs.wires, "outputs edited").to.equal(roles.outputs.length);
            expect(outputs.survivors, `outputs with ${name} edited`).to.deep.equal([]);
          }
        });
      }

      it("Should bind every public input: editing one alone breaks a constraint, except context to -context", function () {
        // context is bound by its square (no other constraint uses it), so -context satisfies the same
        // constraints. That gives nothing: context is the prover's free choice, the gate recomputes it, and
        // Groth16 binds each public input's value into the proof.
        const { checker, roles, names } = c;
        const result = scanWires(checker, roles.publicInputs);
        const contextWire = c.sym.get("main.context")!;
        for (const s of result.survivors) {
          expect(names.get(s.wire), "surviving public input edit").to.equal("main.context");
          expect(s.value).to.equal((P - checker.w[contextWire]!) % P);
        }
        expect(result.survivors).to.have.length(1);
        expect(result.wires).to.equal(roles.publicInputs.length);
      });
    });
  }
});
