/**
 * Checks of the eID card's authentication certificate that need no network: validity at the
 * validation time, key usage digitalSignature and extended key usage clientAuth (RFC 5280
 * §4.2.1.3, §4.2.1.12), a Latvian natural person in the subject (serialNumber `PNOLV-…`, ETSI
 * EN 319 412-1 §5.1.3, parsed by the platform's personal-code module), and the level from the
 * certificate's own policy: "high" only when it names a configured eID-card authentication
 * policy. Pure.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { type ParsedCertificate, parseCertificate } from "@tilts/trust";
import { parseEtsiIdentifier } from "../../core/personal-code/index.ts";
import { IdentityError } from "../errors.ts";
import type { LatvianPerson } from "./evidence.ts";
import type { Level } from "./levels.ts";

const OID_AT_SURNAME = "2.5.4.4";
const OID_AT_SERIAL_NUMBER = "2.5.4.5";
const OID_AT_GIVEN_NAME = "2.5.4.42";
const OID_KP_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
/** KeyUsage bit 0 (RFC 5280 §4.2.1.3). */
const KEY_USAGE_DIGITAL_SIGNATURE = 0;
const MAX_NAME_CHARS = 200;

export interface CheckedCertificate {
  parsed: ParsedCertificate;
  publicKey: KeyObject;
  person: LatvianPerson;
  level: Level;
}

function attribute(cert: ParsedCertificate, type: string): string | undefined {
  for (const rdn of cert.subject.rdns) for (const a of rdn) if (a.type === type) return a.text;
  return undefined;
}

export function checkEidCertificate(
  der: Uint8Array,
  options: { at: Date; highPolicies: readonly string[]; today?: string },
): CheckedCertificate {
  let parsed: ParsedCertificate;
  let publicKey: KeyObject;
  try {
    parsed = parseCertificate(der);
    publicKey = createPublicKey({ key: Buffer.from(parsed.spki), format: "der", type: "spki" });
  } catch {
    throw new IdentityError(
      "eid-token-malformed",
      "the Web eID token is malformed",
      "certificate unreadable",
    );
  }
  if (options.at < parsed.notBefore)
    throw new IdentityError("eid-certificate-not-yet-valid", "the eID certificate is not yet valid");
  if (options.at > parsed.notAfter)
    throw new IdentityError("eid-certificate-expired", "the eID certificate has expired");
  if (!parsed.keyUsage?.has(KEY_USAGE_DIGITAL_SIGNATURE)) {
    throw new IdentityError("eid-certificate-purpose", "not an authentication certificate", "keyUsage");
  }
  if (!parsed.extKeyUsage?.includes(OID_KP_CLIENT_AUTH)) {
    throw new IdentityError("eid-certificate-purpose", "not an authentication certificate", "extKeyUsage");
  }
  const serial = attribute(parsed, OID_AT_SERIAL_NUMBER);
  const given = attribute(parsed, OID_AT_GIVEN_NAME);
  const family = attribute(parsed, OID_AT_SURNAME);
  const code = serial
    ? parseEtsiIdentifier(serial, options.today ? { today: options.today } : {})
    : undefined;
  if (!code?.ok || !given || !family || given.length > MAX_NAME_CHARS || family.length > MAX_NAME_CHARS) {
    throw new IdentityError(
      "eid-certificate-subject",
      "the certificate names no Latvian person",
      code?.ok === false ? code.error.code : "names",
    );
  }
  // The level from the certificate's own policy, never from the request.
  const policies = (parsed.policies ?? []).map((p) => p.oid);
  if (!policies.some((oid) => options.highPolicies.includes(oid))) {
    throw new IdentityError(
      "eid-certificate-policy",
      "not an eID card authentication certificate",
      policies.join(",").slice(0, 200),
    );
  }
  return {
    parsed,
    publicKey,
    level: "high",
    person: {
      kind: "latvian",
      personalCode: code.code,
      givenName: given,
      familyName: family,
      ...(code.birthDate ? { birthDate: code.birthDate } : {}),
      previousCodes: [],
    },
  };
}
