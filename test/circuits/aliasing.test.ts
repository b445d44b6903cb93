// Aliasing and overflow attacks on the production circuits: values near and above the field modulus, bit
// decompositions that could alias (Num2Bits vs Num2Bits_strict), comparators fed values that do not fit
// their width, times past 2^64, basis points past 10000, rights past 16 bits, the EdDSA S + l malleability.
// Attack inputs are written straight into the circuit input (bypassing the prover's codecs, as an attacker
// would) and must have no witness.
import fs from "node:fs";
import { expect } from "chai";
import { subOrder } from "@zk-kit/baby-jubjub";
import { artifactPaths } from "../../artifacts/paths.ts";
import { CIRCUIT_IDS, circuitInstance, publicSignalLayout, type CircuitId } from "../../core/circuits.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { FIELD_MODULUS as P } from "../../core/field.ts";
import {
  provenanceCircuitInput,
  royaltyClaimCircuitInput,
  royaltyClaimData,
  type CircuitInput,
} from "../../prover/inputs.ts";
import { expectNoWitness, expectWitness } from "../helpers/circuits.ts";
import { makeScenario } from "../../fixtures/scenario.ts";
import { attestationMessage } from "../../core/hashes.ts";
import { signWithModelKey } from "../../prover/keys.ts";
import { validLicenseeInput, validRoyaltyClaimInput } from "../helpers/valid-inputs.ts";
import { computeWitness } from "../helpers/witness.ts";

const TWO_64 = 1n << 64n;
const edit = (input: CircuitInput, name: string, value: bigint): CircuitInput => ({
  ...input,
  [name]: value.toString(),
});

/**
 * Every signal name of a compiled circuit, the optimised-out ones (witness index -1) included: --O2 removes the
 * `in` of most decompositions and every AliasCheck wire, and the .sym file keeps their names.
 */
function allSignalNames(symFile: string): Set<string> {
  const names = new Set<string>();
  for (const line of fs.readFileSync(symFile, "utf8").split("\n")) {
    const name = line.split(",")[3];
    if (name) names.add(name);
  }
  return names;
}

/** Every Num2Bits-like component (`X.in` scalar and `X.out[k]`) of a circuit, with its width. */
function bitDecompositions(names: Set<string>): Map<string, number> {
  const widths = new Map<string, number>();
  for (const n of names) {
    const m = /^(.*)\.out\[(\d+)\]$/.exec(n);
    if (m && names.has(`${m[1]}.in`)) widths.set(m[1]!, Math.max(widths.get(m[1]!) ?? 0, Number(m[2]) + 1));
  }
  return widths;
}

/** A component name without circom's instance suffixes (`EdDSAPoseidonVerifier_98_5049` -> `EdDSAPoseidonVerifier`). */
const generic = (component: string): string => component.replace(/_\d+/g, "");

/**
 * The decompositions each circuit must have (generic name -> width, how many): the checks the range and
 * alias arguments of this file rest on. A decomposition renamed or removed fails the test instead of
 * leaving it nothing to check.
 */
const EXPECTED: Record<CircuitId, [string, number, number][]> = {
  provenance: [
    ["main.EdDSAPoseidonVerifier.h2bits", 254, 1], // Num2Bits_strict of the signature hash: the one 254-bit case
    ["main.EdDSAPoseidonVerifier.h2bits.n2b", 254, 1],
    ["main.EdDSAPoseidonVerifier.snum2bits", 253, 1], // S
    ["main.AuditEncryption.kBits", 253, 1], // audit randomness k, once: both k*B8 and k*regulatorKey read these bits
    ["main.Num2Bits", 64, 3], // generatedAt, expiry, now
    ["main.Num2Bits", 14, 1], // royaltyBps
    ["main.GrantedRights.m", 16, 1],
    ["main.GrantedRights.l", 16, 1],
    ["main.GrantedRights.r", 16, 1],
    ["main.LeanIMTRoot.indexBits", 10, 1], // model Merkle index (MODEL_DEPTH 10)
    // (the quinary license tree takes per-level one-hot digits, no bit decomposition)
  ],
  licensee: [
    ["main.Num2Bits", 16, 1], // usageRights
    ["main.LeanIMTRoot.indexBits", 20, 1],
  ],
  royaltyClaim: [], // no decomposition: nothing in it is compared or range-checked
};

describe("aliasing and overflow (production circuits)", function () {
  describe("# bit decompositions", function () {
    it("Should decompose nothing wider than 253 bits unless an AliasCheck bounds it below the modulus", function () {
      // Num2Bits(n) with 2^n > r lets x and x + r share bits; n <= 253 cannot alias (2^253 < r), and the one
      // 254-bit decomposition (circomlib EdDSA's hash bits) is Num2Bits_strict, whose AliasCheck forbids it.
      // --O2 removes most of these wires; their names stay in the .sym file with witness index -1, and are
      // read here with the surviving ones.
      for (const id of CIRCUIT_IDS) {
        const names = allSignalNames(artifactPaths(id).sym);
        const widths = bitDecompositions(names);
        const found = new Map<string, number>();
        for (const [component, width] of widths) {
          const key = `${generic(component)}/${width}`;
          found.set(key, (found.get(key) ?? 0) + 1);
        }
        for (const [component, width, count] of EXPECTED[id]) {
          expect(found.get(`${component}/${width}`) ?? 0, `${id}: ${component} of ${width} bits`).to.be.at.least(count);
        }
        let wide = 0;
        for (const [component, width] of widths) {
          if (width <= 253) continue;
          wide++;
          expect(width, component).to.equal(254);
          const strict = component.replace(/\.n2b$/, "");
          expect(
            [...names].some((n) => n.startsWith(`${strict}.aliasCheck.`)),
            `${component} has an AliasCheck`,
          ).to.equal(true);
        }
        expect(wide, `${id}: decompositions wider than 253 bits`).to.equal(id === "provenance" ? 2 : 0);
      }
    });
  });

  describe("# field modulus", function () {
    it("Should refuse, in the prover's codecs, every value at or above the modulus, naming it", function () {
      const s = makeScenario();
      const fields = ["assetHash", "requiredRights", "now", "context", "creatorSecret", "creatorBlinding"] as const;
      for (const f of fields) {
        for (const bad of [P, P + 1n, 1n << 256n]) {
          expect(() => provenanceCircuitInput({ ...s.data, [f]: bad }))
            .to.throw(InvalidInputError)
            .with.property("shortMessage")
            .that.contains(f);
        }
      }
      expect(() => provenanceCircuitInput({ ...s.data, regulatorKey: [P, s.data.regulatorKey[1]] })).to.throw(
        InvalidInputError,
      );
      expect(() =>
        royaltyClaimCircuitInput({
          ...royaltyClaimData({ secret: 1n, blinding: 2n, assetHash: 3n, context: 4n }),
          nullifier: P,
        }),
      ).to.throw(InvalidInputError, /nullifier/);
    });

    it("Should see x and x + r as the same field element in the circuit (the contracts must refuse x + r)", async function () {
      // The witness calculator reduces inputs mod r, so a public input x + r proves the same statement as x:
      // only the gates' `< r` checks stop a second token id / nullifier / root spelled x + r (tested in
      // test/contracts/attacks.test.ts).
      const input = validRoyaltyClaimInput();
      const w = await computeWitness(artifactPaths("royaltyClaim").wasm, input);
      for (const name of ["tag", "assetHash", "nullifier", "context"]) {
        const aliased = edit(input, name, BigInt(input[name] as string) + P);
        expect(await computeWitness(artifactPaths("royaltyClaim").wasm, aliased), name).to.deep.equal(w);
      }
    });
  });

  describe("# times (64-bit range checks before comparisons)", function () {
    it("Should accept the largest 64-bit times", async function () {
      const s = makeScenario({ expiry: TWO_64 - 1n, generatedAt: TWO_64 - 2n });
      await expectWitness("provenance", edit(provenanceCircuitInput(s.data), "now", TWO_64 - 1n));
    });

    it("Should reject `now` of 2^64 or -1 (P - 1), which an unchecked LessEqThan(64) would take as <= expiry", async function () {
      const input = provenanceCircuitInput(makeScenario().data);
      await expectNoWitness("provenance", edit(input, "now", TWO_64), "now does not fit 64 bits");
      await expectNoWitness("provenance", edit(input, "now", P - 1n), "now does not fit 64 bits");
      await expectNoWitness("provenance", edit(input, "now", P - TWO_64), "now does not fit 64 bits");
    });

    it("Should reject an expiry or generation time past 64 bits, even when signed and registered", async function () {
      // The registry holds times as uint64, and the off-chain leaf builder refuses a wider one: no such license
      // can be registered (in the circuit, the leaf packs start + expiry << 64 and the differences are range-checked).
      expect(() => makeScenario({ expiry: TWO_64 })).to.throw(InvalidInputError, /2\^64/);
      // The attestation library refuses to sign such a time; a model key that signs it anyway (the signature
      // below is over generatedAt = P - 1, so the signature check passes) still gives no witness: the range
      // check of generatedAt - validFrom refuses it.
      expect(() => makeScenario({ expiry: TWO_64 - 1n, generatedAt: TWO_64 })).to.throw(InvalidInputError, /64 bits/);
      const s = makeScenario();
      const late = signWithModelKey(
        s.model.privateKey,
        attestationMessage({ ...s.attestation.fields, generatedAt: P - 1n }),
      );
      const input = {
        ...edit(provenanceCircuitInput(s.data), "generatedAt", P - 1n),
        signatureR8: late.R8.map(String),
        signatureS: late.S.toString(),
      };
      await expectNoWitness(
        "provenance",
        input,
        "the attestation is dated before the model was registered (generatedAt is before its validFrom)",
      );
    });
  });

  describe("# basis points and rights", function () {
    it("Should reject royaltyBps 10001, 2^14 + 1 and P - 1 even when in a registered license", async function () {
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(makeScenario({ royaltyBps: 10_001n }).data),
        "the royalty share is above 10000 bps",
      );
      // Past 14 bits no license can be registered: the off-chain leaf builder refuses it (the body packs
      // rights + bps << 16, the registry takes the body as the licensor computed it from these checked values).
      for (const royaltyBps of [(1n << 14n) + 1n, P - 1n])
        expect(() => makeScenario({ royaltyBps })).to.throw(InvalidInputError, /2\^14/);
    });

    it("Should reject rights masks past 16 bits (model, license, required)", async function () {
      const wide = (1n << 16n) | 7n;
      // No model or license with a wider mask can be registered: the leaf builders refuse it (the circuit's own
      // range checks on the packed leaf elements are broken alone in provenance.test.ts).
      expect(() => makeScenario({ modelRights: wide })).to.throw(InvalidInputError, /2\^16/);
      expect(() => makeScenario({ licenseRights: wide })).to.throw(InvalidInputError, /2\^16/);
      const input = provenanceCircuitInput(makeScenario().data);
      await expectNoWitness(
        "provenance",
        edit(input, "requiredRights", (1n << 16n) | 1n),
        "the required rights do not fit 16 bits",
      );
      await expectNoWitness(
        "provenance",
        edit(input, "requiredRights", P - 1n),
        "the required rights do not fit 16 bits",
      );
      // Licensee: usage rights past 16 bits.
      await expectNoWitness(
        "licensee",
        edit(validLicenseeInput(), "usageRights", 1n << 16n),
        "the usage rights do not fit 16 bits",
      );
    });
  });

  describe("# signatures, scalars and paths", function () {
    it("Should reject the malleable signature (R8, S + l): same point S*B8, but S must be below l", async function () {
      const input = provenanceCircuitInput(makeScenario().data);
      await expectNoWitness(
        "provenance",
        edit(input, "signatureS", BigInt(input.signatureS as string) + subOrder),
        "the model key's signature does not verify for this attestation (asset, model, license, creator, time)",
      );
    });

    it("Should reject audit randomness of 253 bits or more", async function () {
      const input = provenanceCircuitInput(makeScenario().data);
      await expectNoWitness(
        "provenance",
        edit(input, "auditRandomness", 1n << 253n),
        "the audit randomness does not fit 253 bits",
      );
      await expectNoWitness(
        "provenance",
        edit(input, "auditRandomness", P - 1n),
        "the audit randomness does not fit 253 bits",
      );
    });

    it("Should reject a model Merkle index past its 2^10 leaves, and a license path digit outside 0..4 (quinary, 5^9 leaves)", async function () {
      const input = provenanceCircuitInput(makeScenario().data);
      const { MODEL_DEPTH } = circuitInstance("provenance").params as Record<string, number>;
      await expectNoWitness(
        "provenance",
        edit(input, "modelIndex", BigInt(input.modelIndex as string) + (1n << BigInt(MODEL_DEPTH!))),
        "the leaf index does not fit the tree",
      );
      // A digit aliased by the field (d + 5, d - 5 = d + P - 5, P - 1) has no one-hot selector.
      const digits = input.licensePathIndices as string[];
      for (const level of [0, digits.length - 1]) {
        const d = BigInt(digits[level]!);
        for (const aliased of [d + 5n, d + P - 5n, P - 1n]) {
          const changed = [...digits];
          changed[level] = aliased.toString();
          await expectNoWitness(
            "provenance",
            { ...input, licensePathIndices: changed },
            "a path digit is not in 0..4 (the selector is not one-hot)",
          );
        }
      }
      const lic = validLicenseeInput();
      await expectNoWitness("licensee", edit(lic, "index", P - 1n), "the leaf index does not fit the tree");
    });

    it("Should give the same public signals for index bits above the depth (documented: no extra freedom)", async function () {
      const input = validLicenseeInput();
      const depth = BigInt(input.depth as string);
      const w = await computeWitness(artifactPaths("licensee").wasm, input);
      const high = edit(input, "index", BigInt(input.index as string) + (1n << depth));
      const w2 = await computeWitness(artifactPaths("licensee").wasm, high);
      // Licensee has no outputs: its public signals are its 5 inputs, wires 1..5.
      expect(w2.slice(1, 6)).to.deep.equal(w.slice(1, 6));
    });
  });

  describe("# audit randomness zero", function () {
    it("Should let a creator choose k = 0 (ephemeral = identity): the record is then readable by anyone (accepted, SECURITY.md F-3)", async function () {
      const s = makeScenario();
      s.data.auditRandomness = 0n;
      const w = await expectWitness("provenance", provenanceCircuitInput(s.data));
      // Wire 0 is the constant 1; the public signals follow in snarkjs order (outputs first).
      const ephemeral = publicSignalLayout("provenance").filter((slot) => slot.name === "auditEphemeral");
      expect(ephemeral.map((slot) => w[1 + slot.position])).to.deep.equal([0n, 1n]);
    });
  });
});
