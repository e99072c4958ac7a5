/**
 * For tests only: a test PKI in process (the testbed's, with its OCSP responder and TSA answered
 * without a network) and eDocs signed by a person's qualified certificate from its eParaksts CA —
 * the documents a visitor of the verification page brings.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildTestbedTrustedLists,
  type IssuedCredential,
  issueInstitution,
  issuePerson,
  respondToOcspRequest,
  respondToTimeStampRequest,
  TestPki,
} from "@tilts/testbed";
import {
  parseTrustedList,
  type RevocationFetchers,
  signEdoc,
  type TrustedList,
  type XadesLevel,
} from "@tilts/trust";
import type { ReportSeal } from "../report/report-seal.ts";

export interface VerificationWorld {
  pki: TestPki;
  stateDir: string;
  anchors: () => Uint8Array[];
  /** OCSP answered by the test PKI in process: a revocation shows at once (SIG-4). */
  fetchers: RevocationFetchers;
  /** The testbed's national trusted list: its eParaksts CA is qualified (QCert for ESig, QSCD). */
  trustedLists(): Promise<TrustedList[]>;
  person(personalCode: string, givenName?: string, surname?: string): IssuedCredential;
  /** The service's seal: an organisation certificate of the test PKI and its TSA in process. */
  reportSeal(): ReportSeal;
  signEdoc(
    files: { name: string; content: Uint8Array; mediaType: string }[],
    signer: IssuedCredential,
    level?: XadesLevel,
  ): Promise<Uint8Array>;
  close(): void;
}

export function openVerificationWorld(stateDir?: string): VerificationWorld {
  const dir = mkdtempSync(join(tmpdir(), "tilts-signing-pki-"));
  const state = stateDir ?? join(dir, "pki");
  const pki = TestPki.openOrCreate(state, { baseUrl: "http://127.0.0.1:9/testbed" });
  const root = pki.ca("root").certificate;
  const fetchers: RevocationFetchers = {
    fetchOcsp: async (_url, request) => respondToOcspRequest(pki, request),
  };
  return {
    pki,
    stateDir: state,
    anchors: () => [root],
    fetchers,
    trustedLists: async () => [
      parseTrustedList(new TextEncoder().encode((await buildTestbedTrustedLists(pki)).national)),
    ],
    person: (personalCode, givenName = "Anna", surname = "Liepiņa") =>
      issuePerson(pki, { givenName, surname, personalCode, ca: "eparaksts", usage: "sign" }),
    reportSeal: () => {
      const seal = issueInstitution(pki, {
        name: "Tilts pārbaudes pakalpojums",
        registrationNumber: "90000000001",
      });
      return {
        key: seal.privateKey,
        certificate: seal.certificate,
        chain: seal.chain,
        tsa: async (request) => respondToTimeStampRequest(pki, request),
      };
    },
    signEdoc: (files, signer, level = "T") =>
      signEdoc({
        dataFiles: files,
        signer: { key: signer.privateKey, certificate: signer.certificate, chain: signer.chain },
        level,
        tsa: async (request) => respondToTimeStampRequest(pki, request),
        fetchers,
      }),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A multipart/form-data body with one file field, as a browser sends the upload form. */
export function multipartUpload(
  field: string,
  fileName: string,
  content: Uint8Array,
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = "----tilts-test-boundary-7MA4YWxkTrZu0gW";
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}
