/**
 * OCSP and testbed PKI benchmark: `checkOcspResponse` against the raw node:crypto cost of the two
 * signature verifications it needs (the delegated responder certificate by the CA, the response
 * by the responder); the testbed responder's answers per second against a raw ECDSA signature;
 * CRL generation with 10,000 revocations; RFC 3161 tokens per second.
 */
import { createPublicKey, sign, verify } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BasicOCSPResponse, OCSPResponse } from "@peculiar/asn1-ocsp";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import {
  buildCrl,
  issuePerson,
  respondToOcspRequest,
  respondToTimeStampRequest,
  TestPki,
} from "@tilts/testbed";
import { buildOcspRequest, buildTimeStampRequest, certificateFields, checkOcspResponse } from "@tilts/trust";
import { formatRate, measure } from "./measure.ts";

export default async function ocspBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "tilts-ocsp-bench-"));
  try {
    const pki = TestPki.create(join(dir, "pki"), {
      baseUrl: "http://127.0.0.1:1/testbed",
      caKeys: { org: "p384" },
    });
    const person = issuePerson(pki, { givenName: "Bench", surname: "Person" });
    const issuer = pki.ca("eid").certificate;
    const request = buildOcspRequest({ certificate: person.certificate, issuer });
    const response = respondToOcspRequest(pki, request);
    const at = new Date();

    // The two verifications a delegated-responder answer needs, done directly.
    const basic = AsnConvert.parse(
      AsnConvert.parse(response, OCSPResponse).responseBytes!.response,
      BasicOCSPResponse,
    );
    const responderCert = AsnConvert.parse(pki.ocspResponder("eid").certificate, Certificate);
    const caKey = createPublicKey({
      key: Buffer.from(certificateFields(issuer).spki),
      format: "der",
      type: "spki",
    });
    const responderKey = createPublicKey({
      key: Buffer.from(certificateFields(pki.ocspResponder("eid").certificate).spki),
      format: "der",
      type: "spki",
    });
    const responderTbs = certificateFields(pki.ocspResponder("eid").certificate).tbs;
    const tbsResponse = new Uint8Array(AsnConvert.serialize(basic.tbsResponseData));
    const raw = () => {
      if (!verify("sha384", responderTbs, caKey, new Uint8Array(responderCert.signatureValue)))
        throw new Error("raw");
      if (!verify("sha256", tbsResponse, responderKey, new Uint8Array(basic.signature)))
        throw new Error("raw");
    };
    const rawRate = await measure(raw);
    const checkRate = await measure(() => {
      if (checkOcspResponse({ response, certificate: person.certificate, issuer, at }).status !== "good")
        throw new Error("check");
    });
    console.log(formatRate("raw: 2 ECDSA verifies (P-384 cert, P-256 resp)", rawRate));
    console.log(formatRate("checkOcspResponse (delegated responder)", checkRate));
    console.log(
      `  ratio: checkOcspResponse costs ${(rawRate.opsPerSecond / checkRate.opsPerSecond).toFixed(2)}x the raw verifications`,
    );

    const responderPrivate = pki.ocspResponder("eid").key;
    const rawSign = await measure(() =>
      sign("sha256", tbsResponse, { key: responderPrivate, dsaEncoding: "der" }),
    );
    const respondRate = await measure(() => respondToOcspRequest(pki, request));
    console.log(formatRate("raw: 1 ECDSA P-256 signature", rawSign));
    console.log(formatRate("testbed OCSP responder (parse, look up, sign)", respondRate));
    console.log(
      `  ratio: ${(rawSign.opsPerSecond / respondRate.opsPerSecond).toFixed(2)}x the raw signature`,
    );

    const tsq = buildTimeStampRequest({ data: new Uint8Array([1, 2, 3]), certReq: true });
    console.log(
      formatRate("testbed TSA (token with chain)", await measure(() => respondToTimeStampRequest(pki, tsq))),
    );

    // CRL generation from a store with 10,000 revocations (signed by the P-384 eID CA).
    pki.store.update((data) => {
      for (let i = 0; i < 10_000; i++) {
        const serial = (0x100000 + i).toString(16).padStart(8, "0");
        data.revocations.push({
          serial,
          caId: "eid",
          revokedAt: at.toISOString(),
          reason: "keyCompromise",
          recordedAt: at.toISOString(),
        });
      }
    });
    const crlRate = await measure(() => buildCrl(pki, "eid"), 3, 500);
    console.log(formatRate("testbed CRL with 10,000 entries (build + sign)", crlRate));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
