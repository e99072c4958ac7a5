/**
 * A fresh CRL per request (RFC 5280 §5): v2, thisUpdate = now − backdate, nextUpdate = now +
 * validity, CRLNumber increasing, AKI, one entry per revocation with its reasonCode (absent for
 * "unspecified", §5.3.1), signed by the issuing CA's own key. The entries are DER-encoded
 * directly (a schema library needs seconds for 10,000 of them; this needs milliseconds).
 *
 *   TBSCertList ::= SEQUENCE { version INTEGER (v2 = 1), signature AlgorithmIdentifier, issuer Name,
 *     thisUpdate Time, nextUpdate Time, revokedCertificates SEQUENCE OF SEQUENCE {
 *       userCertificate INTEGER, revocationDate Time, crlEntryExtensions Extensions OPTIONAL } OPTIONAL,
 *     crlExtensions [0] EXPLICIT Extensions OPTIONAL }
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { revocationReasonCodes, signData, signingChoiceFor } from "@tilts/trust";
import { wholeSeconds } from "./certificate-builder.ts";
import { concat, integer, octetString, oid, sequence, tlv } from "./der-encode.ts";
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

/** RFC 5280 §5.1.2.4: UTCTime through 2049, GeneralizedTime from 2050. */
export function encodeTime(date: Date): Uint8Array {
  const iso = wholeSeconds(date).toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const utc = date.getUTCFullYear() < 2050;
  return tlv(utc ? 0x17 : 0x18, new Uint8Array(Buffer.from(utc ? digits.slice(2) : digits, "latin1")));
}

/** The reasonCode entry extension: SEQUENCE { extnID, extnValue OCTET STRING (ENUMERATED) }. */
const reasonExtensions = new Map(
  Object.entries(revocationReasonCodes).map(([name, code]) => [
    name,
    sequence(sequence(oid(OID_CE_CRL_REASON), octetString(tlv(0x0a, new Uint8Array([code]))))),
  ]),
);

export function buildCrl(pki: TestPki, caId: CaId): Uint8Array {
  const ca = pki.ca(caId);
  const issuedAt = pki.now();
  const thisUpdate = new Date(issuedAt.getTime() - pki.backdateMs);
  const signing = signingChoiceFor(ca.key);
  const algorithm = new Uint8Array(AsnConvert.serialize(signing.algorithm));
  const entries = pki
    .revocations(caId)
    .filter((r) => new Date(r.revokedAt).getTime() <= issuedAt.getTime() + 1000)
    .map((r) =>
      sequence(
        integer(BigInt(`0x${r.serial}`)),
        encodeTime(new Date(r.revokedAt)),
        ...(r.reason === "unspecified" ? [] : [reasonExtensions.get(r.reason)!]),
      ),
    );
  const extensions = [
    authorityKeyIdentifier(keyIdentifierOf(ca.key)),
    crlNumber(nextCrlNumber(issuedAt)),
  ].map((e) => new Uint8Array(AsnConvert.serialize(e)));
  const tbs = sequence(
    integer(1n),
    algorithm,
    ca.fields.subjectName,
    encodeTime(thisUpdate),
    encodeTime(new Date(issuedAt.getTime() + pki.crlValidityMs)),
    ...(entries.length ? [tlv(0x30, concat(...entries))] : []),
    tlv(0xa0, sequence(...extensions)),
  );
  const signature = signData(ca.key, tbs, signing);
  return sequence(tbs, algorithm, tlv(0x03, concat(new Uint8Array([0]), signature)));
}
