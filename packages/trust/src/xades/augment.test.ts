import { describe, expect, it } from "vitest";
import { edocTestPki } from "../edoc/testing/edoc-test-pki.ts";
import { verifyDocument } from "../edoc/verify-document.ts";
import { augmentXades } from "./augment.ts";
import { XadesError } from "./errors.ts";
import { signXadesEnveloped } from "./sign-enveloped.ts";

const doc = '<forma xmlns="urn:x"><lauks>vērtība</lauks></forma>';

describe("augmentXades", () => {
  const pki = edocTestPki();

  it("renews the archive time-stamp: a second one covers the first; both validate", async () => {
    const lta = await signXadesEnveloped({
      document: doc,
      signer: pki.issueSigner(),
      level: "LTA",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
    });
    pki.clock.now = new Date(pki.clock.now.getTime() + 5000);
    const renewed = await augmentXades({ xml: lta, level: "LTA", tsa: pki.tsa });
    expect(renewed.match(/<xades141:ArchiveTimeStamp /g)).toHaveLength(2);
    const r = await verifyDocument(new TextEncoder().encode(renewed), { anchors: [pki.root] });
    const s = r.signatures[0]!;
    expect([s.indication, s.format]).toEqual(["TOTAL-PASSED", "XAdES-BASELINE-LTA"]);
    expect(s.timestamps.map((t) => [t.type, t.valid])).toEqual([
      ["SIGNATURE", true],
      ["ARCHIVE", true],
      ["ARCHIVE", true],
    ]);
    // A line break inside the first archive token's base64 leaves that token readable, but the
    // second archive time-stamp covers the element's exact text: it no longer matches.
    const first =
      /<xades:EncapsulatedTimeStamp>[^<]+<\/xades:EncapsulatedTimeStamp><\/xades141:ArchiveTimeStamp>/.exec(
        renewed,
      )![0];
    const broken = renewed.replace(first, first.replace(/(<xades:EncapsulatedTimeStamp>.{40})/, "$1\n"));
    const b = await verifyDocument(new TextEncoder().encode(broken), { anchors: [pki.root] });
    expect(b.signatures[0]!.timestamps.map((t) => t.valid)).toEqual([true, true, false]);
  });

  it("refuses T without a TSA and LT without revocation sources, with codes", async () => {
    const b = await signXadesEnveloped({ document: doc, signer: pki.issueSigner() });
    await expect(augmentXades({ xml: b, level: "T" })).rejects.toMatchObject({ code: "xades-bad-input" });
    const error = await augmentXades({ xml: b, level: "LT", tsa: pki.tsa }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XadesError);
    expect((error as XadesError).code).toBe("xades-revocation-unavailable");
  });

  it("leaves the signed parts untouched (the B signature still verifies after T)", async () => {
    const b = await signXadesEnveloped({ document: doc, signer: pki.issueSigner() });
    const t = await augmentXades({ xml: b, level: "T", tsa: pki.tsa });
    const signedInfo = (x: string) => /<ds:SignedInfo>[\s\S]*<\/ds:SignatureValue>/.exec(x)![0];
    expect(signedInfo(t)).toBe(signedInfo(b));
  });
});
