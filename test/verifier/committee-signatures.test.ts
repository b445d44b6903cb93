// The committee's signature check (verifier/committee/signatures.ts, the one the pages bundle) against
// @zk-kit/eddsa-poseidon's own verifySignature (its blake-1 entry, loaded as signing.ts loads it): the same
// answer for a valid signature and for each way of breaking one.
import { createRequire } from "node:module";
import { expect } from "chai";
import { Base8, addPoint } from "@zk-kit/baby-jubjub";
import {
  messageDigest,
  newMemberKey,
  signMessageObject,
  verifyMessageObject,
  type MessageSignature,
} from "../../verifier/committee/index.ts";

const eddsa = createRequire(import.meta.url)("@zk-kit/eddsa-poseidon/blake-1") as {
  verifySignature(m: bigint, s: { R8: [bigint, bigint]; S: bigint }, a: [bigint, bigint]): boolean;
};
const library = (a: [bigint, bigint], message: object, s: MessageSignature) => {
  try {
    return eddsa.verifySignature(messageDigest(message), { R8: [BigInt(s.R8[0]), BigInt(s.R8[1])], S: BigInt(s.S) }, a);
  } catch {
    return false;
  }
};

describe("committee signatures (the pages' check equals the library's)", function () {
  this.timeout(120_000);
  const key = newMemberKey("alice");
  const other = newMemberKey("bob");
  const message = { format: "zkprov-test", version: 1, records: [{ id: "42", partial: ["1", "2"] }] };
  const signature = signMessageObject(key, message);
  const shifted = addPoint([BigInt(signature.R8[0]), BigInt(signature.R8[1])], Base8);
  const cases: [string, [bigint, bigint], object, MessageSignature, boolean][] = [
    ["a valid signature", key.publicKey, message, signature, true],
    ["another message", key.publicKey, { ...message, version: 2 }, signature, false],
    [
      "a nested field changed",
      key.publicKey,
      { ...message, records: [{ id: "43", partial: ["1", "2"] }] },
      signature,
      false,
    ],
    ["another member's key", other.publicKey, message, signature, false],
    ["S changed", key.publicKey, message, { ...signature, S: (BigInt(signature.S) + 1n).toString() }, false],
    ["S past the subgroup order", key.publicKey, message, { ...signature, S: (2n ** 252n).toString() }, false],
    [
      "R8 another curve point",
      key.publicKey,
      message,
      { ...signature, R8: [shifted[0].toString(), shifted[1].toString()] },
      false,
    ],
    ["R8 off the curve", key.publicKey, message, { ...signature, R8: [signature.R8[0], "5"] }, false],
    ["R8 not a number", key.publicKey, message, { ...signature, R8: ["x", signature.R8[1]] }, false],
  ];
  for (const [name, a, m, s, valid] of cases)
    it(`${valid ? "accepts" : "refuses"} ${name}, as @zk-kit/eddsa-poseidon does`, function () {
      expect(verifyMessageObject(a, m, s)).to.equal(valid);
      expect(library(a, m, s)).to.equal(valid);
    });
});
