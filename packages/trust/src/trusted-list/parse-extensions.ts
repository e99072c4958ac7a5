/**
 * tsl:ServiceInformationExtensions (TS 119 612 §5.5.9): the Qualifications extension
 * (§5.5.9.2: QualificationElement = Qualifiers + CriteriaList), AdditionalServiceInformation
 * (§5.5.9.4) and ExpiredCertsRevocationInfo (§5.5.9.1). Other extensions are recorded with
 * their Critical flag so a relying party can refuse a critical one it does not understand.
 *
 *   <tsl:Extension Critical="true"><ecc:Qualifications><ecc:QualificationElement>
 *     <ecc:Qualifiers><ecc:Qualifier uri="…/QCWithSSCD"/></ecc:Qualifiers>
 *     <ecc:CriteriaList assert="atLeastOne"><ecc:KeyUsage>…</ecc:KeyUsage><ecc:PolicySet>…</ecc:PolicySet>
 *       <ecc:otherCriteriaList><tslx:ExtendedKeyUsage>…</tslx:ExtendedKeyUsage></ecc:otherCriteriaList>
 *     </ecc:CriteriaList></ecc:QualificationElement></ecc:Qualifications></tsl:Extension>
 */
import { attributeOf, childElements } from "../xml/dom.ts";
import { TrustedListFormatError } from "./errors.ts";
import { children, parseDateTime, trimmedText } from "./tl-xml.ts";
import type { CriteriaList, QualificationElement, ServiceInformationExtensions } from "./types.ts";
import { ECC_NAMESPACE, TSL_NAMESPACE, TSLX_NAMESPACE, XADES_NAMESPACE } from "./uris.ts";

const MAX_EXTENSIONS = 200;
const MAX_QUALIFICATION_ELEMENTS = 200;
const MAX_CRITERIA_DEPTH = 8;

/** "urn:oid:1.2.3" (Qualifier="OIDAsURN") or "1.2.3" → "1.2.3". */
function oidOf(identifier: Element): string {
  const text = trimmedText(identifier);
  return text.toLowerCase().startsWith("urn:oid:") ? text.slice(8) : text;
}

/** xades:Identifier children of the wrapper elements (PolicyIdentifier, KeyPurposeId, AttributeOID). */
function identifiers(parent: Element, wrapper: string, namespace: string): string[] {
  return childElements(parent, namespace, wrapper).flatMap((w) =>
    childElements(w, XADES_NAMESPACE, "Identifier").map(oidOf),
  );
}

function parseCriteriaList(element: Element, depth: number): CriteriaList {
  if (depth > MAX_CRITERIA_DEPTH)
    throw new TrustedListFormatError("tl-too-large", "CriteriaList nested too deeply");
  const assert = attributeOf(element, "assert") ?? "all";
  if (assert !== "all" && assert !== "atLeastOne" && assert !== "none")
    throw new TrustedListFormatError("tl-bad-value", `CriteriaList assert="${assert.slice(0, 20)}"`);
  const out: CriteriaList = {
    assert,
    keyUsage: [],
    policySets: [],
    criteriaLists: [],
    extendedKeyUsage: [],
    subjectDnAttributes: [],
    unsupported: [],
  };
  for (const c of childElements(element)) {
    if (c.namespaceURI === ECC_NAMESPACE && c.localName === "KeyUsage") {
      out.keyUsage.push(
        childElements(c, ECC_NAMESPACE, "KeyUsageBit").map((b) => {
          const value = trimmedText(b);
          if (value !== "true" && value !== "false")
            throw new TrustedListFormatError("tl-bad-value", "KeyUsageBit is not a boolean");
          return { name: attributeOf(b, "name") ?? "", value: value === "true" };
        }),
      );
    } else if (c.namespaceURI === ECC_NAMESPACE && c.localName === "PolicySet") {
      out.policySets.push(identifiers(c, "PolicyIdentifier", ECC_NAMESPACE));
    } else if (c.namespaceURI === ECC_NAMESPACE && c.localName === "CriteriaList") {
      out.criteriaLists.push(parseCriteriaList(c, depth + 1));
    } else if (c.namespaceURI === ECC_NAMESPACE && c.localName === "otherCriteriaList") {
      for (const o of childElements(c)) {
        if (o.namespaceURI === TSLX_NAMESPACE && o.localName === "ExtendedKeyUsage")
          out.extendedKeyUsage.push(identifiers(o, "KeyPurposeId", TSLX_NAMESPACE));
        else if (o.namespaceURI === TSLX_NAMESPACE && o.localName === "CertSubjectDNAttribute")
          out.subjectDnAttributes.push(identifiers(o, "AttributeOID", TSLX_NAMESPACE));
        else out.unsupported.push(o.localName ?? "");
      }
    } else if (c.namespaceURI === ECC_NAMESPACE && c.localName === "Description") {
      // Free text: no effect on matching.
    } else {
      out.unsupported.push(c.localName ?? "");
    }
  }
  return out;
}

function parseQualifications(element: Element): QualificationElement[] {
  const elements = childElements(element, ECC_NAMESPACE, "QualificationElement");
  if (elements.length > MAX_QUALIFICATION_ELEMENTS)
    throw new TrustedListFormatError("tl-too-large", "too many QualificationElement entries");
  return elements.map((q) => {
    const qualifiersElement = childElements(q, ECC_NAMESPACE, "Qualifiers")[0];
    const criteria = childElements(q, ECC_NAMESPACE, "CriteriaList")[0];
    if (!qualifiersElement || !criteria)
      throw new TrustedListFormatError(
        "tl-missing-element",
        "QualificationElement needs Qualifiers and CriteriaList",
      );
    const qualifiers = childElements(qualifiersElement, ECC_NAMESPACE, "Qualifier").map(
      (x) => attributeOf(x, "uri") ?? "",
    );
    return { qualifiers, criteria: parseCriteriaList(criteria, 0) };
  });
}

export function parseServiceExtensions(element: Element | undefined): ServiceInformationExtensions {
  const out: ServiceInformationExtensions = {
    qualifications: [],
    additionalServiceInformation: [],
    other: [],
  };
  if (!element) return out;
  const extensions = children(element, "Extension");
  if (extensions.length > MAX_EXTENSIONS)
    throw new TrustedListFormatError("tl-too-large", "too many extensions");
  for (const ext of extensions) {
    const critical = attributeOf(ext, "Critical") === "true";
    for (const content of childElements(ext)) {
      const ns = content.namespaceURI;
      const name = content.localName ?? "";
      if (ns === ECC_NAMESPACE && name === "Qualifications") {
        out.qualifications.push(...parseQualifications(content));
      } else if (ns === TSL_NAMESPACE && name === "AdditionalServiceInformation") {
        const uri = children(content, "URI")[0];
        if (uri) out.additionalServiceInformation.push(trimmedText(uri));
      } else if (ns === TSL_NAMESPACE && name === "ExpiredCertsRevocationInfo") {
        out.expiredCertsRevocationInfo = parseDateTime(trimmedText(content), "ExpiredCertsRevocationInfo");
      } else {
        out.other.push({ element: name, critical });
      }
    }
  }
  return out;
}
