import { describe, expect, it } from "vitest";
import { EXC_C14N } from "../c14n/algorithms.ts";
import { parseXml } from "../xml/parse-xml.ts";
import { signXml } from "../xmldsig/sign.ts";
import * as D from "../xmldsig/uris.ts";
import { buildTrustedListXml, type TrustedListSpec } from "./build-trusted-list.ts";
import { parseTrustedList } from "./parse-trusted-list.ts";
import { signTrustedList } from "./sign-trusted-list.ts";
import { tlTestPki } from "./testing/tl-test-pki.ts";
import * as U from "./uris.ts";
import { verifyTrustedListSignature } from "./verify-signature.ts";

const pki = tlTestPki();
const spec: TrustedListSpec = {
  sequenceNumber: 3,
  operatorName: "Test operator",
  schemeName: "LV: test",
  territory: "LV",
  issued: new Date("2026-01-01T00:00:00Z"),
  nextUpdate: new Date("2026-07-01T00:00:00Z"),
  providers: [
    {
      name: "Test TSP",
      services: [
        {
          type: U.SVC_TYPE_CA_QC,
          name: "CA one",
          certificates: [pki.qcCa],
          status: U.STATUS_GRANTED,
          statusStartingTime: new Date("2016-07-01T00:00:00Z"),
        },
        {
          type: U.SVC_TYPE_CA_QC,
          name: "CA two",
          certificates: [pki.otherCa],
          status: U.STATUS_WITHDRAWN,
          statusStartingTime: new Date("2016-07-01T00:00:00Z"),
        },
      ],
    },
  ],
};
const unsigned = buildTrustedListXml(spec);
const signed = await signTrustedList({
  xml: unsigned,
  key: pki.tlSignerKey.privateKey,
  certificate: pki.tlSigner,
});

describe("verifyTrustedListSignature", () => {
  it("accepts the list signed by an announced certificate, from bytes or a parsed list", async () => {
    const parsed = parseTrustedList(signed);
    const ok = await verifyTrustedListSignature(parsed, [pki.otherSigner, pki.tlSigner]);
    expect(ok).toEqual({ valid: true, signer: pki.tlSigner, errors: [] });
    const fromBytes = await verifyTrustedListSignature(new TextEncoder().encode(signed), [pki.tlSigner]);
    expect(fromBytes.valid).toBe(true);
    expect(parsed.services[0]!.current.names[0]!.value).toBe("CA one");
  });

  it("carries XAdES SignedProperties covered by the signature", () => {
    expect(signed).toContain("SigningCertificateV2");
    expect(signed).toContain(`Type="${U.XADES_SIGNED_PROPERTIES_TYPE}"`);
  });

  it("fails when one service's status is changed", async () => {
    const tampered = signed.replace(U.STATUS_WITHDRAWN, U.STATUS_GRANTED);
    expect(tampered).not.toBe(signed);
    const list = parseTrustedList(tampered);
    expect(list.services[1]!.current.status).toBe(U.STATUS_GRANTED);
    const r = await verifyTrustedListSignature(list, [pki.tlSigner]);
    expect(r.valid).toBe(false);
    expect(r.errors[0]!.code).toBe("tl-signature-invalid");
  });

  it("fails for a signer that is not announced, and without announced certificates", async () => {
    const r = await verifyTrustedListSignature(parseTrustedList(signed), [pki.otherSigner]);
    expect(r.valid).toBe(false);
    expect(r.errors[0]!.code).toBe("tl-signer-unknown");
    const none = await verifyTrustedListSignature(parseTrustedList(signed), []);
    expect(none.errors[0]!.code).toBe("tl-no-signer-certificates");
  });

  it("verifies with the announced key when KeyInfo is absent", async () => {
    const bare = signed.replace(/<ds:KeyInfo>.*?<\/ds:KeyInfo>/s, "");
    expect(bare).not.toContain("KeyInfo");
    const r = await verifyTrustedListSignature(parseTrustedList(bare), [pki.tlSigner]);
    expect(r.valid).toBe(true);
  });

  it("refuses a valid signature that covers only part of the list", async () => {
    const { document } = parseXml(unsigned);
    const scheme = document.getElementsByTagNameNS(U.TSL_NAMESPACE, "SchemeInformation")[0]!;
    scheme.setAttribute("Id", "scheme-only");
    const partial = await signXml({
      document,
      references: [
        { uri: "#scheme-only", digestAlgorithm: D.DIGEST_SHA256, transforms: [{ algorithm: EXC_C14N }] },
      ],
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: D.SIG_ECDSA_SHA256,
      key: pki.tlSignerKey.privateKey,
      certificates: [pki.tlSigner],
    });
    const r = await verifyTrustedListSignature(parseTrustedList(partial.xml), [pki.tlSigner]);
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.code)).toContain("tl-signature-partial-coverage");
  });

  it("refuses a whole-document reference narrowed by an XPath filter", async () => {
    const { document } = parseXml(unsigned);
    const narrowed = await signXml({
      document,
      references: [
        {
          uri: "",
          digestAlgorithm: D.DIGEST_SHA256,
          transforms: [
            { algorithm: D.TRANSFORM_ENVELOPED_SIGNATURE },
            {
              algorithm: D.TRANSFORM_XPATH_FILTER2,
              filters: [{ filter: "subtract", xpath: "//tsl:TrustServiceProviderList" }],
              namespaces: { tsl: U.TSL_NAMESPACE },
            },
            { algorithm: EXC_C14N },
          ],
        },
      ],
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: D.SIG_ECDSA_SHA256,
      key: pki.tlSignerKey.privateKey,
      certificates: [pki.tlSigner],
    });
    // The providers are unsigned: changing them must not pass.
    const forged = narrowed.xml.replace(U.STATUS_WITHDRAWN, U.STATUS_GRANTED);
    const r = await verifyTrustedListSignature(parseTrustedList(forged), [pki.tlSigner]);
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.code)).toContain("tl-signature-partial-coverage");
  });

  it("refuses an unsigned list, a misplaced or doubled signature, and unreadable bytes", async () => {
    expect(
      (await verifyTrustedListSignature(parseTrustedList(unsigned), [pki.tlSigner])).errors[0]!.code,
    ).toBe("tl-signature-missing");
    const sig = /<ds:Signature .*<\/ds:Signature>/s.exec(signed)![0];
    const moved = signed
      .replace(sig, "")
      .replace("</tsl:SchemeInformation>", `${sig}</tsl:SchemeInformation>`);
    expect((await verifyTrustedListSignature(parseTrustedList(moved), [pki.tlSigner])).errors[0]!.code).toBe(
      "tl-signature-misplaced",
    );
    const doubled = signed.replace(
      "</tsl:TrustServiceStatusList>",
      `${sig.replace(/Id="/g, 'Id="x')}</tsl:TrustServiceStatusList>`,
    );
    expect(
      (await verifyTrustedListSignature(parseTrustedList(doubled), [pki.tlSigner])).errors[0]!.code,
    ).toBe("tl-signature-misplaced");
    expect(
      (await verifyTrustedListSignature(new TextEncoder().encode("<x"), [pki.tlSigner])).errors[0]!.code,
    ).toBe("tl-malformed");
  });

  it("flags a list issued outside the signer certificate's validity", async () => {
    const late = await signTrustedList({
      xml: buildTrustedListXml({ ...spec, issued: new Date("2045-01-01T00:00:00Z") }),
      key: pki.tlSignerKey.privateKey,
      certificate: pki.tlSigner,
    });
    const r = await verifyTrustedListSignature(parseTrustedList(late), [pki.tlSigner]);
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.code)).toEqual(["tl-signer-not-valid-at-issue"]);
  });

  it("follows a list of lists to the national list's announced signer", async () => {
    const lotlXml = await signTrustedList({
      xml: buildTrustedListXml({
        sequenceNumber: 1,
        type: U.TSL_TYPE_EU_LOTL,
        operatorName: "Test Commission",
        schemeName: "EU: test",
        territory: "EU",
        issued: new Date("2026-01-01T00:00:00Z"),
        nextUpdate: new Date("2026-06-01T00:00:00Z"),
        pointers: [
          {
            location: "http://127.0.0.1/tl/LV.xml",
            signerCertificates: [pki.tlSigner],
            territory: "LV",
            operatorName: "LV",
          },
        ],
      }),
      key: pki.otherSignerKey.privateKey,
      certificate: pki.otherSigner,
    });
    const lotl = parseTrustedList(lotlXml);
    expect((await verifyTrustedListSignature(lotl, [pki.otherSigner])).valid).toBe(true);
    const pointer = lotl.pointers.find((p) => p.territory === "LV")!;
    expect(
      (await verifyTrustedListSignature(parseTrustedList(signed), pointer.signerCertificates)).valid,
    ).toBe(true);
  });
});
