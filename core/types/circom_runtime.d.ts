// circom_runtime (the witness calculator snarkjs runs) ships no type declarations; these cover what
// prover/prove.ts calls: build a calculator from a circuit's wasm once and compute witnesses with it.
declare module "circom_runtime" {
  export interface WitnessCalculator {
    /** The witness of `input` as a .wtns file's bytes (circom 2 circuits). */
    calculateWTNSBin(input: Record<string, unknown>, sanityCheck?: boolean): Promise<Uint8Array>;
    circom_version(): number;
  }
  export function WitnessCalculatorBuilder(
    code: Uint8Array | WebAssembly.Instance,
    options?: { memorySize?: number; sanityCheck?: boolean },
  ): Promise<WitnessCalculator>;
}
