/**
 * Issuing end-entity credentials from the test PKI: natural persons (eID / eParaksts, signing or
 * authentication), institutions' connection certificates, TSA certificates. Each issue records
 * the certificate in the store (so OCSP answers "good" for it and "unknown" for serials never
 * issued) and returns the private key to the caller — the PKI keeps no end-entity keys.
 */
import { type KeyObject, randomInt } from "node:crypto";
import { buildCertificate } from "./certificate-builder.ts";
import { keyIdentifierOf } from "./extensions.ts";
import { generateKey, type KeyKind } from "./keys.ts";
import { buildName } from "./names.ts";
import {
  type InstitutionDetails,
  institutionExtensions,
  institutionName,
  type PersonDetails,
  type PersonUsage,
  personExtensions,
  personName,
  tsaExtensions,
  tsaName,
  urlsOf,
} from "./profiles.ts";
import type { IssuedRecord } from "./state-store.ts";
import { randomSerial, type TestPki } from "./test-pki.ts";

const DAY = 24 * 60 * 60 * 1000;

export interface IssuedCredential {
  certificate: Uint8Array;
  privateKey: KeyObject;
  /** The issuing CA and the root, DER. */
  chain: Uint8Array[];
  record: IssuedRecord;
}

export class InvalidIssueRequestError extends Error {
  override name = "InvalidIssueRequestError";
  readonly code = "testbed-invalid-issue-request";
}

const PERSONAL_CODE = /^(\d{6})-(\d{5})$/;
const WEIGHTS = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The check digit of a Latvian personal code, or undefined when the remainder is 10 (never issued). */
export function personalCodeCheckDigit(firstTen: string): number | undefined {
  const sum = [...firstTen].reduce((s, d, i) => s + Number(d) * WEIGHTS[i]!, 0);
  const q = (((1101 - sum) % 11) + 11) % 11;
  return q === 10 ? undefined : q;
}

/** A random new-format ("32…") personal code that passes the check digit (latvian-identity.md §5). */
export function randomPersonalCode(): string {
  for (;;) {
    const body = `32${String(randomInt(0, 10_000)).padStart(4, "0")}${String(randomInt(0, 10_000)).padStart(4, "0")}`;
    const q = personalCodeCheckDigit(body);
    if (q !== undefined) return `${body.slice(0, 6)}-${body.slice(6)}${q}`;
  }
}

export interface IssuePersonOptions extends Partial<PersonDetails> {
  givenName: string;
  surname: string;
  usage?: PersonUsage;
  /** Issuing CA: "eid" (ID card; default) or "eparaksts". */
  ca?: "eid" | "eparaksts";
  /** Key kind; P-384 on the eID CA (new LV eID cards), RSA-2048 on the eParaksts CA. */
  key?: KeyKind;
  validityDays?: number;
  notBefore?: Date;
}

export function issuePerson(pki: TestPki, options: IssuePersonOptions): IssuedCredential {
  const personalCode = options.personalCode ?? randomPersonalCode();
  if (!PERSONAL_CODE.test(personalCode)) {
    throw new InvalidIssueRequestError(
      `personal code must look like DDMMYY-NNNNN or 32XXXX-XXXXX: ${personalCode}`,
    );
  }
  if (!options.givenName.trim() || !options.surname.trim())
    throw new InvalidIssueRequestError("given name and surname are required");
  const caId = options.ca ?? "eid";
  const usage = options.usage ?? "sign";
  const key = generateKey(options.key ?? (caId === "eid" ? "p384" : "rsa2048"));
  const ca = pki.ca(caId);
  const notBefore = options.notBefore ?? new Date(pki.now().getTime() - 60_000);
  const certificate = buildCertificate({
    serial: randomSerial(),
    issuer: ca.name,
    subject: buildName(personName({ givenName: options.givenName, surname: options.surname, personalCode })),
    publicKey: key,
    notBefore,
    // LV eID cards and eParaksts certificates are valid for 5 years.
    notAfter: new Date(notBefore.getTime() + (options.validityDays ?? 5 * 365) * DAY),
    extensions: personExtensions(
      caId,
      usage,
      urlsOf(pki.baseUrl, caId),
      { subject: keyIdentifierOf(key), issuer: keyIdentifierOf(ca.key) },
      key.asymmetricKeyType === "ec",
    ),
    signerKey: ca.key,
  });
  const record = pki.record(certificate, caId, usage === "sign" ? "person-sign" : "person-auth");
  return { certificate, privateKey: key, chain: pki.chainFor(caId), record };
}

export interface IssueInstitutionOptions extends InstitutionDetails {
  /** Default RSA-2048 (ANX2-7: at least 2048-bit keys). */
  key?: KeyKind;
  validityDays?: number;
  notBefore?: Date;
}

export function issueInstitution(pki: TestPki, options: IssueInstitutionOptions): IssuedCredential {
  if (!/^\d{11}$/.test(options.registrationNumber)) {
    throw new InvalidIssueRequestError(
      `registration number must be 11 digits: ${options.registrationNumber}`,
    );
  }
  if (!options.name.trim()) throw new InvalidIssueRequestError("institution name is required");
  const key = generateKey(options.key ?? "rsa2048");
  const ca = pki.ca("org");
  const notBefore = options.notBefore ?? new Date(pki.now().getTime() - 60_000);
  const certificate = buildCertificate({
    serial: randomSerial(),
    issuer: ca.name,
    subject: buildName(institutionName(options)),
    publicKey: key,
    notBefore,
    notAfter: new Date(notBefore.getTime() + (options.validityDays ?? 2 * 365) * DAY),
    extensions: institutionExtensions(
      urlsOf(pki.baseUrl, "org"),
      { subject: keyIdentifierOf(key), issuer: keyIdentifierOf(ca.key) },
      key.asymmetricKeyType === "ec",
    ),
    signerKey: ca.key,
  });
  const record = pki.record(certificate, "org", "institution");
  return { certificate, privateKey: key, chain: pki.chainFor("org"), record };
}

export interface IssueTsaOptions {
  name?: string;
  key?: KeyKind;
  validityDays?: number;
}

export function issueTsa(pki: TestPki, options: IssueTsaOptions = {}): IssuedCredential {
  const key = generateKey(options.key ?? "p256");
  const ca = pki.ca("org");
  const notBefore = new Date(pki.now().getTime() - 60_000);
  const certificate = buildCertificate({
    serial: randomSerial(),
    issuer: ca.name,
    subject: buildName(tsaName(options.name ?? "Tilts Test TSA (issued)")),
    publicKey: key,
    notBefore,
    notAfter: new Date(notBefore.getTime() + (options.validityDays ?? 5 * 365) * DAY),
    extensions: tsaExtensions(urlsOf(pki.baseUrl, "org"), {
      subject: keyIdentifierOf(key),
      issuer: keyIdentifierOf(ca.key),
    }),
    signerKey: ca.key,
  });
  const record = pki.record(certificate, "org", "tsa");
  return { certificate, privateKey: key, chain: pki.chainFor("org"), record };
}
