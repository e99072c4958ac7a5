/**
 * Issue #5 security item 5 for eIDAS (AUTH-6): the node's Response is accepted only when signed by
 * the chosen node over exactly the Response, addressed to us, answering our request, in time (with
 * the configured skew), decryptable by us, with a signed assertion at or above the level asked.
 * Each refusal has its own case, built by the testbed's node (the same code the stand-in runs).
 */
import { createHash, createPublicKey, constants as cryptoConstants, sign } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildEidasResponse,
  EIDAS_STATUS_AUTHN_FAILED,
  EIDAS_STATUS_RESPONDER,
  type EidasResponseSpec,
  type EidasTestbed,
  ensureEidasTestbed,
} from "@tilts/testbed";
import {
  canonicalize,
  DIGEST_SHA1,
  DIGEST_SHA256,
  DSIG_NAMESPACE,
  EXC_C14N,
  parseXml,
  SIG_RSA_PSS_SHA256_MGF1,
  serializeXml,
  signXml,
  TRANSFORM_ENVELOPED_SIGNATURE,
  TRANSFORM_XPATH_FILTER2,
} from "@tilts/trust";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestIdOf } from "./eidas-request.ts";
import {
  type EidasExpectations,
  type EidasRefusalCode,
  EidasResponseError,
  parsePersonIdentifier,
  validateEidasResponse,
} from "./eidas-response.ts";
import { mgf1, oaepDecode } from "./eidas-xmlenc.ts";

const ACS = "https://tilts.test/signin/callback/eidas";
const SP = "https://tilts.test/signin/eidas/metadata";
const NODE = "https://node.test/eidas/EE/metadata";
const NOW = new Date("2026-11-25T12:00:00Z");
const REQUEST_ID = requestIdOf("secret-nonce", "EE", "substantial");
const PERSON = {
  personIdentifier: "EE/LV/38001085718",
  givenName: "Jaan",
  familyName: "Tamm",
  dateOfBirth: "1980-01-08",
};

let dir: string;
let testbed: EidasTestbed;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tilts-eidas-response-"));
  testbed = ensureEidasTestbed({ stateDir: dir, baseUrl: "https://node.test/eidas", modulusLength: 2048 });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function spec(overrides: Partial<EidasResponseSpec> = {}): EidasResponseSpec {
  const ee = testbed.nodes.get("EE")!;
  return {
    issuer: NODE,
    destination: ACS,
    inResponseTo: REQUEST_ID,
    audience: SP,
    person: PERSON,
    level: "http://eidas.europa.eu/LoA/substantial",
    now: NOW,
    signingKey: ee.key,
    signingCertificate: ee.certificate,
    encryptionKey: createPublicKey(testbed.connectorEncryption.key),
    ...overrides,
  };
}

function expectations(overrides: Partial<EidasExpectations> = {}): EidasExpectations {
  return {
    requestId: REQUEST_ID,
    acsUrl: ACS,
    spEntityId: SP,
    node: { country: "EE", certificates: [testbed.nodes.get("EE")!.certificate], entityId: NODE },
    requestedLevel: "substantial",
    ourCountry: "LV",
    now: NOW,
    skewMs: 60_000,
    maxAgeMs: 300_000,
    decryptionKeys: [testbed.connectorEncryption.key],
    ...overrides,
  };
}

async function refusal(xml: string, expect_: Partial<EidasExpectations> = {}): Promise<EidasRefusalCode> {
  try {
    await validateEidasResponse(xml, expectations(expect_));
  } catch (error) {
    if (error instanceof EidasResponseError) return error.code;
    throw error;
  }
  throw new Error("accepted");
}

describe("eIDAS response: accepted", () => {
  it.each([
    ["rsa-oaep-sha256", 256],
    ["rsa-oaep-mgf1p", 128],
    ["rsa-oaep-mgf1p-sha256", 256],
  ] as const)(
    "a signed Response with an assertion encrypted with %s and AES-%d-GCM",
    async (keyTransport, aesBits) => {
      const xml = await buildEidasResponse(spec({ keyTransport, aesBits }));
      const result = await validateEidasResponse(xml, expectations());
      expect(result.level).toBe("substantial");
      expect(result.issuer).toBe(NODE);
      expect(result.person).toEqual({
        kind: "foreign",
        identifier: "PNOEE-38001085718",
        givenName: "Jaan",
        familyName: "Tamm",
        birthDate: "1980-01-08",
      });
    },
  );

  it("the level is the assertion's: high when the node asserts high though substantial was asked", async () => {
    const xml = await buildEidasResponse(spec({ level: "http://eidas.europa.eu/LoA/high" }));
    expect((await validateEidasResponse(xml, expectations())).level).toBe("high");
  });

  it("NotBefore 30 s ahead is within a 60 s skew", async () => {
    const xml = await buildEidasResponse(spec({ notBeforeOffsetMs: -30_000 }));
    expect((await validateEidasResponse(xml, expectations())).level).toBe("substantial");
  });
});

describe("eIDAS response: refused (issue #5 item 5)", () => {
  it("unsigned Response", async () => {
    expect(await refusal(await buildEidasResponse(spec({ signResponse: false })))).toBe("eidas-unsigned");
  });

  it("signed by another country's node", async () => {
    const lt = testbed.nodes.get("LT")!;
    const xml = await buildEidasResponse(spec({ signingKey: lt.key, signingCertificate: lt.certificate }));
    expect(await refusal(xml)).toBe("eidas-signature-invalid");
  });

  it("altered after signing", async () => {
    const xml = await buildEidasResponse(spec());
    expect(
      await refusal(xml.replace('Consent="urn:oasis:names:tc:SAML:2.0:consent:obtained"', 'Consent="x"')),
    ).toBe("eidas-signature-invalid");
  });

  it("wrapped: the signed Response moved under a forged root that carries the signature (XSW)", async () => {
    const genuine = parseXml(await buildEidasResponse(spec())).document;
    const forged = parseXml(
      await buildEidasResponse(spec({ person: { ...PERSON, personIdentifier: "EE/LV/99999999999" } })),
    ).document;
    const forgedRoot = forged.documentElement!;
    // Drop the forgery's own signature and hang the genuine signature and Response in it.
    const forgedSig = forgedRoot.getElementsByTagNameNS(DSIG_NAMESPACE, "Signature")[0]!;
    const genuineRoot = genuine.documentElement!;
    const genuineSig = genuineRoot.getElementsByTagNameNS(DSIG_NAMESPACE, "Signature")[0]!;
    forgedRoot.replaceChild(forged.importNode(genuineSig, true), forgedSig);
    genuineRoot.removeChild(genuineSig);
    forgedRoot.setAttribute("ID", "_forged");
    forgedRoot.appendChild(forged.importNode(genuineRoot, true));
    // The XML-DSig core already refuses an enveloped transform over data without the signature.
    expect(await refusal(serializeXml(forged))).toBe("eidas-signature-invalid");
  });

  it("wrapped: the genuine signed Response nested inside an unsigned forged root", async () => {
    const genuine = parseXml(await buildEidasResponse(spec())).document;
    const forged = parseXml(await buildEidasResponse(spec({ signResponse: false }))).document;
    forged.documentElement!.appendChild(forged.importNode(genuine.documentElement!, true));
    expect(await refusal(serializeXml(forged))).toBe("eidas-unsigned");
  });

  it("a valid node signature that covers only part of the Response", async () => {
    const doc = parseXml(await buildEidasResponse(spec({ signResponse: false }))).document;
    const root = doc.documentElement!;
    const status = root.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:protocol", "Status")[0]!;
    status.setAttribute("ID", "_status");
    const ee = testbed.nodes.get("EE")!;
    const signed = await signXml({
      document: doc,
      placement: { parent: root, before: status },
      references: [
        { uri: "#_status", digestAlgorithm: DIGEST_SHA256, transforms: [{ algorithm: EXC_C14N }] },
      ],
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: SIG_RSA_PSS_SHA256_MGF1,
      key: ee.key,
      certificates: [ee.certificate],
    });
    expect(await refusal(signed.xml)).toBe("eidas-not-covered");
  });

  /** The node's key signs the Response root, but the reference's transforms are its choice. */
  async function signRoot(xml: string, options: { excludeAssertion?: boolean } = {}): Promise<string> {
    const doc = parseXml(xml).document;
    const root = doc.documentElement!;
    const issuer = root.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer")[0]!;
    const ee = testbed.nodes.get("EE")!;
    const signed = await signXml({
      document: doc,
      placement: { parent: root, before: issuer.nextSibling },
      references: [
        {
          uri: `#${root.getAttribute("ID")}`,
          digestAlgorithm: DIGEST_SHA256,
          transforms: [
            { algorithm: TRANSFORM_ENVELOPED_SIGNATURE },
            ...(options.excludeAssertion
              ? [
                  {
                    algorithm: TRANSFORM_XPATH_FILTER2,
                    filters: [{ filter: "subtract" as const, xpath: "//saml2:EncryptedAssertion" }],
                    namespaces: { saml2: "urn:oasis:names:tc:SAML:2.0:assertion" },
                  },
                ]
              : []),
            { algorithm: EXC_C14N },
          ],
        },
      ],
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: SIG_RSA_PSS_SHA256_MGF1,
      key: ee.key,
      certificates: [ee.certificate],
    });
    return signed.xml;
  }

  it("a node signature on the Response root whose XPath filter leaves the assertion uncovered: another person's assertion swapped in (XSW)", async () => {
    const signed = await signRoot(await buildEidasResponse(spec({ signResponse: false })), {
      excludeAssertion: true,
    });
    const doc = parseXml(signed).document;
    const other = parseXml(
      await buildEidasResponse(
        spec({
          signResponse: false,
          person: { ...PERSON, personIdentifier: "EE/LV/49002020000", givenName: "Mari" },
        }),
      ),
    ).document;
    const ns = "urn:oasis:names:tc:SAML:2.0:assertion";
    const mine = doc.getElementsByTagNameNS(ns, "EncryptedAssertion")[0]!;
    const theirs = other.getElementsByTagNameNS(ns, "EncryptedAssertion")[0]!;
    mine.parentNode!.replaceChild(doc.importNode(theirs, true), mine);
    expect(await refusal(serializeXml(doc))).toBe("eidas-not-covered");
  });

  it("the same node signature with the profile's transforms and SHA-256 is accepted (control)", async () => {
    const signed = await signRoot(await buildEidasResponse(spec({ signResponse: false })));
    expect((await validateEidasResponse(signed, expectations())).person.givenName).toBe("Jaan");
  });

  /**
   * Re-signs a node-signed Response by hand with another reference digest (our signer refuses to
   * make SHA-1 digests): digest of the Response without its Signature, exc-c14n; then SignedInfo.
   */
  function resignWithDigest(xml: string, digestUri: string, hash: string): string {
    const doc = parseXml(xml).document;
    const root = doc.documentElement!;
    const ds = (name: string) => root.getElementsByTagNameNS(DSIG_NAMESPACE, name)[0]!;
    const signature = ds("Signature");
    const next = signature.nextSibling;
    root.removeChild(signature);
    const octets = canonicalize(root, { algorithm: EXC_C14N });
    root.insertBefore(signature, next);
    ds("DigestMethod").setAttribute("Algorithm", digestUri);
    ds("DigestValue").textContent = createHash(hash).update(octets).digest("base64");
    const signedInfo = canonicalize(ds("SignedInfo"), { algorithm: EXC_C14N });
    ds("SignatureValue").textContent = sign("sha256", signedInfo, {
      key: testbed.nodes.get("EE")!.key,
      padding: cryptoConstants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    }).toString("base64");
    return serializeXml(doc);
  }

  it("a node signature whose reference digest is SHA-1 (eIDAS Cryptographic Requirements §2.2)", async () => {
    const signed = await buildEidasResponse(spec());
    // Control: the same hand re-signing with SHA-256 is accepted, so only the digest differs.
    expect(
      (await validateEidasResponse(resignWithDigest(signed, DIGEST_SHA256, "sha256"), expectations())).person
        .givenName,
    ).toBe("Jaan");
    expect(await refusal(resignWithDigest(signed, DIGEST_SHA1, "sha1"))).toBe("eidas-signature-invalid");
  });

  it("wrong InResponseTo (an answer to another request, e.g. replayed into a new sign-in)", async () => {
    const other = requestIdOf("another-nonce", "EE", "substantial");
    expect(await refusal(await buildEidasResponse(spec({ inResponseTo: other })))).toBe(
      "eidas-wrong-in-response-to",
    );
    expect(await refusal(await buildEidasResponse(spec({ subjectInResponseTo: other })))).toBe(
      "eidas-wrong-in-response-to",
    );
  });

  it("a RelayState whose level was lowered no longer matches the signed InResponseTo", async () => {
    const xml = await buildEidasResponse(spec({ level: "http://eidas.europa.eu/LoA/low" }));
    const lowered = requestIdOf("secret-nonce", "EE", "low");
    expect(await refusal(xml, { requestId: lowered, requestedLevel: "low" })).toBe(
      "eidas-wrong-in-response-to",
    );
  });

  it("wrong audience", async () => {
    expect(await refusal(await buildEidasResponse(spec({ audience: "https://other.test/metadata" })))).toBe(
      "eidas-wrong-audience",
    );
  });

  it("wrong destination", async () => {
    expect(
      await refusal(
        await buildEidasResponse(spec({ destination: "https://other.test/acs", recipient: ACS })),
      ),
    ).toBe("eidas-wrong-destination");
  });

  it("wrong recipient", async () => {
    expect(await refusal(await buildEidasResponse(spec({ recipient: "https://other.test/acs" })))).toBe(
      "eidas-wrong-recipient",
    );
  });

  it("wrong issuer", async () => {
    expect(
      await refusal(await buildEidasResponse(spec({ issuer: "https://node.test/eidas/LT/metadata" }))),
    ).toBe("eidas-wrong-issuer");
  });

  it("expired assertion", async () => {
    const xml = await buildEidasResponse(spec({ validityMs: 60_000 }));
    expect(await refusal(xml, { now: new Date(NOW.getTime() + 3 * 60_000) })).toBe("eidas-expired");
  });

  it("a Response issued too long ago", async () => {
    const xml = await buildEidasResponse(spec({ validityMs: 3600_000 }));
    expect(await refusal(xml, { now: new Date(NOW.getTime() + 10 * 60_000) })).toBe("eidas-expired");
  });

  it("not yet valid", async () => {
    expect(await refusal(await buildEidasResponse(spec({ notBeforeOffsetMs: -5 * 60_000 })))).toBe(
      "eidas-not-yet-valid",
    );
  });

  it("clock skew beyond the configured limit: NotBefore 30 s ahead with a 10 s skew", async () => {
    const xml = await buildEidasResponse(spec({ notBeforeOffsetMs: -30_000 }));
    expect(await refusal(xml, { skewMs: 10_000 })).toBe("eidas-not-yet-valid");
  });

  it("level below the one asked", async () => {
    expect(await refusal(await buildEidasResponse(spec({ level: "http://eidas.europa.eu/LoA/low" })))).toBe(
      "eidas-level-too-low",
    );
  });

  it("a level that is not a notified eIDAS LoA", async () => {
    expect(
      await refusal(await buildEidasResponse(spec({ level: "http://eidas.europa.eu/NotNotified/LoA/high" }))),
    ).toBe("eidas-level-missing");
  });

  it("undecryptable: encrypted for someone else, or the ciphertext altered", async () => {
    const lt = createPublicKey(testbed.nodes.get("LT")!.key);
    expect(await refusal(await buildEidasResponse(spec({ encryptionKey: lt })))).toBe("eidas-undecryptable");
    // Altered ciphertext: the node's signature would break first, so sign after altering.
    const xml = await buildEidasResponse(spec({ signResponse: false }));
    const altered = xml.replace(/(<xenc:CipherData><xenc:CipherValue>)([A-Za-z0-9+/])/g, (m, p) =>
      m.endsWith("A") ? `${p}B` : `${p}A`,
    );
    const ee = testbed.nodes.get("EE")!;
    const doc = parseXml(altered).document;
    const root = doc.documentElement!;
    const signed = await signXml({
      document: doc,
      placement: { parent: root, before: root.firstChild!.nextSibling },
      references: [
        {
          uri: `#${root.getAttribute("ID")}`,
          digestAlgorithm: DIGEST_SHA256,
          transforms: [{ algorithm: TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: EXC_C14N }],
        },
      ],
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: SIG_RSA_PSS_SHA256_MGF1,
      key: ee.key,
      certificates: [ee.certificate],
    });
    expect(await refusal(signed.xml)).toBe("eidas-undecryptable");
  });

  it("an assertion sent in the clear", async () => {
    expect(await refusal(await buildEidasResponse(spec({ encrypt: false })))).toBe("eidas-not-encrypted");
  });

  it("an unsigned assertion inside a signed Response", async () => {
    expect(await refusal(await buildEidasResponse(spec({ signAssertion: false })))).toBe(
      "eidas-assertion-unsigned",
    );
  });

  it("the person's cancellation at the node (Responder/AuthnFailed)", async () => {
    const xml = await buildEidasResponse(
      spec({ status: { top: EIDAS_STATUS_RESPONDER, sub: EIDAS_STATUS_AUTHN_FAILED } }),
    );
    expect(await refusal(xml)).toBe("eidas-cancelled");
    const other = await buildEidasResponse(spec({ status: { top: EIDAS_STATUS_RESPONDER } }));
    expect(await refusal(other)).toBe("eidas-status-failed");
  });

  it("a PersonIdentifier of another country or for another destination", async () => {
    for (const id of ["LT/LV/39105120113", "EE/EE/38001085718", "LV/EE/38001085718", "38001085718"]) {
      const xml = await buildEidasResponse(spec({ person: { ...PERSON, personIdentifier: id } }));
      expect(await refusal(xml)).toBe("eidas-bad-person-identifier");
    }
  });

  it("a required attribute missing", async () => {
    const xml = await buildEidasResponse(spec({ person: { ...PERSON, givenName: "" } }));
    expect(await refusal(xml)).toBe("eidas-attributes-missing");
  });

  it("a DOCTYPE, garbage, or another root", async () => {
    expect(await refusal('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).toBe("eidas-malformed");
    expect(await refusal("not xml")).toBe("eidas-malformed");
    expect(await refusal('<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>')).toBe(
      "eidas-malformed",
    );
  });
});

describe("PersonIdentifier and OAEP", () => {
  it("maps origin/destination/identifier to PNO<CC>-identifier", () => {
    expect(parsePersonIdentifier("EE/LV/38001085718", "EE", "LV")).toBe("PNOEE-38001085718");
    expect(parsePersonIdentifier("EE/LV/ab cd", "EE", "LV")).toBeUndefined();
    expect(parsePersonIdentifier(`EE/LV/${"1".repeat(257)}`, "EE", "LV")).toBeUndefined();
  });

  it("OAEP decoding refuses a wrong label hash and a non-zero first byte", () => {
    const em = Buffer.alloc(256);
    em[0] = 1;
    expect(oaepDecode(em, "sha256", "sha256", Buffer.alloc(0))).toBeUndefined();
    expect(oaepDecode(Buffer.alloc(256), "sha256", "sha256", Buffer.alloc(0))).toBeUndefined();
    expect(mgf1("sha256", Buffer.from("seed"), 70)).toHaveLength(70);
  });
});
