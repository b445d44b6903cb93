import { expect } from "chai";
import { CIRCUIT_IDS, circuitInstance, publicSignalLayout } from "../../verifier/src/circuits.ts";
import { encodePublicSignals, parsePublicSignals } from "../../verifier/src/codecs.ts";
import { InvalidInputError } from "../../verifier/src/errors.ts";
import { FIELD_MODULUS, parseField } from "../../verifier/src/field.ts";
import { computeContext, mintActionData } from "../../verifier/src/context.ts";
import { vkeyHash, type VerificationKey } from "../../verifier/src/vkey.ts";
import { assetHashOf } from "../../verifier/src/asset.ts";

describe("verifier codecs", function () {
  it("Should round-trip named public signals for every circuit", function () {
    for (const id of CIRCUIT_IDS) {
      const raw = publicSignalLayout(id).map((s) => String(1000 + s.position));
      expect(encodePublicSignals(id, parsePublicSignals(id, raw)), id).to.deep.equal(raw);
    }
  });

  it("Should name the provenance signals in snarkjs order", function () {
    const raw = publicSignalLayout("provenance").map((s) => String(s.position));
    const s = parsePublicSignals("provenance", raw);
    expect(s.grantedRights).to.equal(0n);
    expect(s.auditEphemeral).to.deep.equal([4n, 5n]);
    expect(s.auditCipher).to.deep.equal([6n, 7n, 8n]);
    expect(s.assetHash).to.equal(9n);
    expect(s.regulatorKey).to.deep.equal([15n, 16n]);
  });

  it("Should refuse a wrong count, a non-canonical number and a value at or above the modulus, naming it", function () {
    expect(() => parsePublicSignals("royaltyClaim", ["1", "2", "3"])).to.throw(
      InvalidInputError,
      /takes 4 public signals, got 3/,
    );
    expect(() => parsePublicSignals("royaltyClaim", ["1", "2", "03", "4"])).to.throw(InvalidInputError, /nullifier/);
    expect(() => parsePublicSignals("royaltyClaim", ["1", "2", "3", FIELD_MODULUS.toString()])).to.throw(
      InvalidInputError,
      /context/,
    );
    expect(() => parseField("1e5", "x")).to.throw(InvalidInputError, /x must be/);
    expect(() => parseField(" 5", "x")).to.throw(InvalidInputError);
    expect(parseField("0x10", "x")).to.equal(16n);
    expect(() => circuitInstance("nope")).to.throw(RangeError, /unknown circuit "nope"/);
  });

  it("Should compute contexts below 2^248 that differ by chain, gate, recipient and action", function () {
    const gate = "0x" + "11".repeat(20);
    const alice = "0x" + "22".repeat(20);
    const bob = "0x" + "33".repeat(20);
    const base = computeContext(31337n, gate, alice, mintActionData(5n));
    expect(base < 1n << 248n).to.equal(true);
    const variants = [
      computeContext(1n, gate, alice, mintActionData(5n)),
      computeContext(31337n, bob, alice, mintActionData(5n)),
      computeContext(31337n, gate, bob, mintActionData(5n)),
      computeContext(31337n, gate, alice, mintActionData(6n)),
    ];
    for (const v of variants) expect(v).to.not.equal(base);
  });

  it("Should hash a verification key independently of key order and whitespace", function () {
    const a = {
      protocol: "groth16",
      curve: "bn128",
      nPublic: 1,
      vk_alpha_1: ["1"],
      vk_beta_2: [],
      vk_gamma_2: [],
      vk_delta_2: [],
      IC: [],
    } as VerificationKey;
    const b = JSON.parse(
      JSON.stringify(
        {
          IC: [],
          vk_delta_2: [],
          vk_gamma_2: [],
          vk_beta_2: [],
          vk_alpha_1: ["1"],
          nPublic: 1,
          curve: "bn128",
          protocol: "groth16",
        },
        null,
        3,
      ),
    );
    expect(vkeyHash(a))
      .to.equal(vkeyHash(b))
      .and.to.match(/^0x[0-9a-f]{64}$/);
    expect(vkeyHash({ ...a, nPublic: 2 })).to.not.equal(vkeyHash(a));
  });

  it("Should hash assets as SHA-256 shifted right by 3 bits", function () {
    // sha256("abc") = ba7816bf...
    expect(assetHashOf(Buffer.from("abc"))).to.equal(
      0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015adn >> 3n,
    );
    expect(assetHashOf(Buffer.alloc(0)) < FIELD_MODULUS).to.equal(true);
  });
});
