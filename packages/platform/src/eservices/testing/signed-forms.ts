/**
 * For tests only: registration forms signed the way a representative would sign them, with the
 * testbed's PKI in process — a qualified signing certificate (eParaksts CA, QCP-n-qscd) for a
 * person, its OCSP responder and the TSA — at XAdES-B (no time-stamp), T or LT.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type IssuedCredential,
  issueInstitution,
  issuePerson,
  respondToOcspRequest,
  respondToTimeStampRequest,
  TestPki,
} from "@tilts/testbed";
import { signEdoc, type XadesLevel } from "@tilts/trust";
import type { RawForm, RegistrationForm } from "../core/registration-form.ts";
import { checkRegistrationForm } from "../core/registration-form.ts";
import { buildFormEdoc } from "../form-container.ts";

export const HOSPITAL = "40003000001";

export function sampleRawForm(overrides: RawForm = {}): RawForm {
  return {
    nameLv: "Ārsta apmeklējuma pieraksts",
    nameEn: "Booking a doctor's appointment",
    descriptionLv: "Iedzīvotājs piesakās uz ģimenes ārsta pieņemšanu tiešsaistē.",
    descriptionEn: "A resident books an appointment with a family doctor online.",
    audiences: ["citizens"],
    channels: ["state-portal", "api"],
    legalBasis: "Ārstniecības likums, 79. pants",
    institutionRegistrationNumber: HOSPITAL,
    institutionName: "Rīgas slimnīca",
    institutionEmail: "kanceleja@slimnica.example.lv",
    contactName: "Inese Kalniņa",
    contactEmail: "inese.kalnina@slimnica.example.lv",
    contactPhone: "+371 67000000",
    ...overrides,
  };
}

export function sampleForm(overrides: RawForm = {}): RegistrationForm {
  const checked = checkRegistrationForm(sampleRawForm(overrides));
  if (!checked.ok) throw new Error(`sample form not valid: ${JSON.stringify(checked.problems)}`);
  return checked.form;
}

export interface SigningWorld {
  pki: TestPki;
  /** The root CA certificate: the anchor submissions are validated against. */
  anchors: () => Uint8Array[];
  person(personalCode: string, givenName?: string, surname?: string): IssuedCredential;
  /** A non-qualified signer: an institution's connection certificate (organisation CA). */
  institutionSeal(): IssuedCredential;
  sign(edoc: Uint8Array, signer: IssuedCredential, level: XadesLevel): Promise<Uint8Array>;
  close(): void;
}

export function openSigningWorld(): SigningWorld {
  const dir = mkdtempSync(join(tmpdir(), "tilts-eservices-pki-"));
  const pki = TestPki.create(join(dir, "pki"), { baseUrl: "http://127.0.0.1:9/testbed" });
  const root = pki.ca("root").certificate;
  return {
    pki,
    anchors: () => [root],
    person: (personalCode, givenName = "Jānis", surname = "Bērziņš") =>
      issuePerson(pki, { givenName, surname, personalCode, ca: "eparaksts", usage: "sign" }),
    institutionSeal: () => issueInstitution(pki, { name: "Rīgas slimnīca", registrationNumber: HOSPITAL }),
    sign: (edoc, signer, level) =>
      signEdoc({
        existingContainer: edoc,
        signer: { key: signer.privateKey, certificate: signer.certificate, chain: signer.chain },
        level,
        tsa: async (request) => respondToTimeStampRequest(pki, request),
        fetchers: { fetchOcsp: async (_url, request) => respondToOcspRequest(pki, request) },
      }),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const unsignedFormEdoc = (form: RegistrationForm = sampleForm()) => buildFormEdoc(form, new Date());
