import { randomBytes } from "node:crypto";
import { OctetString } from "@peculiar/asn1-schema";
import { Extension } from "@peculiar/asn1-x509";
import { beforeAll, describe, expect, it } from "vitest";
import { MalformedInputError } from "../errors.ts";
import { SignatureCheckCache } from "../x509/path/signature-cache.ts";
import { buildOcspRequest } from "./build-request.ts";
import { buildOcspErrorResponse, buildOcspResponse, type OcspAnswer } from "./build-response.ts";
import { buildCertId } from "./cert-id.ts";
import { certificateFields } from "./certificate-fields.ts";
import { checkOcspResponse, checkOcspResponseDetailed } from "./check-response.ts";
import { ocspUrlsOf } from "./ocsp-urls.ts";
import { parseOcspRequest } from "./parse-request.ts";
import { issue, makeCa, type TestIdentity } from "./testing/fixtures.ts";

const hour = 60 * 60 * 1000;
let ca: TestIdentity;
let rsaCa: TestIdentity;
let otherCa: TestIdentity;
let leaf: TestIdentity;
let rsaLeaf: TestIdentity;
let otherLeaf: TestIdentity;
let responder: TestIdentity;
let responderNoEku: TestIdentity;
let foreignResponder: TestIdentity;
let expiredResponder: TestIdentity;

beforeAll(async () => {
  ca = await makeCa("CN=Test CA,O=Tilts,C=LV");
  rsaCa = await makeCa("CN=Test RSA CA,O=Tilts,C=LV", "rsa");
  otherCa = await makeCa("CN=Other CA,C=LV");
  leaf = await issue(ca, "CN=JANIS BERZINS,C=LV", { ocspUrl: "http://127.0.0.1:9/ocsp" });
  rsaLeaf = await issue(rsaCa, "CN=ANNA OZOLA,C=LV");
  otherLeaf = await issue(ca, "CN=OTHER PERSON,C=LV");
  responder = await issue(ca, "CN=Test OCSP,C=LV", { ocspSigning: true, noCheck: true });
  responderNoEku = await issue(ca, "CN=Not a responder,C=LV");
  foreignResponder = await issue(otherCa, "CN=Test OCSP,C=LV", { ocspSigning: true });
  expiredResponder = await issue(ca, "CN=Old OCSP,C=LV", {
    ocspSigning: true,
    notBefore: new Date(Date.now() - 100 * 24 * hour),
    notAfter: new Date(Date.now() - 10 * 24 * hour),
  });
});

function respond(
  options: {
    about?: TestIdentity;
    issuer?: TestIdentity;
    answer?: OcspAnswer;
    signer?: TestIdentity;
    includeSigner?: boolean;
    by?: "name" | "key";
    thisUpdate?: Date;
    nextUpdate?: Date | null;
    nonce?: Uint8Array;
    hash?: "sha1" | "sha256";
  } = {},
): Uint8Array {
  const about = options.about ?? leaf;
  const issuer = options.issuer ?? ca;
  const signer = options.signer ?? responder;
  const thisUpdate = options.thisUpdate ?? new Date(Date.now() - hour);
  return buildOcspResponse({
    responses: [
      {
        certId: buildCertId(
          certificateFields(about.der),
          certificateFields(issuer.der),
          options.hash ?? "sha1",
        ),
        answer: options.answer ?? { status: "good" },
        thisUpdate,
        nextUpdate:
          options.nextUpdate === null
            ? undefined
            : (options.nextUpdate ?? new Date(thisUpdate.getTime() + 24 * hour)),
      },
    ],
    signerKey: signer.key,
    signerCertificate: signer.der,
    producedAt: thisUpdate,
    responderIdBy: options.by,
    nonce: options.nonce,
    certs: signer === issuer || options.includeSigner === false ? undefined : [signer.der],
  });
}

const check = (
  response: Uint8Array,
  extra: { at?: Date; expectedNonce?: Uint8Array; certificate?: TestIdentity } = {},
) =>
  checkOcspResponse({
    response,
    certificate: (extra.certificate ?? leaf).der,
    issuer: ca.der,
    at: extra.at ?? new Date(),
    expectedNonce: extra.expectedNonce,
  });

describe("checkOcspResponse", () => {
  it("accepts a good answer from a delegated responder (byKey and byName, SHA-1 and SHA-256 CertIDs)", () => {
    for (const by of ["key", "name"] as const) {
      for (const hash of ["sha1", "sha256"] as const) {
        const result = check(respond({ by, hash }));
        expect(result.status, `${by}/${hash}`).toBe("good");
        if (result.status === "good") expect(result.source).toBe("ocsp");
      }
    }
  });

  it("names a delegated responder and its nocheck flag (RFC 6960 §4.2.2.2.1), not the CA itself", async () => {
    const checked = await issue(ca, "CN=Checked OCSP,C=LV", { ocspSigning: true });
    const detailed = (signer: TestIdentity) =>
      checkOcspResponseDetailed({
        response: respond({ signer }),
        certificate: leaf.der,
        issuer: ca.der,
        at: new Date(),
      });
    const withNoCheck = detailed(responder);
    expect(withNoCheck.status.status).toBe("good");
    expect(withNoCheck.delegatedResponder).toEqual({ certificate: responder.der, noCheck: true });
    expect(detailed(checked).delegatedResponder).toEqual({ certificate: checked.der, noCheck: false });
    expect(detailed(ca).delegatedResponder).toBeUndefined();
  });

  it("accepts an answer signed by the CA itself (RSA)", () => {
    const response = respond({ about: rsaLeaf, issuer: rsaCa, signer: rsaCa, by: "name" });
    const result = checkOcspResponse({
      response,
      certificate: rsaLeaf.der,
      issuer: rsaCa.der,
      at: new Date(),
    });
    expect(result.status).toBe("good");
  });

  it("reports revoked with time and reason", () => {
    const revocationTime = new Date(Date.now() - 5 * hour);
    const result = check(respond({ answer: { status: "revoked", revocationTime, reason: "keyCompromise" } }));
    expect(result).toMatchObject({ status: "revoked", source: "ocsp", reason: "keyCompromise" });
    if (result.status === "revoked")
      expect(result.revocationTime.getTime()).toBe(Math.floor(revocationTime.getTime() / 1000) * 1000);
  });

  it("maps the responder's 'unknown' to revocation-unavailable", () => {
    expect(check(respond({ answer: { status: "unknown" } }))).toMatchObject({
      status: "unknown",
      code: "revocation-unavailable",
    });
  });

  it("refuses a response about another certificate", () => {
    const result = check(respond({ about: otherLeaf }));
    expect(result).toMatchObject({ status: "unknown", code: "revocation-unavailable" });
    if (result.status === "unknown") expect(result.message).toMatch(/not about this certificate/);
  });

  it("refuses unauthorised responders: no EKU, issued by another CA, expired, signer certificate missing", () => {
    for (const [signer, includeSigner] of [
      [responderNoEku, true],
      [foreignResponder, true],
      [expiredResponder, true],
      [responder, false],
    ] as const) {
      const result = check(respond({ signer, includeSigner }));
      expect(result, signer.name).toMatchObject({ status: "unknown", code: "revocation-unavailable" });
      if (result.status === "unknown") expect(result.message).toMatch(/unauthorised/);
    }
  });

  it("with a shared signature memo, verifies a delegated responder's certificate once and still checks its dates each time", () => {
    const cache = new SignatureCheckCache();
    const past = new Date(Date.now() - 50 * 24 * hour);
    const input = (at: Date) => ({
      response: respond({ signer: expiredResponder, thisUpdate: new Date(at.getTime() - hour) }),
      certificate: leaf.der,
      issuer: ca.der,
      at,
      now: at,
      signatureCache: cache,
    });
    expect(checkOcspResponse(input(past)).status).toBe("good");
    expect(cache.size).toBe(1);
    expect(checkOcspResponse(input(past)).status).toBe("good");
    expect(cache.size).toBe(1);
    // The memoised signature does not make the responder's certificate valid after its notAfter.
    const now = checkOcspResponse(input(new Date()));
    expect(now).toMatchObject({ status: "unknown", code: "revocation-unavailable" });
    if (now.status === "unknown") expect(now.message).toMatch(/not valid at/);
  });

  it("refuses a bad signature (one flipped bit in the signed data)", () => {
    const response = respond();
    // Flip a bit inside the producedAt GeneralizedTime digits: still parses, signature breaks.
    // Find the time by its DER shape (tag 0x18, length 15, 14 digits, "Z"), not by the first
    // "Z" byte: key hashes and serial numbers are random and may contain 0x5a.
    const at = indexOfGeneralizedTime(response);
    expect(at).toBeGreaterThan(0);
    const copy = new Uint8Array(response);
    const lastDigit = at + 2 + 13;
    copy[lastDigit] = copy[lastDigit]! ^ 0x01; // '0'<->'1', …: still a digit
    const result = check(copy);
    expect(result).toMatchObject({ status: "unknown", code: "revocation-unavailable" });
    if (result.status === "unknown") expect(result.message).toMatch(/signature/);
  });

  it("reports a stale response (nextUpdate passed; no nextUpdate and old thisUpdate)", () => {
    const old = new Date(Date.now() - 72 * hour);
    expect(check(respond({ thisUpdate: old }))).toMatchObject({
      status: "unknown",
      code: "revocation-stale",
    });
    expect(check(respond({ thisUpdate: old, nextUpdate: null }))).toMatchObject({
      status: "unknown",
      code: "revocation-stale",
    });
    // Fresh again when validating at an earlier time.
    expect(check(respond({ thisUpdate: old }), { at: new Date(old.getTime() + hour) }).status).toBe("good");
  });

  it("refuses thisUpdate in the future", () => {
    const result = check(respond({ thisUpdate: new Date(Date.now() + 2 * hour) }));
    expect(result).toMatchObject({ status: "unknown", code: "revocation-unavailable" });
  });

  it("checks the nonce when one is expected", () => {
    const nonce = randomBytes(16);
    expect(check(respond({ nonce }), { expectedNonce: nonce }).status).toBe("good");
    expect(check(respond({ nonce: randomBytes(16) }), { expectedNonce: nonce })).toMatchObject({
      status: "unknown",
      code: "revocation-unavailable",
    });
    expect(check(respond(), { expectedNonce: nonce })).toMatchObject({ status: "unknown" });
  });

  it("refuses a response with an unrecognised critical extension", () => {
    const response = buildOcspResponse({
      responses: [
        {
          certId: buildCertId(certificateFields(leaf.der), certificateFields(ca.der)),
          answer: { status: "good" },
          thisUpdate: new Date(Date.now() - hour),
        },
      ],
      signerKey: responder.key,
      signerCertificate: responder.der,
      producedAt: new Date(),
      certs: [responder.der],
      extraExtensions: [
        new Extension({
          extnID: "1.2.3.4.5",
          critical: true,
          extnValue: new OctetString(new Uint8Array([5, 0])),
        }),
      ],
    });
    const result = check(response);
    expect(result).toMatchObject({ status: "unknown", code: "revocation-unavailable" });
    if (result.status === "unknown") expect(result.message).toMatch(/critical/);
  });

  it("maps unsuccessful response statuses to revocation-unavailable", () => {
    expect(check(buildOcspErrorResponse("tryLater"))).toMatchObject({
      status: "unknown",
      code: "revocation-unavailable",
    });
  });

  it("throws MalformedInputError on garbage, truncation and huge input", () => {
    const good = respond();
    for (const bad of [
      new Uint8Array(0),
      randomBytes(200),
      good.subarray(0, good.length - 3),
      new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]),
      new Uint8Array(10 * 1024 * 1024),
    ]) {
      expect(() => check(bad)).toThrow(MalformedInputError);
    }
  });
});

describe("buildOcspRequest / parseOcspRequest / ocspUrlsOf", () => {
  it("round-trips a request with a SHA-1 CertID and a nonce", () => {
    const nonce = randomBytes(20);
    const request = buildOcspRequest({ certificate: leaf.der, issuer: ca.der, nonce });
    const parsed = parseOcspRequest(request);
    expect(parsed.certIds).toHaveLength(1);
    expect(parsed.certIds[0]!.hashAlgorithm.algorithm).toBe("1.3.14.3.2.26");
    expect(Buffer.from(parsed.nonce!)).toEqual(nonce);
    // The CertID asked about is the one a response must match.
    const response = buildOcspResponse({
      responses: [{ certId: parsed.certIds[0]!, answer: { status: "good" }, thisUpdate: new Date() }],
      signerKey: responder.key,
      signerCertificate: responder.der,
      producedAt: new Date(),
      nonce: parsed.nonce,
      certs: [responder.der],
    });
    expect(check(response, { expectedNonce: nonce }).status).toBe("good");
  });

  it("reads OCSP URLs from AIA", () => {
    expect(ocspUrlsOf(leaf.der)).toEqual(["http://127.0.0.1:9/ocsp"]);
    expect(ocspUrlsOf(ca.der)).toEqual([]);
    expect(() => ocspUrlsOf(randomBytes(50))).toThrow(MalformedInputError);
  });
});

/** Offset of the first DER GeneralizedTime "YYYYMMDDHHMMSSZ" (the producedAt in a BasicOCSPResponse). */
function indexOfGeneralizedTime(der: Uint8Array): number {
  const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;
  for (let i = 0; i + 17 <= der.length; i++) {
    if (der[i] !== 0x18 || der[i + 1] !== 15 || der[i + 16] !== 0x5a) continue;
    let digits = true;
    for (let k = 2; k < 16 && digits; k++) digits = isDigit(der[i + k]);
    if (digits) return i;
  }
  return -1;
}
