import { expect } from "chai";
import { CIRCUIT_IDS, circuitInstance, publicSignalLayout } from "../../core/circuits.ts";
import { encodePublicSignals, parsePublicSignals } from "../../core/codecs.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { FIELD_MODULUS, parseField } from "../../core/field.ts";
import { LIMITS } from "../../core/domain.ts";
import { computeContext, mintActionData } from "../../core/context.ts";
import { vkeyHash, type VerificationKey } from "../../core/vkey.ts";
import { assetHashOf } from "../../core/asset.ts";

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
    expect(raw).to.have.length(16);
    expect(s.creatorTag).to.equal(1n);
    expect(s.auditEphemeral).to.deep.equal([3n, 4n]);
    expect(s.auditCipher).to.deep.equal([5n, 6n, 7n, 8n, 9n]);
    expect(s.assetHash).to.equal(10n);
    expect(s.context).to.equal(13n);
    expect(s.regulatorKey).to.deep.equal([14n, 15n]);
  });

  describe("# the packed provenance signal", function () {
    const fields = { grantedRights: 0x0013n, requiredRights: 0x0001n, licensorBps: 2500n, now: 1_750_000_000n };
    const packed = 0x13n | (0x1n << 16n) | (2500n << 32n) | (1_750_000_000n << 48n);
    const raw = (p: bigint) => publicSignalLayout("provenance").map((s) => (s.name === "packed" ? p : 7n).toString());

    it("Should describe its fields in circuits.json as the domain limits, without overlap, below the field", function () {
      const f = circuitInstance("provenance").packedSignals!.packed!;
      expect(f.map((x) => [x.name, x.offset, x.width])).to.deep.equal([
        ["grantedRights", 0, LIMITS.RIGHTS_BITS],
        ["requiredRights", 16, LIMITS.RIGHTS_BITS],
        ["licensorBps", 32, LIMITS.BPS_BITS],
        ["now", 48, LIMITS.TIME_BITS],
        ["maxAttestationAge", 112, LIMITS.TIME_BITS],
      ]);
      for (let i = 1; i < f.length; i++) expect(f[i]!.offset >= f[i - 1]!.offset + f[i - 1]!.width).to.equal(true);
      expect(f.at(-1)!.offset + f.at(-1)!.width < 253).to.equal(true);
    });

    it("Should unpack the packed signal into the named fields and pack them back", function () {
      const s = parsePublicSignals("provenance", raw(packed));
      expect({ g: s.grantedRights, r: s.requiredRights, b: s.licensorBps, n: s.now }).to.deep.equal({
        g: fields.grantedRights,
        r: fields.requiredRights,
        b: fields.licensorBps,
        n: fields.now,
      });
      expect(encodePublicSignals("provenance", s)).to.deep.equal(raw(packed));
      const max = parsePublicSignals("provenance", raw((1n << 112n) - 1n - (3n << 46n)));
      expect([max.grantedRights, max.requiredRights, max.licensorBps, max.now]).to.deep.equal([
        0xffffn,
        0xffffn,
        0x3fffn,
        (1n << 64n) - 1n,
      ]);
    });

    it("Should refuse a packed signal with a bit outside its fields, naming it", function () {
      for (const bit of [46n, 47n, 176n, 200n]) {
        expect(() => parsePublicSignals("provenance", raw(packed | (1n << bit))), `bit ${bit}`).to.throw(
          InvalidInputError,
          /provenance public signal packed has bits outside its fields/,
        );
      }
    });

    it("Should refuse to pack a value that does not fit its width, naming it", function () {
      const s = parsePublicSignals("provenance", raw(packed));
      for (const [name, bad] of [
        ["grantedRights", 1n << 16n],
        ["requiredRights", 1n << 16n],
        ["licensorBps", 1n << 14n],
        ["now", 1n << 64n],
        ["now", -1n],
      ] as const) {
        expect(() => encodePublicSignals("provenance", { ...s, [name]: bad }), `${name} = ${bad}`).to.throw(
          InvalidInputError,
          new RegExp(`public signal ${name} must fit \\d+ bits to be packed into packed, got ${bad}`),
        );
      }
      const { now: _now, ...missing } = s;
      expect(() => encodePublicSignals("provenance", missing as typeof s)).to.throw(
        InvalidInputError,
        /now is missing/,
      );
    });
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
