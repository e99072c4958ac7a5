/**
 * XML Encryption of eIDAS assertions (eIDAS Cryptographic Requirements §3.3): both OAEP key
 * transports, AES-128/256-GCM, the EncryptedKey inside KeyInfo or beside the EncryptedData
 * (SAML Core §2.2.4); everything else is one undistinguished "undecryptable".
 */
import { generateKeyPairSync } from "node:crypto";
import { encryptAssertion } from "@tilts/testbed";
import { parseXml } from "@tilts/trust";
import { describe, expect, it } from "vitest";
import { decryptEncryptedElement, XmlDecryptionError } from "./eidas-xmlenc.ts";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PLAIN =
  '<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a">Jaan Tamm</saml2:Assertion>';
const SAML = 'xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion"';

function container(xml: string): Element {
  return parseXml(xml.replace("<saml2:EncryptedAssertion>", `<saml2:EncryptedAssertion ${SAML}>`)).document
    .documentElement!;
}

function refused(element: Element, keys = [privateKey]): boolean {
  try {
    decryptEncryptedElement(element, keys);
    return false;
  } catch (error) {
    return error instanceof XmlDecryptionError && error.code === "eidas-undecryptable";
  }
}

describe("eIDAS XML decryption", () => {
  it.each([
    ["rsa-oaep-sha256", 256],
    ["rsa-oaep-mgf1p", 128],
    ["rsa-oaep-mgf1p-sha256", 128],
  ] as const)("%s with AES-%d-GCM", (transport, bits) => {
    const element = container(encryptAssertion(PLAIN, publicKey, transport, bits));
    expect(decryptEncryptedElement(element, [other.privateKey, privateKey]).toString("utf8")).toBe(PLAIN);
  });

  it("finds the EncryptedKey beside the EncryptedData too", () => {
    const element = container(encryptAssertion(PLAIN, publicKey));
    const key = element.getElementsByTagNameNS("http://www.w3.org/2001/04/xmlenc#", "EncryptedKey")[0]!;
    const keyInfo = key.parentNode!;
    keyInfo.parentNode!.removeChild(keyInfo);
    element.appendChild(key);
    expect(decryptEncryptedElement(element, [privateKey]).toString("utf8")).toBe(PLAIN);
  });

  it("refuses another key, a changed tag, CBC, CipherReference and a missing key", () => {
    const xml = encryptAssertion(PLAIN, publicKey);
    expect(refused(container(xml), [other.privateKey])).toBe(true);
    const element = container(xml);
    const values = element.getElementsByTagNameNS("http://www.w3.org/2001/04/xmlenc#", "CipherValue");
    const data = values[values.length - 1]!;
    const bytes = Buffer.from(data.textContent!, "base64");
    bytes[bytes.length - 1]! ^= 1;
    data.textContent = bytes.toString("base64");
    expect(refused(element)).toBe(true);
    expect(refused(container(xml.replace("xmlenc11#aes256-gcm", "xmlenc#aes256-cbc")))).toBe(true);
    expect(
      refused(
        container(
          xml.replace(
            /<xenc:CipherData><xenc:CipherValue>[^<]*<\/xenc:CipherValue><\/xenc:CipherData><\/xenc:EncryptedData>/,
            '<xenc:CipherData><xenc:CipherReference URI="https://evil.test/x"/></xenc:CipherData></xenc:EncryptedData>',
          ),
        ),
      ),
    ).toBe(true);
    expect(refused(container(xml.replace(/<ds:KeyInfo[\s\S]*<\/ds:KeyInfo>/, "")))).toBe(true);
  });
});
