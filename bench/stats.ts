// Summary statistics shared by the benchmarks.

/** min, median and max of a sample, rounded to `digits` decimals. */
export interface Stats {
  min: number;
  median: number;
  max: number;
}

/**
 * min, median (the lower middle for an even count) and max of `xs`.
 *
 * @throws {RangeError} for an empty sample.
 * @example stats([3, 1, 2]) // { min: 1, median: 2, max: 3 }
 */
export function stats(xs: readonly number[], digits = 1): Stats {
  if (xs.length === 0) throw new RangeError("stats of an empty sample");
  const s = [...xs].sort((a, b) => a - b);
  const r = (x: number) => Number(x.toFixed(digits));
  return { min: r(s[0]!), median: r(s[Math.floor((s.length - 1) / 2)]!), max: r(s.at(-1)!) };
}
