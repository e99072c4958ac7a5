/**
 * The testbed's RFC 6960 OCSP responder. Each CA has a delegated responder certificate
 * (EKU id-kp-OCSPSigning, id-pkix-ocsp-nocheck); the answer is computed from the store on every
 * request, so a revocation shows at once (SIG-4). Serials the CA never issued are "unknown".
 */

import { createHash } from "node:crypto";
import type { CertID } from "@peculiar/asn1-ocsp";
import {
  buildOcspErrorResponse,
  buildOcspResponse,
  MalformedInputError,
  type OcspAnswer,
  type OcspSingleAnswer,
  parseOcspRequest,
} from "@tilts/trust";
import { type CaId, caIds } from "./profiles.ts";
import { normaliseSerialHex } from "./state-store.ts";
import type { TestPki } from "./test-pki.ts";

const hashNames: Record<string, string> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

function caOf(pki: TestPki, certId: CertID): CaId | undefined {
  const hash = hashNames[certId.hashAlgorithm.algorithm];
  if (!hash) return undefined;
  const nameHash = Buffer.from(certId.issuerNameHash.buffer);
  const keyHash = Buffer.from(certId.issuerKeyHash.buffer);
  return caIds.find((id) => {
    const ca = pki.ca(id).fields;
    return (
      createHash(hash).update(ca.subjectName).digest().equals(nameHash) &&
      createHash(hash).update(ca.subjectPublicKey).digest().equals(keyHash)
    );
  });
}

function serialHex(certId: CertID): string {
  return normaliseSerialHex(Buffer.from(certId.serialNumber).toString("hex"));
}

/** Answers a DER OCSPRequest with a DER OCSPResponse (never throws on bad input). */
export function respondToOcspRequest(pki: TestPki, requestDer: Uint8Array): Uint8Array {
  let request: ReturnType<typeof parseOcspRequest>;
  try {
    request = parseOcspRequest(requestDer);
  } catch (error) {
    if (error instanceof MalformedInputError) return buildOcspErrorResponse("malformedRequest");
    throw error;
  }
  const cas = request.certIds.map((id) => caOf(pki, id));
  const signingCa = cas.find((c) => c !== undefined);
  // RFC 6960 §2.3: "unauthorized" when the responder is not authoritative for any CertID asked.
  if (!signingCa) return buildOcspErrorResponse("unauthorized");
  const now = pki.now();
  const thisUpdate = new Date(now.getTime() - pki.backdateMs);
  const nextUpdate = new Date(now.getTime() + pki.ocspValidityMs);
  const issued = pki.issued();
  const revocations = pki.revocations();
  const responses: OcspSingleAnswer[] = request.certIds.map((certId, i) => {
    let answer: OcspAnswer = { status: "unknown" };
    if (cas[i] === signingCa) {
      const serial = serialHex(certId);
      const revoked = revocations.find((r) => r.caId === signingCa && r.serial === serial);
      if (revoked && new Date(revoked.revokedAt).getTime() <= now.getTime() + 1000) {
        answer = { status: "revoked", revocationTime: new Date(revoked.revokedAt), reason: revoked.reason };
      } else if (issued.some((r) => r.caId === signingCa && r.serial === serial)) {
        answer = { status: "good" };
      }
    }
    return { certId, answer, thisUpdate, nextUpdate };
  });
  const responder = pki.ocspResponder(signingCa);
  return buildOcspResponse({
    responses,
    signerKey: responder.key,
    signerCertificate: responder.certificate,
    producedAt: now,
    nonce: request.nonce,
    certs: [responder.certificate],
  });
}
