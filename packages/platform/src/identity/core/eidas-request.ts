/**
 * The eIDAS AuthnRequest (eIDAS SAML Message Format v1.2 §3.4; SAML Core §3.4.1), signed
 * enveloped with exclusive c14n and RSASSA-PSS (eIDAS Cryptographic Requirements §2.2.4), the
 * Signature placed right after the Issuer as the SAML schema orders it.
 *
 *   <saml2p:AuthnRequest ID Version="2.0" IssueInstant Destination ForceAuthn="true"
 *       IsPassive="false" ProviderName Consent>
 *     <saml2:Issuer Format="…:entity">SP metadata URL</saml2:Issuer>
 *     <ds:Signature/>
 *     <saml2p:Extensions>
 *       <eidas:SPType>public</eidas:SPType>
 *       <eidas:RequestedAttributes><eidas:RequestedAttribute Name NameFormat FriendlyName isRequired/>…
 *     </saml2p:Extensions>
 *     <saml2p:NameIDPolicy Format AllowCreate="true"/>
 *     <saml2p:RequestedAuthnContext Comparison="minimum"><saml2:AuthnContextClassRef>LoA URI…
 *   </saml2p:AuthnRequest>
 *
 * No AssertionConsumerServiceURL: the node takes it from our metadata (§2.1, §3.4).
 */
import { createHash, type KeyObject } from "node:crypto";
import {
  DIGEST_SHA256,
  declareNamespaces,
  EXC_C14N,
  parseXml,
  SIG_RSA_PSS_SHA256_MGF1,
  signXml,
  TRANSFORM_ENVELOPED_SIGNATURE,
} from "@tilts/trust";
import {
  EIDAS_EXTENSIONS_NS,
  eidasUriOfLevel,
  REQUESTED_ATTRIBUTES,
  SAML_ASSERTION_NS,
  SAML_ATTRNAME_URI,
  SAML_CONSENT_UNSPECIFIED,
  SAML_NAMEID_ENTITY,
  SAML_NAMEID_PERSISTENT,
  SAML_PROTOCOL_NS,
  samlInstant,
} from "./eidas-saml.ts";
import type { Level } from "./levels.ts";

const XMLNS = "http://www.w3.org/2000/xmlns/";

export interface AuthnRequestInput {
  /** `_` + 64 hex: see `requestIdOf`. */
  id: string;
  /** Our SP entity ID (the metadata URL). */
  issuer: string;
  /** The node's single sign-on URL (HTTP-POST binding). */
  destination: string;
  providerName: string;
  /** The minimum level (Comparison="minimum"). */
  level: Level;
  spType: "public" | "private";
  now: Date;
}

/**
 * The request ID commits to the attempt's secret nonce, the country and the level we asked for,
 * so the answer's InResponseTo (inside the node's signature) proves both without storing them:
 * RelayState carries them back and a changed country or level no longer matches.
 */
export function requestIdOf(nonce: string, country: string, level: Level): string {
  return `_${createHash("sha256").update(`eidas-request\n${nonce}\n${country}\n${level}`).digest("hex")}`;
}

/** The unsigned request document. */
export function buildAuthnRequest(input: AuthnRequestInput): Document {
  const doc = parseXml(`<saml2p:AuthnRequest xmlns:saml2p="${SAML_PROTOCOL_NS}"/>`).document;
  const root = doc.documentElement!;
  root.setAttributeNS(XMLNS, "xmlns:saml2", SAML_ASSERTION_NS);
  root.setAttributeNS(XMLNS, "xmlns:eidas", EIDAS_EXTENSIONS_NS);
  root.setAttribute("Consent", SAML_CONSENT_UNSPECIFIED);
  root.setAttribute("Destination", input.destination);
  root.setAttribute("ForceAuthn", "true");
  root.setAttribute("ID", input.id);
  root.setAttribute("IsPassive", "false");
  root.setAttribute("IssueInstant", samlInstant(input.now));
  root.setAttribute("ProviderName", input.providerName);
  root.setAttribute("Version", "2.0");

  const el = (ns: string, qname: string, text?: string) => {
    const e = doc.createElementNS(ns, qname);
    if (text !== undefined) e.appendChild(doc.createTextNode(text));
    return e;
  };
  const issuer = el(SAML_ASSERTION_NS, "saml2:Issuer", input.issuer);
  issuer.setAttribute("Format", SAML_NAMEID_ENTITY);
  root.appendChild(issuer);

  const extensions = el(SAML_PROTOCOL_NS, "saml2p:Extensions");
  extensions.appendChild(el(EIDAS_EXTENSIONS_NS, "eidas:SPType", input.spType));
  const requested = el(EIDAS_EXTENSIONS_NS, "eidas:RequestedAttributes");
  for (const attribute of REQUESTED_ATTRIBUTES) {
    const a = el(EIDAS_EXTENSIONS_NS, "eidas:RequestedAttribute");
    a.setAttribute("FriendlyName", attribute.friendlyName);
    a.setAttribute("Name", attribute.name);
    a.setAttribute("NameFormat", SAML_ATTRNAME_URI);
    a.setAttribute("isRequired", String(attribute.required));
    requested.appendChild(a);
  }
  extensions.appendChild(requested);
  root.appendChild(extensions);

  const policy = el(SAML_PROTOCOL_NS, "saml2p:NameIDPolicy");
  policy.setAttribute("AllowCreate", "true");
  policy.setAttribute("Format", SAML_NAMEID_PERSISTENT);
  root.appendChild(policy);

  const context = el(SAML_PROTOCOL_NS, "saml2p:RequestedAuthnContext");
  context.setAttribute("Comparison", "minimum");
  context.appendChild(el(SAML_ASSERTION_NS, "saml2:AuthnContextClassRef", eidasUriOfLevel(input.level)));
  root.appendChild(context);
  declareNamespaces(root);
  return doc;
}

/** Signs `doc`'s root (enveloped, `#ID`), placing the Signature after `afterElement`. */
export async function signSamlElement(
  doc: Document,
  afterElement: Element | undefined,
  key: KeyObject,
  certificate: Uint8Array,
): Promise<string> {
  const root = doc.documentElement!;
  const signed = await signXml({
    document: doc,
    placement: { parent: root, before: afterElement ? afterElement.nextSibling : root.firstChild },
    references: [
      {
        uri: `#${root.getAttribute("ID")}`,
        digestAlgorithm: DIGEST_SHA256,
        transforms: [{ algorithm: TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: EXC_C14N }],
      },
    ],
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: SIG_RSA_PSS_SHA256_MGF1,
    key,
    certificates: [certificate],
  });
  return signed.xml;
}

export async function signedAuthnRequest(
  input: AuthnRequestInput,
  key: KeyObject,
  certificate: Uint8Array,
): Promise<string> {
  const doc = buildAuthnRequest(input);
  const issuer = doc.documentElement!.getElementsByTagNameNS(SAML_ASSERTION_NS, "Issuer")[0];
  return signSamlElement(doc, issuer, key, certificate);
}
