/**
 * A fresh CRL per request (RFC 5280 §5): v2, thisUpdate = now − backdate, nextUpdate = now + validity,
 * CRLNumber increasing, AKI, one entry per revocation with its reasonCode (absent for
 * "unspecified", §5.3.1), signed by the issuing CA's own key.
 */
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  CertificateList,
  CRLReason,
  Extension,
  RevokedCertificate,
  TBSCertList,
  Time,
  Version,
} from "@peculiar/asn1-x509";
import { revocationReasonCodes, signData, signingChoiceFor } from "@tilts/trust";
import { positiveInteger, wholeSeconds } from "./certificate-builder.ts";
import { authorityKeyIdentifier, crlNumber, keyIdentifierOf } from "./extensions.ts";
import { OID_CE_CRL_REASON } from "./oids.ts";
import type { CaId } from "./profiles.ts";
import type { TestPki } from "./test-pki.ts";

let lastCrlNumber = 0n;

/**
 * CRL numbers must increase (RFC 5280 §5.2.3) across processes sharing one state directory without
 * a write per CRL: the number is the issue time in milliseconds, bumped when two CRLs share a tick.
 */
function nextCrlNumber(now: Date): bigint {
  const candidate = BigInt(now.getTime());
  lastCrlNumber = candidate > lastCrlNumber ? candidate : lastCrlNumber + 1n;
  return lastCrlNumber;
}

export function buildCrl(pki: TestPki, caId: CaId): Uint8Array {
  const ca = pki.ca(caId);
  const issuedAt = pki.now();
  const thisUpdate = wholeSeconds(new Date(issuedAt.getTime() - pki.backdateMs));
  const signing = signingChoiceFor(ca.key);
  const revoked = pki
    .revocations(caId)
    .filter((r) => new Date(r.revokedAt).getTime() <= issuedAt.getTime() + 1000)
    .map(
      (r) =>
        new RevokedCertificate({
          userCertificate: positiveInteger(
            Buffer.from(r.serial.length % 2 ? `0${r.serial}` : r.serial, "hex"),
          ),
          revocationDate: new Time(new Date(r.revokedAt)),
          crlEntryExtensions:
            r.reason === "unspecified"
              ? undefined
              : [
                  new Extension({
                    extnID: OID_CE_CRL_REASON,
                    critical: false,
                    extnValue: new OctetString(
                      AsnConvert.serialize(new CRLReason(revocationReasonCodes[r.reason])),
                    ),
                  }),
                ],
        }),
    );
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: signing.algorithm,
    issuer: ca.name,
    thisUpdate: new Time(thisUpdate),
    nextUpdate: new Time(wholeSeconds(new Date(issuedAt.getTime() + pki.crlValidityMs))),
    revokedCertificates: revoked.length ? revoked : undefined,
    crlExtensions: [authorityKeyIdentifier(keyIdentifierOf(ca.key)), crlNumber(nextCrlNumber(issuedAt))],
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = signData(ca.key, tbsDer, signing);
  return new Uint8Array(
    AsnConvert.serialize(
      new CertificateList({
        tbsCertList: tbs,
        signatureAlgorithm: signing.algorithm,
        signature: signature.slice().buffer as ArrayBuffer,
      }),
    ),
  );
}
