/**
 * CRL entry extensions (RFC 5280 §5.3): reasonCode, invalidityDate, certificateIssuer.
 *   CRLReason ::= ENUMERATED { unspecified (0), keyCompromise (1), cACompromise (2),
 *     affiliationChanged (3), superseded (4), cessationOfOperation (5), certificateHold (6),
 *     removeFromCRL (8), privilegeWithdrawn (9), aACompromise (10) }
 */
import type { RevocationReason } from "../../revocation/types.ts";
import { parseExtensions } from "../cert/extensions.ts";
import { parseGeneralNames } from "../cert/general-name.ts";
import type { Name } from "../cert/name.ts";
import { decodeSmallInt, decodeTime } from "../der/decode.ts";
import { type DerNode, malformed, TAG } from "../der/reader.ts";
import * as O from "../oids.ts";

export const REASONS: Record<number, RevocationReason> = {
  0: "unspecified",
  1: "keyCompromise",
  2: "cACompromise",
  3: "affiliationChanged",
  4: "superseded",
  5: "cessationOfOperation",
  6: "certificateHold",
  8: "removeFromCRL",
  9: "privilegeWithdrawn",
  10: "aACompromise",
};

/** ReasonFlags bit of a CRLReason (RFC 5280 §4.2.1.13; unspecified counts as any reason). */
export const REASON_BIT: Record<RevocationReason, number> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 7,
  aACompromise: 8,
  removeFromCRL: 0,
};

const KNOWN_ENTRY_EXTENSIONS: ReadonlySet<string> = new Set([
  O.OID_CRL_REASON,
  O.OID_INVALIDITY_DATE,
  O.OID_CERTIFICATE_ISSUER,
  O.OID_HOLD_INSTRUCTION_CODE,
]);

export interface EntryExtensions {
  reason?: RevocationReason;
  invalidityDate?: Date;
  certificateIssuer?: Name;
  unknownCritical?: string;
}

export function parseEntryExtensions(node: DerNode): EntryExtensions {
  const out: EntryExtensions = {};
  for (const ext of parseExtensions(node).values()) {
    if (ext.critical && !KNOWN_ENTRY_EXTENSIONS.has(ext.oid)) out.unknownCritical ??= ext.oid;
    if (ext.oid === O.OID_CRL_REASON) {
      if (ext.value.tag !== TAG.ENUMERATED) malformed("reasonCode: not ENUMERATED");
      const code = decodeSmallInt(ext.value);
      out.reason = REASONS[code];
      if (!out.reason) malformed("reasonCode: unknown value");
    } else if (ext.oid === O.OID_INVALIDITY_DATE) out.invalidityDate = decodeTime(ext.value);
    else if (ext.oid === O.OID_CERTIFICATE_ISSUER) {
      const dn = parseGeneralNames(ext.value).find((g) => g.kind === "directory");
      if (dn?.kind === "directory") out.certificateIssuer = dn.name;
    }
  }
  return out;
}
