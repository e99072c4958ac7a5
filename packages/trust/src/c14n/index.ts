/** Canonical XML 1.0, Canonical XML 1.1 and Exclusive XML Canonicalization 1.0. */
export * from "./algorithms.ts";
export { type CanonicalizeOptions, canonicalize, canonicalizeToString } from "./canonicalize.ts";
