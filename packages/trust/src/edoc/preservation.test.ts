/**
 * Preservation of eDocs (SIG-2; EN 319 102-1 §5.6.3, TS 119 511): an LT eDoc raised to LTA
 * keeps what was signed and still verifies; years later, past the first archive
 * time-stamp's TSA certificate expiry, the copy whose archive time-stamp was renewed (by
 * another TSA certificate, before the expiry) still verifies, and the copy that was not is
 * INDETERMINATE/NO_POE with "archive-time-stamp-expired".
 */
import { describe, expect, it } from "vitest";
import { readAsicE } from "../asic/asic-read.ts";
import { augmentEdoc } from "./augment-edoc.ts";
import { signEdoc } from "./sign-edoc.ts";
import { edocTestPki } from "./testing/edoc-test-pki.ts";
import { verifyDocument } from "./verify-document.ts";

const signedInfoOf = (edoc: Uint8Array) =>
  /<ds:SignedInfo[\s\S]*<\/ds:SignatureValue>/.exec(
    new TextDecoder().decode(readAsicE(edoc).signatureFiles[0]!.content),
  )?.[0];

describe("archive time-stamp renewal", () => {
  it("renewed before the TSA certificate expires: verifies after it; not renewed: NO_POE", async () => {
    // The first TSA's certificate runs out in 2031; its successor's in 2040.
    const first = edocTestPki({ tsaNotAfter: new Date("2031-01-01T00:00:00Z") });
    const successor = edocTestPki({ organisation: "Tilts Test Successor" });
    const anchors = [first.root, successor.root];
    // The newest time-stamp's TSA chain comes from the verifier's side (as from a trusted
    // list): validation data for it is embedded by the next renewal.
    const certificates = [successor.ca];
    const lt = await signEdoc({
      dataFiles: [
        { name: "izraksts.xml", content: new TextEncoder().encode("<izraksts/>"), mediaType: "text/xml" },
      ],
      signer: first.issueSigner(),
      level: "LT",
      tsa: first.tsa,
      fetchers: first.fetchers,
    });
    const lta = await augmentEdoc({ container: lt, level: "LTA", tsa: first.tsa, fetchers: first.fetchers });
    const renewed = await augmentEdoc({
      container: lta,
      level: "LTA",
      tsa: successor.tsa,
      fetchers: first.fetchers,
    });
    expect(signedInfoOf(lta)).toBe(signedInfoOf(lt));
    expect(signedInfoOf(renewed)).toBe(signedInfoOf(lt));

    const verdict = async (edoc: Uint8Array, at?: Date) => {
      const s = (await verifyDocument(edoc, { anchors, certificates, ...(at ? { validationTime: at } : {}) }))
        .signatures[0]!;
      return [
        s.indication,
        s.subIndication,
        s.format,
        s.warnings.map((w) => w.code).includes("archive-time-stamp-expired"),
      ];
    };
    // Today both hold.
    expect(await verdict(lta)).toEqual(["TOTAL-PASSED", null, "XAdES-BASELINE-LTA", false]);
    expect(await verdict(renewed)).toEqual(["TOTAL-PASSED", null, "XAdES-BASELINE-LTA", false]);
    // In 2032 the first TSA's certificate has expired.
    const later = new Date("2032-06-01T00:00:00Z");
    expect(await verdict(renewed, later)).toEqual(["TOTAL-PASSED", null, "XAdES-BASELINE-LTA", false]);
    expect(await verdict(lta, later)).toEqual(["INDETERMINATE", "NO_POE", "XAdES-BASELINE-LTA", true]);
  }, 60_000);
});
