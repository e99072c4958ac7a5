/**
 * issuingDistributionPoint (RFC 5280 §5.2.5):
 *   IssuingDistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL,
 *     onlyContainsUserCerts [1] BOOLEAN DEFAULT FALSE, onlyContainsCACerts [2] BOOLEAN DEFAULT FALSE,
 *     onlySomeReasons [3] ReasonFlags OPTIONAL, indirectCRL [4] BOOLEAN DEFAULT FALSE,
 *     onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
 */
import { type DistributionPointName, parseDistributionPointName } from "../cert/distribution-point.ts";
import { decodeBoolean, decodeNamedBits, hexOf } from "../der/decode.ts";
import { children, type DerNode, encoded, expectTag, malformed, TAG } from "../der/reader.ts";

export interface IssuingDistributionPoint {
  distributionPoint?: DistributionPointName;
  onlyContainsUserCerts: boolean;
  onlyContainsCACerts: boolean;
  onlySomeReasons?: Set<number>;
  indirectCrl: boolean;
  onlyContainsAttributeCerts: boolean;
  /** The DER, hex: a delta CRL's IDP must equal its base's (RFC 5280 §5.2.4). */
  key: string;
}

export function parseIssuingDistributionPoint(node: DerNode): IssuingDistributionPoint {
  const idp: IssuingDistributionPoint = {
    onlyContainsUserCerts: false,
    onlyContainsCACerts: false,
    indirectCrl: false,
    onlyContainsAttributeCerts: false,
    key: hexOf(encoded(node)),
  };
  const bool = (f: DerNode) => decodeBoolean({ ...f, tag: TAG.BOOLEAN });
  for (const f of children(expectTag(node, TAG.SEQUENCE, "IssuingDistributionPoint"), 6)) {
    switch (f.tag) {
      case 0xa0:
        idp.distributionPoint = parseDistributionPointName(f);
        break;
      case 0x81:
        idp.onlyContainsUserCerts = bool(f);
        break;
      case 0x82:
        idp.onlyContainsCACerts = bool(f);
        break;
      case 0x83:
        idp.onlySomeReasons = decodeNamedBits({ ...f, tag: TAG.BIT_STRING });
        break;
      case 0x84:
        idp.indirectCrl = bool(f);
        break;
      case 0x85:
        idp.onlyContainsAttributeCerts = bool(f);
        break;
      default:
        malformed("IssuingDistributionPoint: unknown field");
    }
  }
  return idp;
}
