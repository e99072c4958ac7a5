/**
 * OCSP in path validation: a delegated responder's own revocation (RFC 6960 §4.2.2.2.1) and
 * request nonces (RFC 8954), in the default and the strict profile. The leaf's OCSP answer says
 * "revoked" while the CA's CRL does not list the leaf, so the result shows which source decided.
 */
import { describe, expect, it } from "vitest";
import { buildCertId, buildOcspResponse, certificateFields, parseOcspRequest } from "../../ocsp/index.ts";
import { KEY_USAGE } from "../cert/extensions.ts";
import * as D from "../der/writer.ts";
import * as O from "../oids.ts";
import { buildCertificate, buildCrl, ext, generateKey } from "../testing/build-pki.ts";
import { CA_NAME, simplePki } from "../testing/simple-pki.ts";
import type { PathValidationInput } from "../types.ts";
import { validateCertificatePath } from "../validate-certificate-path.ts";

const at = new Date("2025-01-01T00:00:00Z");
const pki = simplePki("p256");
const responderKey = generateKey("p256");
const responderWith = (serial: number, noCheck: boolean) =>
  buildCertificate({
    serial,
    subject: [["2.5.4.3", `OCSP Responder ${serial}`]],
    issuer: CA_NAME,
    publicKey: responderKey.publicKey,
    issuerKey: pki.caKey.privateKey,
    extensions: [
      ext.keyUsage([KEY_USAGE.digitalSignature]),
      ext.extKeyUsage([O.OID_KP_OCSP_SIGNING]),
      ...(noCheck ? [ext.raw(O.OID_OCSP_NOCHECK, D.nullValue())] : []),
    ],
  });
const checked = responderWith(40, false);
const noCheck = responderWith(41, true);
const caCrlRevoking = (serials: number[]) =>
  buildCrl({
    issuer: CA_NAME,
    issuerKey: pki.caKey.privateKey,
    revoked: serials.map((serial) => ({ serial })),
  });

const leafRevokedBy = (responder: Uint8Array, leaf = pki.leaf, nonce?: Uint8Array) =>
  buildOcspResponse({
    responses: [
      {
        certId: buildCertId(certificateFields(leaf), certificateFields(pki.ca)),
        answer: { status: "revoked", revocationTime: new Date("2024-06-01T00:00:00Z") },
        thisUpdate: new Date("2024-12-31T00:00:00Z"),
        nextUpdate: new Date("2025-01-02T00:00:00Z"),
      },
    ],
    signerKey: responderKey.privateKey,
    signerCertificate: responder,
    certs: [responder],
    producedAt: new Date("2024-12-31T00:00:00Z"),
    ...(nonce ? { nonce } : {}),
  });

for (const profile of ["default", "strict"] as const) {
  const base: PathValidationInput = {
    leaf: pki.leaf,
    untrusted: [pki.ca],
    anchors: [pki.root],
    at,
    revocation: "require",
    profile,
  };

  describe(`delegated OCSP responders (RFC 6960 §4.2.2.2.1), ${profile} profile`, () => {
    it("an unrevoked responder's answer decides", async () => {
      const r = await validateCertificatePath({
        ...base,
        crls: [pki.rootCrl, pki.caCrl],
        ocspResponses: [leafRevokedBy(checked)],
      });
      expect(r.failure).toMatchObject({ code: "revoked", certificateIndex: 0 });
      expect(r.failure?.message).toContain("OCSP");
    });

    it("a revoked responder's answer is refused; the CRL decides", async () => {
      const r = await validateCertificatePath({
        ...base,
        crls: [pki.rootCrl, caCrlRevoking([40])],
        ocspResponses: [leafRevokedBy(checked)],
      });
      expect(r.failure).toBeUndefined();
      expect(r.valid).toBe(true);
    });

    it("id-pkix-ocsp-nocheck: the responder is trusted without a check", async () => {
      const r = await validateCertificatePath({
        ...base,
        crls: [pki.rootCrl, caCrlRevoking([41])],
        ocspResponses: [leafRevokedBy(noCheck)],
      });
      expect(r.failure?.code).toBe("revoked");
    });

    it("a responder of unknown status: refused when revocation is required, used if-available", async () => {
      const input = { ...base, crls: [pki.rootCrl], ocspResponses: [leafRevokedBy(checked)] };
      expect((await validateCertificatePath(input)).failure?.code).toBe("revocation-unavailable");
      const lenient = await validateCertificatePath({ ...input, revocation: "if-available" });
      expect(lenient.failure?.code).toBe("revoked");
    });
  });

  describe(`OCSP request nonces (RFC 8954), ${profile} profile`, () => {
    const leaf = pki.issueLeaf({ extensions: [ext.ocspUrl("http://127.0.0.1:9/ocsp")] });
    const fixed = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    const input = { ...base, leaf, crls: [pki.rootCrl, pki.caCrl], randomBytes: () => fixed };

    it("requests carry the configured nonce and a matching echo is accepted", async () => {
      const seen: (Uint8Array | undefined)[] = [];
      const r = await validateCertificatePath({
        ...input,
        ocspNonceLength: 32,
        fetchOcsp: async (_url, request) => {
          const nonce = parseOcspRequest(request).nonce;
          seen.push(nonce);
          return leafRevokedBy(noCheck, leaf, nonce);
        },
      });
      expect(seen).toEqual([fixed]);
      expect(r.failure?.code).toBe("revoked");
    });

    it("a missing or different nonce makes the answer unusable (the CRL decides)", async () => {
      for (const echo of [undefined, Uint8Array.of(9, 9, 9)]) {
        const r = await validateCertificatePath({
          ...input,
          ocspNonceLength: 32,
          fetchOcsp: async () => leafRevokedBy(noCheck, leaf, echo),
        });
        expect(r.valid).toBe(true);
      }
    });

    it("no nonce unless configured; lengths outside 1..32 are refused", async () => {
      let nonce: Uint8Array | undefined = Uint8Array.of(0);
      await validateCertificatePath({
        ...input,
        fetchOcsp: async (_url, request) => {
          nonce = parseOcspRequest(request).nonce;
          return undefined;
        },
      });
      expect(nonce).toBeUndefined();
      await expect(validateCertificatePath({ ...input, ocspNonceLength: 33 })).rejects.toThrow(RangeError);
      await expect(validateCertificatePath({ ...input, ocspNonceLength: 0 })).rejects.toThrow(RangeError);
    });
  });
}
