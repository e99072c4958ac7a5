/**
 * Reads NIST PKITS cases (../shared/conformance/pkits/pkits.json, see its README) into
 * validator inputs. Shared by the library test and the CLI test; test-only.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { PathFailureCode, PathValidationInput } from "../types.ts";

export const PKITS_DIR = fileURLToPath(
  new URL("../../../../../../shared/conformance/pkits/", import.meta.url),
);
export const pkitsAvailable = existsSync(`${PKITS_DIR}pkits.json`);

export interface PkitsCase {
  id: string;
  name: string;
  cert: string;
  other_certs?: string[];
  path_intermediates?: string[];
  crls?: string[];
  path_len: number;
  revocation?: boolean;
  params?: {
    user_initial_policy_set?: string[];
    initial_explicit_policy?: boolean;
    initial_policy_mapping_inhibit?: boolean;
    initial_any_policy_inhibit?: boolean;
  };
  error?: { class: string };
}

export const PKITS_TIME = new Date("2022-05-01T00:00:00Z");
export const PKITS_ANCHOR = "TrustAnchorRootCertificate.crt";
export const PKITS_ROOT_CRL = "TrustAnchorRootCRL.crl";

export function loadPkitsCases(): PkitsCase[] {
  return JSON.parse(readFileSync(`${PKITS_DIR}pkits.json`, "utf8")) as PkitsCase[];
}

export const certPath = (file: string) => `${PKITS_DIR}certs/${file}`;
export const crlPath = (file: string) => `${PKITS_DIR}crls/${file}`;

export function policySet(c: PkitsCase): string[] | undefined {
  const set = c.params?.user_initial_policy_set;
  if (!set) return undefined;
  return set.map((p) => (p === "any_policy" ? "2.5.29.32.0" : p));
}

/** The library input for a case. */
export function pkitsInput(c: PkitsCase): PathValidationInput {
  const read = (p: string) => new Uint8Array(readFileSync(p));
  return {
    leaf: read(certPath(c.cert)),
    untrusted: (c.path_intermediates ?? c.other_certs ?? []).map((f) => read(certPath(f))),
    anchors: [read(certPath(PKITS_ANCHOR))],
    crls: [PKITS_ROOT_CRL, ...(c.crls ?? [])].map((f) => read(crlPath(f))),
    at: PKITS_TIME,
    revocation: c.revocation === false ? "if-available" : "require",
    initialPolicySet: policySet(c),
    initialExplicitPolicy: c.params?.initial_explicit_policy,
    initialPolicyMappingInhibit: c.params?.initial_policy_mapping_inhibit,
    initialAnyPolicyInhibit: c.params?.initial_any_policy_inhibit,
  };
}

/** Does a failure code satisfy the case's expected error class (conformance README)? */
export function codeMatches(expected: string | undefined, code: PathFailureCode | undefined): boolean {
  if (!expected) return code === undefined;
  switch (expected) {
    case "RevokedError":
      return code === "revoked";
    case "InsufficientRevinfoError":
      return code === "revocation-unavailable";
    case "StaleRevinfoError":
      return code === "revocation-stale";
    case "PathValidationError":
      return (
        code !== undefined &&
        !["revoked", "revocation-unavailable", "revocation-stale", "malformed"].includes(code)
      );
    default:
      return false;
  }
}
