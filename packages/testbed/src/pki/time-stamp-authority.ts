/**
 * The testbed's RFC 3161 time-stamp authority: TimeStampReq → TimeStampResp with a token signed by
 * the TSA certificate (EKU timeStamping, critical), policy = the testbed TSA policy, accuracy 1 s,
 * the request's nonce echoed and the certificate chain included when certReq is set (§2.4.1).
 */
import {
  buildTimeStampGranted,
  buildTimeStampRejection,
  buildTimeStampToken,
  MalformedInputError,
  type ParsedTimeStampRequest,
  parseTimeStampRequest,
} from "@tilts/trust";
import { OID_TESTBED_POLICY_TSA } from "./oids.ts";
import { randomSerial, type TestPki } from "./test-pki.ts";

const digestLengths: Record<string, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

export function respondToTimeStampRequest(pki: TestPki, requestDer: Uint8Array): Uint8Array {
  let request: ParsedTimeStampRequest;
  try {
    request = parseTimeStampRequest(requestDer);
  } catch (error) {
    if (error instanceof MalformedInputError)
      return buildTimeStampRejection("badDataFormat", "the request is not a DER TimeStampReq");
    throw error;
  }
  if (!request.hash)
    return buildTimeStampRejection("badAlg", `unsupported hash algorithm ${request.hashAlgorithm}`);
  if (request.hashedMessage.length !== digestLengths[request.hash]) {
    return buildTimeStampRejection(
      "badDataFormat",
      "the message imprint length does not match its algorithm",
    );
  }
  if (request.reqPolicy && request.reqPolicy !== OID_TESTBED_POLICY_TSA) {
    return buildTimeStampRejection("unacceptedPolicy", `policy ${request.reqPolicy} is not offered`);
  }
  if (request.hasExtensions)
    return buildTimeStampRejection("unacceptedExtension", "no request extensions are supported");
  const tsa = pki.tsa();
  const token = buildTimeStampToken({
    policy: OID_TESTBED_POLICY_TSA,
    messageImprint: { hashAlgorithm: request.hashAlgorithm, hashedMessage: request.hashedMessage },
    serialNumber: randomSerial(),
    genTime: pki.now(),
    accuracySeconds: 1,
    nonce: request.nonce,
    signerKey: tsa.key,
    signerCertificate: tsa.certificate,
    certificates: request.certReq ? [tsa.certificate, ...pki.chainFor("org")] : undefined,
    includeTsaName: true,
  });
  return buildTimeStampGranted(token);
}
