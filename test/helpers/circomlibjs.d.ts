// circomlibjs 0.1.7 ships no type declarations; these cover the parts the interoperability tests call.
// Field elements are circomlibjs's internal (Montgomery) byte form: convert with F.e / F.toObject.
declare module "circomlibjs" {
  type FieldElement = Uint8Array;
  type Point = [FieldElement, FieldElement];

  interface Field {
    e(value: bigint | number | string): FieldElement;
    toObject(value: FieldElement): bigint;
    eq(a: FieldElement, b: FieldElement): boolean;
  }

  interface BabyJub {
    F: Field;
    subOrder: bigint;
    Base8: Point;
    mulPointEscalar(base: Point, e: bigint): Point;
    inCurve(p: Point): boolean;
    inSubgroup(p: Point): boolean;
  }

  interface EdDSASignature {
    R8: Point;
    S: bigint;
  }

  interface Eddsa {
    F: Field;
    babyJub: BabyJub;
    prv2pub(privateKey: Uint8Array): Point;
    signPoseidon(privateKey: Uint8Array, message: FieldElement): EdDSASignature;
    verifyPoseidon(message: FieldElement, signature: EdDSASignature, publicKey: Point): boolean;
  }

  export function buildEddsa(): Promise<Eddsa>;
  export function buildBabyjub(): Promise<BabyJub>;
}
