// What a proof states beyond its validity, checked the way the contract gates check it: the proof time
// against the time it was used (the mint gate's window) and the rights the proof grants. verifyBundle
// checks the proof; these say whether what it proves is acceptable.
import { parsePublicSignals } from "../core/codecs.ts";
import { RIGHTS, type RightName } from "../core/domain.ts";
import { MAX_ATTESTATION_AGE_LIMIT } from "../core/registry.ts";
import type { GateSettings } from "./chain.ts";
import { type ProofBundle } from "../core/formats/bundle.ts";

/** One statement check, reported like a BundleCheck. */
export interface StatementCheck {
  name: "proof time" | "attestation age" | "rights";
  status: "pass" | "fail" | "skipped";
  reason: string;
}

/**
 * Seconds a proof time may lie ahead of the verifier's clock offline (clocks differ): a proof made later than this
 * is in the future. Against a chain, the mint gate's own window applies instead.
 */
export const CLOCK_SKEW = 300n;

/** Options of checkProofTime (unix seconds). */
export interface ProofTimeOptions {
  /** The current time: a proof time later than this (plus the window) is in the future. */
  now: bigint;
  /** When the proof was used (the mint's block time), if known: the proof time must be within the window of it. */
  usedAt?: bigint;
  /** The allowed difference in seconds (the mint gate's `nowWindow`). */
  window: bigint;
}

/**
 * A date in unix seconds as "2026-11-22 05:10:00 UTC".
 *
 * @example formatTime(0n) // "1970-01-01 00:00:00 UTC"
 */
export function formatTime(seconds: bigint): string {
  if (seconds > 8_640_000_000_000n) return `${seconds} (far in the future)`;
  return new Date(Number(seconds) * 1000)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}

/**
 * The named rights set in a 16-bit mask, e.g. ["PUBLISH", "COMMERCIAL"]; unnamed bits as "bit 7".
 *
 * @example rightNames(3n) // ["PUBLISH", "COMMERCIAL"]
 */
export function rightNames(mask: bigint): string[] {
  const names: string[] = [];
  for (let bit = 0; bit < 16; bit++) {
    if (((mask >> BigInt(bit)) & 1n) === 0n) continue;
    const name = (Object.keys(RIGHTS) as RightName[]).find((n) => RIGHTS[n] === 1 << bit);
    names.push(name ?? `bit ${bit}`);
  }
  return names;
}

/**
 * Check a provenance proof's time (`now`) against the mint gate it was made for, when the chain was asked
 * (`gate`: within the gate's `nowWindow` of the mint's block time, or of the latest block's for a bundle not yet
 * used, as the gate would judge it now); else within `window` seconds of when it was used (`usedAt`), or, when
 * that is unknown, not in the future. Other circuits carry no time (skipped).
 *
 * @example checkProofTime(bundle, { now: BigInt(Math.floor(Date.now() / 1000)), window: 3600n })
 */
export function checkProofTime(bundle: ProofBundle, o: ProofTimeOptions & { gate?: GateSettings }): StatementCheck {
  if (bundle.circuit !== "provenance")
    return { name: "proof time", status: "skipped", reason: `a ${bundle.circuit} proof carries no time` };
  const t = parsePublicSignals("provenance", bundle.publicSignals).now;
  if (o.gate) {
    const g = o.gate;
    if (g.mintedByAnother !== undefined)
      return {
        name: "proof time",
        status: "fail",
        reason: `its asset was minted at block ${g.mintedByAnother} by another proof: the mint gate ${g.address} takes this one never (a token per asset)`,
      };
    // Not minted yet: the gate would judge it at the next block, whose time is now (or the latest block's, if the
    // chain's clock is ahead), not at an idle chain's last block.
    const ref = g.used || g.time > o.now ? g.time : o.now;
    const drift = t > ref ? t - ref : ref - t;
    const when = g.used
      ? `its mint (block ${g.block}, ${formatTime(g.time)})`
      : `now (${formatTime(ref)}; the chain's latest block is ${g.block}): not minted yet`;
    const what = `made at ${formatTime(t)}, ${drift} s from ${when}; the mint gate ${g.address} allows ${g.nowWindow} s`;
    return { name: "proof time", status: drift <= g.nowWindow ? "pass" : "fail", reason: what };
  }
  if (o.usedAt !== undefined) {
    const drift = t > o.usedAt ? t - o.usedAt : o.usedAt - t;
    return drift <= o.window
      ? {
          name: "proof time",
          status: "pass",
          reason: `made at ${formatTime(t)}, ${drift} s from when it was used (${formatTime(o.usedAt)}); at most ${o.window} s allowed`,
        }
      : {
          name: "proof time",
          status: "fail",
          reason: `made at ${formatTime(t)}, ${drift} s from when it was used (${formatTime(o.usedAt)}); only ${o.window} s are allowed`,
        };
  }
  return t <= o.now + o.window
    ? {
        name: "proof time",
        status: "pass",
        reason: `made at ${formatTime(t)}, not in the future (the license was valid then: the proof shows it); not judged against a mint gate's window (no chain given)`,
      }
    : {
        name: "proof time",
        status: "fail",
        reason: `claims to be made at ${formatTime(t)}, which is in the future (now ${formatTime(o.now)})`,
      };
}

/**
 * Check the attestation age a provenance proof bounds (`now - generatedAt <= maxAttestationAge`, proven): equal
 * to the setting of the mint gate it was made for, read at its mint's block (`gate`); without a chain, within
 * what any mint gate may set (1 s to 365 days), since a proof for a wider bound mints nowhere. Other circuits
 * carry none (skipped).
 *
 * @example checkAttestationAge(bundle, facts.gate).status // "pass"
 */
export function checkAttestationAge(bundle: ProofBundle, gate?: GateSettings): StatementCheck {
  if (bundle.circuit !== "provenance")
    return { name: "attestation age", status: "skipped", reason: `a ${bundle.circuit} proof carries no attestation` };
  const age = parsePublicSignals("provenance", bundle.publicSignals).maxAttestationAge;
  const days = (s: bigint) => (s % 86_400n === 0n ? `${s / 86_400n} days` : `${s} s`);
  if (gate) {
    const at = gate.used ? `at its mint (block ${gate.block})` : `now (block ${gate.block})`;
    return age === gate.maxAttestationAge
      ? {
          name: "attestation age",
          status: "pass",
          reason: `the attestation was at most ${days(age)} old when proven: the setting of the mint gate ${gate.address} ${at}`,
        }
      : {
          name: "attestation age",
          status: "fail",
          reason: `the proof bounds the attestation's age by ${days(age)}, the mint gate ${gate.address} requires ${days(gate.maxAttestationAge)} ${at}`,
        };
  }
  return age >= 1n && age <= MAX_ATTESTATION_AGE_LIMIT
    ? {
        name: "attestation age",
        status: "pass",
        reason: `the attestation was at most ${days(age)} old when proven (within the 365 days a mint gate may set); not compared with a gate's setting (no chain given)`,
      }
    : {
        name: "attestation age",
        status: "fail",
        reason: `the proof bounds the attestation's age by ${age} s, outside the 1 s to 365 days a mint gate may set: it mints nowhere`,
      };
}

/**
 * Check the rights a proof grants: a provenance proof must grant what it requires, and require PUBLISH
 * (as the mint gate does); a licensee proof names the usage it buys (the license gate checks it against the
 * token). A royalty claim grants no rights (skipped).
 *
 * @example checkRights(bundle).reason // "grants PUBLISH, COMMERCIAL; requires PUBLISH"
 */
export function checkRights(bundle: ProofBundle): StatementCheck {
  const list = (mask: bigint) => rightNames(mask).join(", ") || "none";
  if (bundle.circuit === "provenance") {
    const s = parsePublicSignals("provenance", bundle.publicSignals);
    const covered = (s.requiredRights & s.grantedRights) === s.requiredRights;
    const publish = (s.requiredRights & BigInt(RIGHTS.PUBLISH)) !== 0n;
    const what = `grants ${list(s.grantedRights)}; requires ${list(s.requiredRights)}`;
    if (!covered) return { name: "rights", status: "fail", reason: `${what}: the required rights are not granted` };
    if (!publish) return { name: "rights", status: "fail", reason: `${what}: publishing (PUBLISH) is not required` };
    return { name: "rights", status: "pass", reason: what };
  }
  if (bundle.circuit === "licensee") {
    const usage = parsePublicSignals("licensee", bundle.publicSignals).usageRights;
    if (usage === 0n) return { name: "rights", status: "fail", reason: "the license asks for no usage rights" };
    return {
      name: "rights",
      status: "pass",
      reason: `a license for ${list(usage)}; the license gate checks them against the token's granted rights`,
    };
  }
  return { name: "rights", status: "skipped", reason: "a royalty claim grants no rights" };
}
