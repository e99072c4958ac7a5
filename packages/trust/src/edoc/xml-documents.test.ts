import { describe, expect, it } from "vitest";
import { createAsicE } from "../asic/asic-create.ts";
import { AsicError } from "../asic/errors.ts";
import { rawZip } from "../asic/test-zip-builder.ts";
import { EXC_C14N } from "../c14n/algorithms.ts";
import { MalformedInputError } from "../errors.ts";
import { SignatureCheckCache } from "../x509/path/signature-cache.ts";
import { augmentXades } from "../xades/augment.ts";
import { signXadesEnveloped } from "../xades/sign-enveloped.ts";
import { signXades } from "../xades/sign-xades.ts";
import { parseXml } from "../xml/parse-xml.ts";
import { signXml } from "../xmldsig/sign.ts";
import {
  DIGEST_SHA256,
  DSIG_NAMESPACE,
  SIG_ECDSA_SHA384,
  TRANSFORM_ENVELOPED_SIGNATURE,
} from "../xmldsig/uris.ts";
import { edocTestPki } from "./testing/edoc-test-pki.ts";
import { UnsupportedDocumentError, verifyDocument, verifyParsedXmlDocument } from "./verify-document.ts";

const form = '<iesniegums xmlns="urn:tilts:test"><vards>Anna</vards><summa>12.50</summa></iesniegums>';

describe("XML documents", () => {
  const pki = edocTestPki();

  it("enveloped XAdES at LTA: container XML, scope FULL, TOTAL-PASSED", async () => {
    const signed = await signXadesEnveloped({
      document: form,
      signer: pki.issueSigner(),
      level: "LTA",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
      claimedRoles: ["Valdes loceklis"],
      productionPlace: { city: "Rīga", countryName: "LV" },
    });
    expect(signed).toContain("<xades:SignerRoleV2>");
    expect(signed).toContain("<xades:SignatureProductionPlaceV2>");
    const r = await verifyDocument(new TextEncoder().encode(signed), {
      anchors: [pki.root],
      fileName: "form.xml",
    });
    expect(r.container).toBe("XML");
    expect(r.files).toEqual([{ name: "form.xml", size: expect.any(Number), mediaType: "application/xml" }]);
    const s = r.signatures[0]!;
    expect([s.indication, s.format, s.scope]).toEqual(["TOTAL-PASSED", "XAdES-BASELINE-LTA", "FULL"]);
    // The signed content changed → HASH_FAILURE.
    const tampered = signed.replace("<summa>12.50</summa>", "<summa>99.50</summa>");
    const t = await verifyDocument(new TextEncoder().encode(tampered), { anchors: [pki.root] });
    expect([t.signatures[0]!.indication, t.signatures[0]!.subIndication]).toEqual([
      "TOTAL-FAILED",
      "HASH_FAILURE",
    ]);
  });

  it("verifyParsedXmlDocument reports on the caller's tree as verifyDocument does on the bytes", async () => {
    const signed = await signXadesEnveloped({ document: form, signer: pki.issueSigner(), level: "B" });
    const bytes = new TextEncoder().encode(signed);
    const options = { anchors: [pki.root], fetchers: pki.fetchers, validationTime: pki.clock.now };
    const fromBytes = await verifyDocument(bytes, options);
    const parsed = parseXml(bytes);
    const fromTree = await verifyParsedXmlDocument(parsed, {
      ...options,
      signatureCache: new SignatureCheckCache(),
    });
    expect(fromTree).toEqual(fromBytes);
    expect(fromTree.signatures[0]!.indication).toBe("TOTAL-PASSED");
    // Verification leaves the tree as parsed: the signature is still in place.
    expect(parsed.document.getElementsByTagNameNS(DSIG_NAMESPACE, "Signature").length).toBe(1);
  });

  it("a signature memo shared between validations does not hide a revocation (only cryptography is kept)", async () => {
    const cache = new SignatureCheckCache();
    const signer = pki.issueSigner();
    const signed = new TextEncoder().encode(await signXadesEnveloped({ document: form, signer, level: "B" }));
    const verify = () =>
      verifyDocument(signed, { anchors: [pki.root], fetchers: pki.fetchers, signatureCache: cache });
    expect((await verify()).signatures[0]!.indication).toBe("TOTAL-PASSED");
    expect(cache.size).toBeGreaterThan(0);
    pki.revoke(signer.serial, new Date(pki.clock.now.getTime() - 3_600_000));
    const after = (await verify()).signatures[0]!;
    expect([after.indication, after.subIndication]).toEqual(["TOTAL-FAILED", "REVOKED"]);
  });

  it("plain XML-DSig (no XAdES properties) is XML-NOT-ETSI", async () => {
    const signer = pki.issueSigner();
    const doc = parseXml(form).document;
    const signed = await signXml({
      document: doc,
      references: [
        {
          uri: "",
          digestAlgorithm: DIGEST_SHA256,
          transforms: [{ algorithm: TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: EXC_C14N }],
        },
      ],
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: SIG_ECDSA_SHA384,
      key: signer.key,
      certificates: [signer.certificate, ...signer.chain],
    });
    const r = await verifyDocument(new TextEncoder().encode(signed.xml), {
      anchors: [pki.root],
      fetchers: pki.fetchers,
    });
    const s = r.signatures[0]!;
    expect([s.format, s.indication, s.scope, s.claimedSigningTime]).toEqual([
      "XML-NOT-ETSI",
      "TOTAL-PASSED",
      "FULL",
      null,
    ]);
  });

  it("detached XAdES: data through the caller's resolver; missing data → SIGNED_DATA_NOT_FOUND", async () => {
    const data = new TextEncoder().encode("%PDF-1.7 not really\n");
    const signed = await signXades({
      shape: "detached",
      signer: pki.issueSigner(),
      dataObjects: [{ uri: "l%C4%ABgums.pdf", content: data, mimeType: "application/pdf" }],
    });
    const xml = await augmentXades({ xml: signed.xml, level: "LT", tsa: pki.tsa, fetchers: pki.fetchers });
    const bytes = new TextEncoder().encode(xml);
    const ok = await verifyDocument(bytes, {
      anchors: [pki.root],
      resolver: async (uri) => (uri === "l%C4%ABgums.pdf" ? data : "unavailable"),
    });
    expect([ok.signatures[0]!.indication, ok.signatures[0]!.format]).toEqual([
      "TOTAL-PASSED",
      "XAdES-BASELINE-LT",
    ]);
    const missing = await verifyDocument(bytes, { anchors: [pki.root] });
    expect([missing.signatures[0]!.indication, missing.signatures[0]!.subIndication]).toEqual([
      "INDETERMINATE",
      "SIGNED_DATA_NOT_FOUND",
    ]);
  });

  it("unsupported and hostile inputs throw coded errors", async () => {
    await expect(verifyDocument(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(UnsupportedDocumentError);
    await expect(
      verifyDocument(new TextEncoder().encode("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>")),
    ).rejects.toBeInstanceOf(MalformedInputError);
    const legacy = rawZip([
      { name: "[Content_Types].xml", data: new TextEncoder().encode("<Types/>") },
      { name: "_rels/.rels", data: new TextEncoder().encode("<Relationships/>") },
      { name: "EDoc/Signature/signature1.xml", data: new TextEncoder().encode("<x/>") },
    ]);
    const error = await verifyDocument(legacy).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AsicError);
    expect((error as AsicError).code).toBe("unsupported-legacy-edoc");
    // A zip bomb (4 MiB of zeros deflates ~1000:1) and a 50 MB XML document: refused by limits.
    const bomb = createAsicE({
      dataFiles: [{ name: "zeros.bin", content: new Uint8Array(4 * 1024 * 1024) }],
    });
    const bombError = await verifyDocument(bomb).catch((e: unknown) => e);
    expect((bombError as AsicError).code).toBe("zip-bomb");
    const huge = new TextEncoder().encode(`<a>${"x".repeat(50 * 1024 * 1024)}</a>`);
    await expect(verifyDocument(huge)).rejects.toBeInstanceOf(MalformedInputError);
    const none = await verifyDocument(new TextEncoder().encode("<a/>"));
    expect([none.valid, none.signatures.length, none.errors[0]!.code]).toEqual([false, 0, "no-signature"]);
  });
});
