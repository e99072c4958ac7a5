/**
 * CRL parsing (RFC 5280 §5), built for very large lists: the revokedCertificates sequence is
 * walked with the raw DER reader, and only each entry's serial number is extracted at load
 * time (plus the rare entry extensions that change meaning: certificateIssuer and unknown
 * critical ones). Everything else about an entry is decoded on lookup. Lookups are O(1).
 *
 *   CertificateList ::= SEQUENCE { tbsCertList TBSCertList, signatureAlgorithm AlgorithmIdentifier,
 *                                  signatureValue BIT STRING }
 *   TBSCertList ::= SEQUENCE { version Version OPTIONAL, signature AlgorithmIdentifier, issuer Name,
 *     thisUpdate Time, nextUpdate Time OPTIONAL,
 *     revokedCertificates SEQUENCE OF SEQUENCE { userCertificate CertificateSerialNumber,
 *       revocationDate Time, crlEntryExtensions Extensions OPTIONAL } OPTIONAL,
 *     crlExtensions [0] EXPLICIT Extensions OPTIONAL }
 */
import { createHash, type KeyObject } from "node:crypto";
import { MalformedInputError } from "../../errors.ts";
import type { RevocationReason } from "../../revocation/types.ts";
import { type AlgorithmIdentifier, parseAlgorithmIdentifier } from "../cert/certificate.ts";
import { type DistributionPoint, parseDistributionPoints } from "../cert/distribution-point.ts";
import { parseAuthorityKeyIdentifier, parseExtensions } from "../cert/extensions.ts";
import { type Name, nameToString, parseName } from "../cert/name.ts";
import { verifySignature } from "../crypto-verify.ts";
import { decodeBigInt, decodeBitString, decodeSmallInt, decodeTime } from "../der/decode.ts";
import {
  children,
  type DerNode,
  encoded,
  expectTag,
  inner,
  malformed,
  readNode,
  readRoot,
  TAG,
} from "../der/reader.ts";
import * as O from "../oids.ts";
import { parseEntryExtensions } from "./entry-extensions.ts";
import {
  type IssuingDistributionPoint,
  parseIssuingDistributionPoint,
} from "./issuing-distribution-point.ts";
import { onlyLookupExtensions } from "./scan-entry-extensions.ts";
import { OWN_ISSUER, SerialIndex } from "./serial-index.ts";

export interface CrlEntry {
  serial: string;
  revocationTime: Date;
  reason?: RevocationReason;
  invalidityDate?: Date;
}

export interface ParsedCrl {
  der: Uint8Array;
  /** Process-unique identity of this parse (memo keys; cheaper than hashing a large CRL). */
  id: string;
  /** SHA-256 of the DER, hex (computed on first use). */
  readonly fingerprint: string;
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
  issuer: Name;
  issuerString: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: bigint;
  /** The cRLNumber extension is marked critical (RFC 5280 §5.2.3: MUST NOT; strict profile). */
  crlNumberCritical?: boolean;
  /** BaseCRLNumber of a delta CRL (RFC 5280 §5.2.4). */
  deltaBase?: bigint;
  isDelta: boolean;
  authorityKeyId?: string;
  issuingDistributionPoint?: IssuingDistributionPoint;
  freshestCrl?: DistributionPoint[];
  /** An unrecognised critical CRL or entry extension: the CRL must not be used (RFC 5280 §5.2, §5.3). */
  unknownCriticalExtension?: string;
  size: number;
  /** The entry for a serial; `certificateIssuer` for certificates of another issuer on an indirect CRL. */
  find(serialHex: string, certificateIssuer?: Name): CrlEntry | undefined;
  verifySignature(issuerPublicKey: KeyObject, allowSha1?: boolean): boolean;
}

const KNOWN_CRL_EXTENSIONS: ReadonlySet<string> = new Set([
  O.OID_AUTHORITY_KEY_IDENTIFIER,
  O.OID_ISSUER_ALT_NAME,
  O.OID_CRL_NUMBER,
  O.OID_DELTA_CRL_INDICATOR,
  O.OID_ISSUING_DISTRIBUTION_POINT,
  O.OID_FRESHEST_CRL,
  O.OID_AUTHORITY_INFO_ACCESS,
  O.OID_EXPIRED_CERTS_ON_CRL,
]);

/** Largest CRL accepted: far above Latvia's eID CRL, enough for tens of millions of entries. */
export const MAX_CRL_BYTES = 512 * 1024 * 1024;

export function parseCrl(der: Uint8Array): ParsedCrl {
  try {
    // A private copy: entries are decoded from these bytes on lookup, long after the call.
    return decodeCrl(new Uint8Array(der));
  } catch (error) {
    if (error instanceof MalformedInputError) throw error;
    throw new MalformedInputError(`CRL: ${(error as Error).message}`, { cause: error });
  }
}

let parses = 0;

function decodeCrl(der: Uint8Array): ParsedCrl {
  let fingerprint: string | undefined;
  if (der.length > MAX_CRL_BYTES) malformed("CRL larger than the limit");
  const root = expectTag(readRoot(der), TAG.SEQUENCE, "CertificateList");
  const [tbsNode, algNode, sigNode, extra] = children(root, 4);
  if (!tbsNode || !algNode || !sigNode || extra) malformed("CertificateList: expected three fields");
  expectTag(tbsNode, TAG.SEQUENCE, "TBSCertList");
  const fields = children(tbsNode, 8);
  let i = 0;
  if (fields[0]?.tag === TAG.INTEGER) {
    if (decodeSmallInt(fields[0]) !== 1) malformed("CRL: unknown version");
    i = 1;
  }
  const tbsAlg = parseAlgorithmIdentifier(fields[i++]!);
  const issuer = parseName(expectTag(fields[i++], TAG.SEQUENCE, "issuer"));
  const thisUpdate = decodeTime(fields[i++] ?? malformed("CRL: thisUpdate missing"));
  let nextUpdate: Date | undefined;
  if (fields[i] && (fields[i]!.tag === TAG.UTC_TIME || fields[i]!.tag === TAG.GENERALIZED_TIME)) {
    nextUpdate = decodeTime(fields[i++]!);
  }
  let revoked: DerNode | undefined;
  if (fields[i]?.tag === TAG.SEQUENCE) revoked = fields[i++];
  let extNode: DerNode | undefined;
  if (fields[i]?.tag === 0xa0) extNode = inner(fields[i++]!);
  if (i !== fields.length) malformed("TBSCertList: unexpected field");

  const signatureAlgorithm = parseAlgorithmIdentifier(algNode);
  if (Buffer.compare(signatureAlgorithm.der, tbsAlg.der) !== 0) malformed("CRL: signature algorithms differ");
  const signature = decodeBitString(expectTag(sigNode, TAG.BIT_STRING, "signatureValue")).bytes;

  const crl: ParsedCrl = {
    der,
    id: `crl-${++parses}`,
    get fingerprint(): string {
      fingerprint ??= createHash("sha256").update(der).digest("hex");
      return fingerprint;
    },
    tbs: encoded(tbsNode),
    signatureAlgorithm,
    signature,
    issuer,
    issuerString: nameToString(issuer),
    thisUpdate,
    nextUpdate,
    isDelta: false,
    size: 0,
    find: () => undefined,
    verifySignature(key: KeyObject, allowSha1 = true): boolean {
      return verifySignature(signatureAlgorithm, crl.tbs, signature, key, allowSha1) === "ok";
    },
  };

  if (extNode) {
    const exts = parseExtensions(extNode);
    for (const ext of exts.values()) {
      if (ext.critical && !KNOWN_CRL_EXTENSIONS.has(ext.oid)) crl.unknownCriticalExtension ??= ext.oid;
    }
    const ext = (oid: string, decode: (node: DerNode) => void) => {
      const node = exts.get(oid)?.value;
      if (node) decode(node);
    };
    ext(O.OID_CRL_NUMBER, (v) => (crl.crlNumber = decodeBigInt(v)));
    if (exts.get(O.OID_CRL_NUMBER)?.critical) crl.crlNumberCritical = true;
    ext(O.OID_DELTA_CRL_INDICATOR, (v) => {
      crl.deltaBase = decodeBigInt(v);
      crl.isDelta = true;
    });
    ext(O.OID_AUTHORITY_KEY_IDENTIFIER, (v) => (crl.authorityKeyId = parseAuthorityKeyIdentifier(v).keyId));
    ext(
      O.OID_ISSUING_DISTRIBUTION_POINT,
      (v) => (crl.issuingDistributionPoint = parseIssuingDistributionPoint(v)),
    );
    ext(O.OID_FRESHEST_CRL, (v) => (crl.freshestCrl = parseDistributionPoints(v)));
  }

  if (revoked) indexEntries(crl, revoked);
  return crl;
}

/** Smallest possible entry: SEQUENCE header, a 1-octet INTEGER and a UTCTime. */
const MIN_ENTRY_BYTES = 2 + 3 + 15;

/**
 * Walks revokedCertificates once into a SerialIndex. Entries after a certificateIssuer
 * extension (indirect CRLs, RFC 5280 §5.3.3) belong to that issuer until the next one.
 */
function indexEntries(crl: ParsedCrl, list: DerNode): void {
  const data = list.data;
  const end = list.end;
  const index = new SerialIndex(data, Math.floor((end - list.contentStart) / MIN_ENTRY_BYTES) + 1);
  const issuerNumbers = new Map<string, number>([[crl.issuer.key, OWN_ISSUER]]);
  let currentIssuer = OWN_ISSUER;
  let pos = list.contentStart;
  while (pos < end) {
    // Hot loop (millions of entries): short-form headers are read inline, the general reader
    // handles everything else (and every error).
    const start = pos;
    let entryEnd: number;
    let serialStart: number;
    if (data[pos] === TAG.SEQUENCE && data[pos + 1]! < 0x80) {
      entryEnd = pos + 2 + data[pos + 1]!;
      serialStart = pos + 2;
      if (entryEnd > end) malformed("CRL entry: length exceeds the list");
    } else {
      const entry = readNode(data, pos, end);
      if (entry.tag !== TAG.SEQUENCE) malformed("CRL entry: expected a SEQUENCE");
      entryEnd = entry.end;
      serialStart = entry.contentStart;
    }
    // userCertificate INTEGER and revocationDate, short form (always, in practice).
    let serialContent: number;
    let serialEnd: number;
    if (data[serialStart] === TAG.INTEGER && data[serialStart + 1]! < 0x80) {
      serialContent = serialStart + 2;
      serialEnd = serialContent + data[serialStart + 1]!;
    } else {
      const serial = readNode(data, serialStart, entryEnd);
      if (serial.tag !== TAG.INTEGER) malformed("CRL entry: bad serial");
      serialContent = serial.contentStart;
      serialEnd = serial.end;
    }
    if (serialEnd === serialContent || serialEnd + 2 > entryEnd) malformed("CRL entry: bad serial");
    const timeTag = data[serialEnd];
    if (timeTag !== TAG.UTC_TIME && timeTag !== TAG.GENERALIZED_TIME)
      malformed("CRL entry: bad revocationDate");
    const timeLength = data[serialEnd + 1]!;
    if (timeLength >= 0x80) malformed("CRL entry: bad revocationDate length");
    const timeEnd = serialEnd + 2 + timeLength;
    if (timeEnd > entryEnd) malformed("CRL entry: revocationDate exceeds the entry");
    if (timeEnd < entryEnd && !onlyLookupExtensions(data, timeEnd, entryEnd)) {
      const extsNode = readNode(data, timeEnd, entryEnd);
      if (extsNode.end !== entryEnd) malformed("CRL entry: trailing data");
      const ext = parseEntryExtensions(extsNode);
      if (ext.unknownCritical) crl.unknownCriticalExtension ??= ext.unknownCritical;
      if (ext.certificateIssuer) {
        let n = issuerNumbers.get(ext.certificateIssuer.key);
        if (n === undefined) {
          n = issuerNumbers.size;
          if (n > 0xffff) malformed("CRL: too many certificate issuers");
          issuerNumbers.set(ext.certificateIssuer.key, n);
        }
        currentIssuer = n;
      }
    }
    index.add(start, serialContent, serialEnd - serialContent, currentIssuer);
    pos = entryEnd;
  }
  crl.size = index.seal();
  crl.find = (serialHex: string, certificateIssuer?: Name): CrlEntry | undefined => {
    const issuer = certificateIssuer ? issuerNumbers.get(certificateIssuer.key) : OWN_ISSUER;
    if (issuer === undefined || !/^([0-9a-f]{2})+$/i.test(serialHex)) return undefined;
    const at = index.find(Buffer.from(serialHex, "hex"), issuer);
    return at === undefined ? undefined : decodeEntry(data, at, end, serialHex.toLowerCase());
  };
}

function decodeEntry(data: Uint8Array, at: number, limit: number, serial: string): CrlEntry {
  const entry = readNode(data, at, limit);
  const [, time, exts] = children(entry, 3);
  const out: CrlEntry = { serial, revocationTime: decodeTime(time!) };
  if (exts) {
    const e = parseEntryExtensions(exts);
    out.reason = e.reason;
    out.invalidityDate = e.invalidityDate;
  }
  return out;
}
