import domainJson from "../circuits/domain.json" with { type: "json" };

/** Domain tag names, as defined once in circuits/domain.json. */
export type TagName = keyof typeof domainJson.tags;
/** Named rights bits (bit index in the 16-bit rights mask). */
export type RightName = keyof typeof domainJson.rights;

/**
 * Encode a tag label as a field element: its ASCII bytes read as a big-endian integer.
 *
 * @throws {RangeError} if the label is not 1..31 printable ASCII bytes.
 * @example tagValue("zkprov/v1/id") // 0x7a6b70726f762f76312f6964n
 */
export function tagValue(label: string): bigint {
  if (!/^[\x21-\x7e]{1,31}$/.test(label)) {
    throw new RangeError(`tag label ${JSON.stringify(label)} must be 1 to 31 printable ASCII bytes`);
  }
  return BigInt("0x" + [...label].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join(""));
}

/** Domain tags as field elements, e.g. `TAGS.TAG_MODEL`. Read from circuits/domain.json. */
export const TAGS: Readonly<Record<TagName, bigint>> = Object.freeze(
  Object.fromEntries(Object.entries(domainJson.tags).map(([name, label]) => [name, tagValue(label)])) as Record<
    TagName,
    bigint
  >,
);

/** Bit index of each named right (PUBLISH = 0, COMMERCIAL = 1, ...). */
export const RIGHT_BITS: Readonly<Record<RightName, number>> = Object.freeze({ ...domainJson.rights });

/** Limits shared with the circuits: bit widths and the basis-point maximum. */
export const LIMITS = Object.freeze({ ...domainJson.limits });

/** The mask of one named right, e.g. `RIGHTS.COMMERCIAL === 2`. */
export const RIGHTS: Readonly<Record<RightName, number>> = Object.freeze(
  Object.fromEntries(Object.entries(domainJson.rights).map(([n, bit]) => [n, 1 << bit])) as Record<RightName, number>,
);

/** The domain definition's version number. */
export const DOMAIN_VERSION: number = domainJson.version;

/** One above the largest rights mask: a mask is below 2^RIGHTS_BITS (the circuits range-check it so). */
export const RIGHTS_MASK_BOUND: bigint = 1n << BigInt(domainJson.limits.RIGHTS_BITS);
