/**
 * Our eb:Messaging headers validate against the OASIS ebMS 3.0 header schema (with the
 * Property/@type correction OOTS uses, DIGEST §1.8), read in place from ../shared with
 * libxml2-wasm. The schema imports the SOAP 1.1/1.2 envelope schemas by http URL, which are
 * not available offline: libxml2 skips them with a warning, which is harmless because we
 * validate the eb:Messaging element on its own (its SOAP attributes are `##other`); the
 * xml.xsd it also imports is served from the local copy by an input provider.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { declareNamespaces, serializeXml } from "@tilts/trust";
import { DOMImplementation } from "@xmldom/xmldom";
import { XmlDocument, XsdValidator, xmlRegisterInputProvider } from "libxml2-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { EBMS_NS } from "../namespaces.ts";
import { openMessage } from "../open-message.ts";
import { packageSignal, packageUserMessage } from "../package-message.ts";
import { buildReceipt } from "../reliability/receipt.ts";
import { AT, ootsRequestHeader, testAccessPoints } from "../testing/test-access-points.ts";
import { buildEnvelope } from "./build-envelope.ts";
import { parseEnvelope } from "./parse-envelope.ts";

const XSD_DIR = fileURLToPath(new URL("../../../../../shared/specs/oots/xsd", import.meta.url));
const LOCAL: Record<string, string> = { "http://www.w3.org/2001/03/xml.xsd": `${XSD_DIR}/xml/xml.xsd` };
xmlRegisterInputProvider({
  match: (name) => name in LOCAL,
  open: (name) => openSync(LOCAL[name]!, "r"),
  read: (fd, buf) => readSync(fd, buf),
  close: (fd) => {
    closeSync(fd);
    return true;
  },
});
const schemaPath = `${XSD_DIR}/ebms-header-3_0-200704.xsd`;
const schemaDoc = XmlDocument.fromBuffer(readFileSync(schemaPath), { url: schemaPath });
const validator = XsdValidator.fromDoc(schemaDoc);
afterAll(() => {
  validator.dispose();
  schemaDoc.dispose();
});

/** The eb:Messaging element as a document of its own, with its in-scope namespaces declared. */
function standalone(messaging: Element): string {
  const doc = new DOMImplementation().createDocument(null, "", null) as unknown as Document;
  const copy = doc.importNode(messaging, true) as Element;
  doc.appendChild(copy);
  declareNamespaces(copy);
  return serializeXml(doc);
}

function validateMessaging(envelopeXml: string): string | undefined {
  const doc = XmlDocument.fromString(standalone(parseEnvelope(envelopeXml).messaging));
  try {
    validator.validate(doc);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    doc.dispose();
  }
}

const aps = testAccessPoints();

describe("ebMS 3.0 header schema", () => {
  it("a signed and encrypted OOTS user message with two payloads", async () => {
    const sent = await packageUserMessage({
      message: {
        ...ootsRequestHeader(),
        agreementRef: { value: "urn:agreement", type: "urn:t", pmode: "p1" },
        refToMessageId: "r@x",
      },
      payloads: [
        { contentId: "a@x", mimeType: "application/x-ebrs+xml", bytes: new Uint8Array([60, 97, 47, 62]) },
        {
          contentId: "b@x",
          mimeType: "application/pdf",
          bytes: new Uint8Array([1, 2, 3]),
          properties: [{ name: "CharacterSet", value: "UTF-8" }],
        },
      ],
      compress: true,
      signing: {
        privateKey: aps.sender.key.privateKey,
        certificate: aps.sender.certificate,
        algorithm: "rsa-sha256",
      },
      encryptFor: aps.receiver.certificate,
    });
    expect(validateMessaging(sent.envelopeXml)).toBeUndefined();
  });

  it("a non-repudiation receipt and an error signal", async () => {
    const sent = await packageUserMessage({
      message: ootsRequestHeader(),
      payloads: [
        { contentId: "a@x", mimeType: "application/x-ebrs+xml", bytes: new Uint8Array([60, 97, 47, 62]) },
      ],
      compress: false,
      signing: {
        privateKey: aps.sender.key.privateKey,
        certificate: aps.sender.certificate,
        algorithm: "rsa-sha256",
      },
    });
    const received = await openMessage(sent.mime, {
      policyFor: () => ({ signature: { required: true }, encryptionRequired: false }),
      trust: aps.trust,
      at: AT,
    });
    const receipt = await packageSignal(buildReceipt({ received, messageId: "rcpt@x", timestamp: AT }));
    expect(validateMessaging(receipt.envelopeXml)).toBeUndefined();
    const error = buildEnvelope({
      kind: "error",
      messageId: "err@x",
      timestamp: AT,
      refToMessageId: "m@x",
      errors: [
        {
          errorCode: "EBMS:0101",
          severity: "failure",
          category: "Processing",
          shortDescription: "FailedAuthentication",
          origin: "ebMS",
          refToMessageInError: "m@x",
          description: "signature does not verify",
          detail: "xmldsig-digest-mismatch",
        },
      ],
    });
    expect(validateMessaging(serializeXml(error))).toBeUndefined();
  });

  it("the validator can fail: a UserMessage without PartyInfo is refused", async () => {
    const doc = buildEnvelope({ kind: "user", ...ootsRequestHeader(), parts: [] });
    const um = doc.getElementsByTagNameNS(EBMS_NS, "PartyInfo")[0]!;
    um.parentNode!.removeChild(um);
    const messaging = doc.getElementsByTagNameNS(EBMS_NS, "Messaging")[0]!;
    const xml = XmlDocument.fromString(standalone(messaging));
    expect(() => validator.validate(xml)).toThrow(/PartyInfo|CollaborationInfo/);
    xml.dispose();
  });
});
