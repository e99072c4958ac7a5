/**
 * AUTH-6: the eIDAS AuthnRequest and our SP metadata — structure as the eIDAS SAML Message
 * Format v1.2 asks (required attributes, LoA with Comparison minimum, SPType, ForceAuthn,
 * NameIDPolicy), and signatures that verify over exactly the root with our certificate.
 */
import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureEidasTestbed, type KeyAndCertificate } from "@tilts/testbed";
import { DSIG_NAMESPACE, parseXml, verifyXmlSignature } from "@tilts/trust";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedConnectorMetadata } from "./eidas-metadata.ts";
import { requestIdOf, signedAuthnRequest } from "./eidas-request.ts";
import {
  ATTR_DATE_OF_BIRTH,
  ATTR_FAMILY_NAME,
  ATTR_GIVEN_NAME,
  ATTR_PERSON_IDENTIFIER,
  EIDAS_EXTENSIONS_NS,
  SAML_ASSERTION_NS,
  SAML_METADATA_NS,
  SAML_PROTOCOL_NS,
} from "./eidas-saml.ts";
import type { Level } from "./levels.ts";

let dir: string;
let signing: KeyAndCertificate;
let encryption: KeyAndCertificate;
const now = new Date("2026-11-25T12:00:00.123Z");

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tilts-eidas-request-"));
  const testbed = ensureEidasTestbed({
    stateDir: dir,
    baseUrl: "https://node.test/eidas",
    modulusLength: 2048,
  });
  signing = testbed.connectorSigning;
  encryption = testbed.connectorEncryption;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function request(level: Level) {
  const xml = await signedAuthnRequest(
    {
      id: requestIdOf("nonce-1", "EE", level),
      issuer: "https://tilts.test/signin/eidas/metadata",
      destination: "https://node.test/eidas/EE/sso",
      providerName: "Tilts",
      level,
      spType: "public",
      now,
    },
    signing.key,
    signing.certificate,
  );
  return { xml, parsed: parseXml(xml) };
}

const childrenNamed = (parent: Element, ns: string, local: string) =>
  Array.from(parent.childNodes).filter(
    (n): n is Element =>
      n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local,
  );

describe("eIDAS AuthnRequest (AUTH-6)", () => {
  it("carries ForceAuthn, Destination, Issuer, the signature right after the Issuer, and verifies with our certificate", async () => {
    const { parsed } = await request("substantial");
    const root = parsed.document.documentElement!;
    expect(root.namespaceURI).toBe(SAML_PROTOCOL_NS);
    expect(root.localName).toBe("AuthnRequest");
    expect(root.getAttribute("ForceAuthn")).toBe("true");
    expect(root.getAttribute("IsPassive")).toBe("false");
    expect(root.getAttribute("Version")).toBe("2.0");
    expect(root.getAttribute("Destination")).toBe("https://node.test/eidas/EE/sso");
    expect(root.getAttribute("IssueInstant")).toBe("2026-11-25T12:00:00Z");
    expect(root.getAttribute("ID")).toMatch(/^_[0-9a-f]{64}$/);
    expect(root.hasAttribute("AssertionConsumerServiceURL")).toBe(false);
    const elements = Array.from(root.childNodes).filter((n): n is Element => n.nodeType === 1);
    expect(elements.map((e) => e.localName)).toEqual([
      "Issuer",
      "Signature",
      "Extensions",
      "NameIDPolicy",
      "RequestedAuthnContext",
    ]);
    expect(elements[0]!.textContent).toBe("https://tilts.test/signin/eidas/metadata");
    const key = new X509Certificate(signing.certificate).publicKey;
    const result = await verifyXmlSignature(parsed, { key });
    expect(result.valid).toBe(true);
    expect(result.references[0]!.target).toBe(root);
    // Another key does not verify it.
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    expect((await verifyXmlSignature(parsed, { key: other })).valid).toBe(false);
    expect(childrenNamed(root, DSIG_NAMESPACE, "Signature")).toHaveLength(1);
  });

  it("asks for the minimum data set, the first three required, SPType public and a persistent NameID", async () => {
    const { parsed } = await request("substantial");
    const root = parsed.document.documentElement!;
    const extensions = childrenNamed(root, SAML_PROTOCOL_NS, "Extensions")[0]!;
    expect(childrenNamed(extensions, EIDAS_EXTENSIONS_NS, "SPType")[0]!.textContent).toBe("public");
    const requested = childrenNamed(
      childrenNamed(extensions, EIDAS_EXTENSIONS_NS, "RequestedAttributes")[0]!,
      EIDAS_EXTENSIONS_NS,
      "RequestedAttribute",
    );
    expect(requested.map((a) => [a.getAttribute("Name"), a.getAttribute("isRequired")])).toEqual([
      [ATTR_PERSON_IDENTIFIER, "true"],
      [ATTR_FAMILY_NAME, "true"],
      [ATTR_GIVEN_NAME, "true"],
      [ATTR_DATE_OF_BIRTH, "false"],
    ]);
    for (const a of requested)
      expect(a.getAttribute("NameFormat")).toBe("urn:oasis:names:tc:SAML:2.0:attrname-format:uri");
    const policy = childrenNamed(root, SAML_PROTOCOL_NS, "NameIDPolicy")[0]!;
    expect(policy.getAttribute("AllowCreate")).toBe("true");
    expect(policy.getAttribute("Format")).toBe("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
  });

  it.each([
    ["low", "http://eidas.europa.eu/LoA/low"],
    ["substantial", "http://eidas.europa.eu/LoA/substantial"],
    ["high", "http://eidas.europa.eu/LoA/high"],
  ] as const)("asks for level %s with Comparison minimum", async (level, uri) => {
    const { parsed } = await request(level);
    const context = childrenNamed(
      parsed.document.documentElement!,
      SAML_PROTOCOL_NS,
      "RequestedAuthnContext",
    )[0]!;
    expect(context.getAttribute("Comparison")).toBe("minimum");
    const refs = childrenNamed(context, SAML_ASSERTION_NS, "AuthnContextClassRef");
    expect(refs.map((r) => r.textContent)).toEqual([uri]);
  });

  it("the request ID commits to the nonce, the country and the level", () => {
    const base = requestIdOf("n", "EE", "high");
    expect(requestIdOf("n", "EE", "high")).toBe(base);
    expect(requestIdOf("n", "LT", "high")).not.toBe(base);
    expect(requestIdOf("n", "EE", "low")).not.toBe(base);
    expect(requestIdOf("m", "EE", "high")).not.toBe(base);
  });
});

describe("eIDAS SP metadata", () => {
  it("is signed with our signing key and lists both certificates and the HTTP-POST ACS", async () => {
    const xml = await signedConnectorMetadata(
      {
        entityId: "https://tilts.test/signin/eidas/metadata",
        acsUrl: "https://tilts.test/signin/callback/eidas",
        signingCertificate: signing.certificate,
        encryptionCertificate: encryption.certificate,
        organizationName: "Tilts",
        organizationUrl: "https://tilts.test",
        now,
      },
      signing.key,
    );
    const parsed = parseXml(xml);
    const root = parsed.document.documentElement!;
    expect(root.getAttribute("entityID")).toBe("https://tilts.test/signin/eidas/metadata");
    expect((Array.from(root.childNodes).find((n) => n.nodeType === 1) as Element).localName).toBe(
      "Signature",
    );
    const result = await verifyXmlSignature(parsed, {
      key: new X509Certificate(signing.certificate).publicKey,
    });
    expect(result.valid).toBe(true);
    expect(result.references[0]!.target).toBe(root);
    const uses = Array.from(root.getElementsByTagNameNS(SAML_METADATA_NS, "KeyDescriptor")).map((k) =>
      k.getAttribute("use"),
    );
    expect(uses).toEqual(["signing", "encryption"]);
    const acs = root.getElementsByTagNameNS(SAML_METADATA_NS, "AssertionConsumerService")[0]!;
    expect(acs.getAttribute("Location")).toBe("https://tilts.test/signin/callback/eidas");
    expect(acs.getAttribute("Binding")).toBe("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
    expect(root.getElementsByTagNameNS(EIDAS_EXTENSIONS_NS, "SPType")[0]!.textContent).toBe("public");
  });
});
