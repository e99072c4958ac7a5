/**
 * The preview round (chapter 4.9, DIGEST §1.6) and the DSD:ERR:0005 dialog (OOTS-7, DIGEST
 * §5.2): the URLs and follow-up messages they produce are valid messages of their line.
 */
import { parseXml } from "@tilts/trust";
import { describe, expect, it } from "vitest";
import {
  buildEvidenceRequest,
  buildQueryString,
  EdmParseError,
  parseCommonServicesError,
  parseQueryString,
  previewRedirectUrl,
  previewReturn,
  requeryWithAnswers,
  requestClassifications,
  secondPreviewRequest,
  validateOotsMessage,
} from "../index.ts";
import { sampleMessages, sampleRequest } from "../samples.ts";

const PREVIEW = "https://provider.example.de/preview/8f3a";
const RETURN = "https://requester.example.lv/oots/return/41";

describe("preview round", () => {
  it("1.x: the redirect carries returnurl/returnmethod and the provider reads them back", () => {
    const url = previewRedirectUrl("1.2", PREVIEW, RETURN, "POST");
    expect(new URL(url).searchParams.get("returnurl")).toBe(RETURN);
    expect(new URL(url).searchParams.get("returnmethod")).toBe("POST");
    const second = secondPreviewRequest(
      sampleRequest("1.2"),
      "urn:uuid:0000000a-4d1c-4b6e-9a5d-0c8e2f1a7b30",
      "2026-12-07T10:02:00Z",
      PREVIEW,
      RETURN,
    );
    expect(second.returnLocation).toBeUndefined();
    expect(validateOotsMessage(buildEvidenceRequest(second)).errors).toEqual([]);
    expect(previewReturn(second, url)).toEqual({ url: RETURN, method: "POST" });
  });

  it("2.0: the user goes to PreviewLocation as issued; the return address is the second request's ReturnLocation", () => {
    expect(previewRedirectUrl("2.0", PREVIEW, RETURN)).toBe(PREVIEW);
    expect(() => previewRedirectUrl("2.0", PREVIEW, RETURN, "POST")).toThrow(/GET only/);
    const second = secondPreviewRequest(
      sampleRequest("2.0"),
      "urn:uuid:0000000a-4d1c-4b6e-9a5d-0c8e2f1a7b30",
      "2026-12-07T10:02:00Z",
      PREVIEW,
      RETURN,
    );
    const xml = buildEvidenceRequest(second);
    expect(validateOotsMessage(xml).errors).toEqual([]);
    expect(xml).toContain(`<rim:Value>${RETURN}</rim:Value>`);
    expect(previewReturn(second)).toEqual({ url: RETURN, method: "GET" });
  });

  it("refuses non-https addresses with the rule id", () => {
    const rule = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof EdmParseError ? e.rule : "other";
      }
      return "accepted";
    };
    expect(rule(() => previewRedirectUrl("1.2", "http://provider.example.de/p", RETURN))).toBe(
      "R-EDM-ERR-C019",
    );
    expect(
      rule(() =>
        secondPreviewRequest(
          sampleRequest("2.0"),
          "urn:uuid:x",
          "2026-12-07T10:02:00Z",
          PREVIEW,
          "http://x.example",
        ),
      ),
    ).toBe("R-EDM-REQ-C120");
    expect(rule(() => previewReturn(sampleRequest("1.0"), `${PREVIEW}?returnurl=javascript:alert(1)`))).toBe(
      "R-EDM-REQ-C005",
    );
  });
});

describe("DSD:ERR:0005 additional input", () => {
  for (const version of ["1.0", "2.0"] as const) {
    it(`${version}: answers become the re-query and the request's EvidenceProviderClassification`, () => {
      const asked = parseCommonServicesError(parseXml(sampleMessages(version)["dsd-error"]).document)
        .additionalInput!;
      const concept = asked.userRequestedClassificationConcepts![0]!;
      const query = {
        query: "dataServices" as const,
        evidenceTypeClassification: asked.dataServiceEvidenceType.evidenceTypeClassification,
        countryCode: "DE",
      };
      const answers = { classifications: { [concept.identifier]: "Berlin" }, jurisdiction: "DE30" };
      const next = requeryWithAnswers(version, query, asked, answers);
      const params = new URLSearchParams(buildQueryString(next));
      expect(params.get(concept.identifier)).toBe("Berlin");
      expect(params.get("jurisdiction-admin-l2")).toBe(version === "2.0" ? null : "DE30");
      expect(parseQueryString(buildQueryString(next))).toEqual(next);
      const request = {
        ...sampleRequest(version),
        providerClassifications: requestClassifications(asked, answers),
      };
      const xml = buildEvidenceRequest(request);
      expect(validateOotsMessage(xml).errors).toEqual([]);
      expect(xml).toMatch(
        /<sdg:SupportedValue>\s*<sdg:StringValue>Berlin<\/sdg:StringValue>\s*<\/sdg:SupportedValue>/,
      );
    });
  }

  it("a value the DSD did not offer is DSD:ERR:0006; a missing one DSD:ERR:0003", () => {
    const asked = parseCommonServicesError(parseXml(sampleMessages("1.2")["dsd-error"]).document)
      .additionalInput!;
    const concept = {
      ...asked.userRequestedClassificationConcepts![0]!,
      supportedValues: ["Berlin", "Hamburg"],
    };
    const offered = { ...asked, userRequestedClassificationConcepts: [concept] };
    const q = { query: "dataServices" as const, evidenceTypeClassification: "x", countryCode: "DE" };
    expect(() =>
      requeryWithAnswers("1.2", q, offered, {
        classifications: { [concept.identifier]: "Bremen" },
        jurisdiction: "DE3",
      }),
    ).toThrow(/DSD:ERR:0006/);
    expect(() => requeryWithAnswers("1.2", q, offered, { jurisdiction: "DE3" })).toThrow(/DSD:ERR:0003/);
  });
});
