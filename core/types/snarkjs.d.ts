// snarkjs ships no type declarations; these cover the parts zkprov calls.
declare module "snarkjs" {
  export interface Groth16Proof {
    pi_a: string[];
    pi_b: string[][];
    pi_c: string[];
    protocol: string;
    curve: string;
  }
  type FileLike = string | { type: "mem"; data?: Uint8Array };
  type Logger = { debug?(m: string): void; info?(m: string): void; warn?(m: string): void; error?(m: string): void };
  export const groth16: {
    fullProve(
      input: Record<string, unknown>,
      wasm: FileLike,
      zkey: FileLike,
      logger?: Logger,
      wtnsCalcOptions?: unknown,
      proverOptions?: unknown,
    ): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    prove(zkey: FileLike, witness: FileLike, logger?: Logger): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    verify(vkey: unknown, publicSignals: (string | bigint)[], proof: Groth16Proof, logger?: Logger): Promise<boolean>;
    exportSolidityCallData(proof: Groth16Proof, publicSignals: string[]): Promise<string>;
  };
  export const wtns: {
    calculate(input: Record<string, unknown>, wasm: FileLike, wtns: FileLike, options?: unknown): Promise<void>;
    check(r1cs: FileLike, wtns: FileLike, logger?: Logger): Promise<boolean>;
    exportJson(wtns: FileLike): Promise<bigint[]>;
  };
  export const zKey: {
    newZKey(r1cs: FileLike, ptau: FileLike, zkey: FileLike, logger?: Logger): Promise<unknown>;
    contribute(oldZkey: FileLike, newZkey: FileLike, name: string, entropy: string, logger?: Logger): Promise<Uint8Array>;
    beacon(oldZkey: FileLike, newZkey: FileLike, name: string, beaconHash: string, numIterationsExp: number, logger?: Logger): Promise<Uint8Array>;
    verifyFromR1cs(r1cs: FileLike, ptau: FileLike, zkey: FileLike, logger?: Logger): Promise<boolean>;
    exportVerificationKey(zkey: FileLike, logger?: Logger): Promise<Record<string, unknown>>;
    exportSolidityVerifier(zkey: FileLike, templates: { groth16: string }, logger?: Logger): Promise<string>;
    exportJson(zkey: FileLike): Promise<Record<string, unknown>>;
  };
  export const powersOfTau: {
    newAccumulator(curve: unknown, power: number, file: FileLike, logger?: Logger): Promise<unknown>;
    contribute(oldPtau: FileLike, newPtau: FileLike, name: string, entropy: string, logger?: Logger): Promise<unknown>;
    beacon(oldPtau: FileLike, newPtau: FileLike, name: string, beaconHash: string, numIterationsExp: number, logger?: Logger): Promise<unknown>;
    preparePhase2(oldPtau: FileLike, newPtau: FileLike, logger?: Logger): Promise<unknown>;
    verify(ptau: FileLike, logger?: Logger): Promise<boolean>;
  };
  export const curves: { getCurveFromName(name: string): Promise<{ terminate(): Promise<void> }> };
}
