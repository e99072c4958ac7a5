/**
 * Our eIDAS-Connector (SP) metadata (SAML Metadata §2.4.4; eIDAS SAML Message Format v1.2 §2.1):
 * entity ID = the metadata URL, SPType, the signing and the encryption certificate, the
 * encryption algorithms we decrypt, the HTTP-POST assertion consumer service. Signed enveloped
 * (the Signature first, as the schema orders it); valid for a day, so nodes refetch it.
 */
import type { KeyObject } from "node:crypto";
import { DSIG_NAMESPACE, declareNamespaces, parseXml } from "@tilts/trust";
import { signSamlElement } from "./eidas-request.ts";
import {
  EIDAS_EXTENSIONS_NS,
  ENC_AES128_GCM,
  ENC_AES256_GCM,
  KT_RSA_OAEP,
  KT_RSA_OAEP_MGF1P,
  SAML_BINDING_HTTP_POST,
  SAML_METADATA_NS,
  SAML_NAMEID_PERSISTENT,
  SAML_NAMEID_TRANSIENT,
  SAML_NAMEID_UNSPECIFIED,
  samlInstant,
} from "./eidas-saml.ts";

const XMLNS = "http://www.w3.org/2000/xmlns/";
export const METADATA_VALIDITY_MS = 24 * 60 * 60 * 1000;

export interface ConnectorMetadataInput {
  entityId: string;
  acsUrl: string;
  signingCertificate: Uint8Array;
  encryptionCertificate: Uint8Array;
  organizationName: string;
  organizationUrl: string;
  now: Date;
}

export function buildConnectorMetadata(input: ConnectorMetadataInput): Document {
  const doc = parseXml(`<md:EntityDescriptor xmlns:md="${SAML_METADATA_NS}"/>`).document;
  const root = doc.documentElement!;
  root.setAttributeNS(XMLNS, "xmlns:ds", DSIG_NAMESPACE);
  root.setAttributeNS(XMLNS, "xmlns:eidas", EIDAS_EXTENSIONS_NS);
  root.setAttribute("ID", `_metadata-${input.now.getTime()}`);
  root.setAttribute("entityID", input.entityId);
  root.setAttribute("validUntil", samlInstant(new Date(input.now.getTime() + METADATA_VALIDITY_MS)));
  const el = (ns: string, qname: string, text?: string) => {
    const e = doc.createElementNS(ns, qname);
    if (text !== undefined) e.appendChild(doc.createTextNode(text));
    return e;
  };
  const extensions = el(SAML_METADATA_NS, "md:Extensions");
  extensions.appendChild(el(EIDAS_EXTENSIONS_NS, "eidas:SPType", "public"));
  root.appendChild(extensions);

  const sp = el(SAML_METADATA_NS, "md:SPSSODescriptor");
  sp.setAttribute("AuthnRequestsSigned", "true");
  sp.setAttribute("WantAssertionsSigned", "true");
  sp.setAttribute("protocolSupportEnumeration", "urn:oasis:names:tc:SAML:2.0:protocol");
  const keyDescriptor = (use: "signing" | "encryption", der: Uint8Array, methods: string[]) => {
    const kd = el(SAML_METADATA_NS, "md:KeyDescriptor");
    kd.setAttribute("use", use);
    const keyInfo = el(DSIG_NAMESPACE, "ds:KeyInfo");
    const data = el(DSIG_NAMESPACE, "ds:X509Data");
    data.appendChild(el(DSIG_NAMESPACE, "ds:X509Certificate", Buffer.from(der).toString("base64")));
    keyInfo.appendChild(data);
    kd.appendChild(keyInfo);
    for (const m of methods) {
      const em = el(SAML_METADATA_NS, "md:EncryptionMethod");
      em.setAttribute("Algorithm", m);
      kd.appendChild(em);
    }
    sp.appendChild(kd);
  };
  keyDescriptor("signing", input.signingCertificate, []);
  keyDescriptor("encryption", input.encryptionCertificate, [
    ENC_AES256_GCM,
    ENC_AES128_GCM,
    KT_RSA_OAEP,
    KT_RSA_OAEP_MGF1P,
  ]);
  for (const format of [SAML_NAMEID_PERSISTENT, SAML_NAMEID_TRANSIENT, SAML_NAMEID_UNSPECIFIED])
    sp.appendChild(el(SAML_METADATA_NS, "md:NameIDFormat", format));
  const acs = el(SAML_METADATA_NS, "md:AssertionConsumerService");
  acs.setAttribute("Binding", SAML_BINDING_HTTP_POST);
  acs.setAttribute("Location", input.acsUrl);
  acs.setAttribute("index", "0");
  acs.setAttribute("isDefault", "true");
  sp.appendChild(acs);
  root.appendChild(sp);

  const org = el(SAML_METADATA_NS, "md:Organization");
  for (const [local, value] of [
    ["OrganizationName", input.organizationName],
    ["OrganizationDisplayName", input.organizationName],
    ["OrganizationURL", input.organizationUrl],
  ] as const) {
    const e = el(SAML_METADATA_NS, `md:${local}`, value);
    e.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:lang", "en");
    org.appendChild(e);
  }
  root.appendChild(org);
  declareNamespaces(root);
  return doc;
}

export async function signedConnectorMetadata(
  input: ConnectorMetadataInput,
  signingKey: KeyObject,
): Promise<string> {
  // SAML Metadata schema: ds:Signature is the first child of EntityDescriptor.
  return signSamlElement(buildConnectorMetadata(input), undefined, signingKey, input.signingCertificate);
}
