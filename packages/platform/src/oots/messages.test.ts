/**
 * Every EDM message kind built for 1.0, 1.2 and 2.0 passes the shipped XSDs and the business
 * rules of its line; parsing what was built gives back the model; the version differences of
 * DIGEST §1.9 show in the XML; the checks do fail on broken input.
 */
import { parseXml } from "@tilts/trust";
import { describe, expect, it } from "vitest";
import {
  assertValidOotsMessage,
  buildErrorResponse,
  buildEvidenceRequest,
  buildEvidenceResponse,
  buildQueryString,
  type EdmVersion,
  edmException,
  MESSAGE_KINDS,
  parseCommonServicesAnswer,
  parseCommonServicesError,
  parseErrorResponse,
  parseEvidenceRequest,
  parseEvidenceResponse,
  parseLcmResponse,
  parseLcmSubmission,
  parseQueryString,
  validateAgainstXsd,
  validateOotsMessage,
} from "./index.ts";
import {
  sampleLegalPersonRequest,
  sampleMessages,
  sampleProvider,
  sampleRequest,
  sampleResponse,
} from "./samples.ts";

const VERSIONS: EdmVersion[] = ["1.0", "1.2", "2.0"];
const doc = (xml: string) => parseXml(xml).document;

describe.each(VERSIONS)("EDM %s: every message kind we build passes XSD and business rules", (version) => {
  const messages = sampleMessages(version);
  for (const kind of MESSAGE_KINDS) {
    it(kind, () => {
      const r = validateOotsMessage(messages[kind]);
      expect(r.errors).toEqual([]);
      expect(r.kind).toBe(kind);
      expect(r.valid).toBe(true);
      if (kind.startsWith("evidence")) expect(r.version).toBe(version);
    });
  }

  it("the second preview request (PreviewLocation, + ReturnLocation in 2.0) is valid", () => {
    const xml = buildEvidenceRequest(sampleRequest(version, true));
    expect(validateOotsMessage(xml).errors).toEqual([]);
    expect(xml.includes('name="ReturnLocation"')).toBe(version === "2.0");
  });

  it("a legal person with an authorised representative is valid and parses back", () => {
    const req = sampleLegalPersonRequest(version);
    const xml = buildEvidenceRequest(req);
    expect(validateOotsMessage(xml).errors).toEqual([]);
    const back = parseEvidenceRequest(doc(xml));
    expect(back.subject).toEqual(req.subject);
    expect(back.authorizedRepresentative).toEqual(req.authorizedRepresentative);
  });

  it("a deferred answer and a declined preview (empty list) are valid", () => {
    const deferred = buildEvidenceResponse({
      ...sampleResponse(version),
      status: "unavailable",
      responseAvailableDateTime: "2026-12-07T12:00:00Z",
      items: [],
    });
    expect(validateOotsMessage(deferred).errors).toEqual([]);
    const declined = buildEvidenceResponse({ ...sampleResponse(version), items: [] });
    expect(validateOotsMessage(declined).errors).toEqual([]);
  });

  it("an ordinary error (EDM:ERR:0005 timeout) is valid", () => {
    const xml = buildErrorResponse({
      version,
      requestId: sampleRequest(version).id,
      responseId: "5b0f2a8e-2b7e-4c11-8e0a-6d5f3c2b1a90",
      errorProvider: { ...sampleProvider(), classification: "ERRP" },
      exception: edmException("EDM:ERR:0005", "2026-12-07T10:41:00Z", { detail: "T3 elapsed" }),
    });
    expect(validateOotsMessage(xml).errors).toEqual([]);
  });

  it("parsing what we built gives back the model", () => {
    const req = sampleRequest(version, true);
    const parsedReq = parseEvidenceRequest(doc(buildEvidenceRequest(req)));
    // What a line cannot carry is not read back: 2.0 has no Procedure language, 1.x no ReturnLocation.
    const expected =
      version === "2.0"
        ? { ...req, procedure: { code: "R1" } }
        : (({ returnLocation: _r, ...rest }) => rest)(req);
    expect(parsedReq).toEqual(expected);
    const res = sampleResponse(version);
    const parsedRes = parseEvidenceResponse(doc(buildEvidenceResponse(res)));
    if (version === "2.0") expect(parsedRes).toEqual(res);
    else
      expect(parsedRes).toEqual({
        ...res,
        items: res.items.map(({ packageId: _p, classificationId: _c, ...i }) => i),
      });
    const err = parseErrorResponse(doc(sampleMessages(version)["evidence-error"]));
    expect(err.exception.code).toBe("EDM:ERR:0002");
    expect(err.exception.previewLocation).toBe("https://provider.example.de/preview/8f3a");
    expect(err.exception.previewMethod).toBe(version === "2.0" ? undefined : "GET");
  });

  it("Common Services and LCM messages parse back", () => {
    const m = sampleMessages(version);
    expect(parseCommonServicesAnswer(doc(m["eb-requirements-response"])).kind).toBe("eb-requirements");
    const evi = parseCommonServicesAnswer(doc(m["eb-evidence-types-response"]));
    expect(
      evi.kind === "eb-evidence-types" && evi.requirements[0]?.value.evidenceTypeLists?.[0]?.evidenceTypes,
    ).toHaveLength(1);
    const dsd = parseCommonServicesAnswer(doc(m["dsd-response"]));
    expect(
      dsd.kind === "dsd-data-services" && dsd.dataServices[0]?.value.accessServices?.[0]?.identifier.value,
    ).toBe("AP_DE_01");
    const more = parseCommonServicesError(doc(m["dsd-error"]));
    expect(more.exception.code).toBe("DSD:ERR:0005");
    expect(more.additionalInput?.userRequestedClassificationConcepts?.[0]?.type).toBe("Codelist");
    expect(more.additionalInput?.jurisdictionDetermination?.level).toBe(
      version === "2.0" ? undefined : "NUTS2",
    );
    expect(parseCommonServicesError(doc(m["eb-error"])).exception.code).toBe("EB:ERR:0005");
    const lcm = parseLcmSubmission(doc(m["lcm-submission"]));
    expect(lcm.objects.map((o) => o.node)).toEqual(["EvidenceProvider", "DataServiceEvidenceType"]);
    expect(lcm.associations[0]?.sourceObject).toBe(lcm.objects[0]?.id);
    expect(parseLcmResponse(doc(m["lcm-response"])).status).toBe("success");
  });
});

describe("version differences (DIGEST §1.9) show in the XML", () => {
  it("Procedure: InternationalString in 1.x, String in 2.0; xml:lang only in 1.x", () => {
    const one = buildEvidenceRequest(sampleRequest("1.2"));
    const two = buildEvidenceRequest(sampleRequest("2.0"));
    expect(one).toMatch(/name="Procedure">\s*<rim:SlotValue xsi:type="rim:InternationalStringValueType">/);
    expect(two).toMatch(
      /name="Procedure">\s*<rim:SlotValue xsi:type="rim:StringValueType">\s*<rim:Value>R1</,
    );
    expect(one).toContain('xml:lang="EN"');
    expect(two).not.toContain("<rim:QueryRequest xml:lang");
  });
  it("2.0 packages each document with the MainEvidence classification", () => {
    const xml = buildEvidenceResponse(sampleResponse("2.0"));
    expect(xml).toContain('xsi:type="rim:RegistryPackageType"');
    expect(xml).toContain('classificationNode="MainEvidence"');
    expect(buildEvidenceResponse(sampleResponse("1.2"))).not.toContain("RegistryPackageType");
  });
  it("a 1.x message checked as 2.0 fails the 2.0 rules", () => {
    const xml = buildEvidenceRequest(sampleRequest("1.2")).replace("oots-edm:v1.2", "oots-edm:v2.0");
    const rules = validateOotsMessage(xml).errors.map((e) => e.rule);
    expect(rules).toContain("R-EDM-REQ-S022");
    expect(rules).toContain("R-EDM-REQ-S059");
  });
});

describe("the checks fail on broken input", () => {
  it("XSD: an element out of order is reported with its line", () => {
    const xml = sampleMessages("1.0")["evidence-request"].replace(
      /<sdg:FamilyName>(.*?)<\/sdg:FamilyName>(\s*)<sdg:GivenName>(.*?)<\/sdg:GivenName>/,
      "<sdg:GivenName>$3</sdg:GivenName>$2<sdg:FamilyName>$1</sdg:FamilyName>",
    );
    const errors = validateAgainstXsd(xml);
    expect(errors.length).toBeGreaterThan(0);
    const line = xml.slice(0, xml.indexOf("<sdg:GivenName>")).split("\n").length;
    expect(line).toBeGreaterThan(40);
    expect(errors[0]).toMatchObject({ rule: "XSD", line });
    expect(errors[0]?.message).toContain("GivenName");
  });
  it("an unknown SpecificationIdentifier is R-EDM-REQ-C001", () => {
    const r = validateOotsMessage(
      sampleMessages("1.2")["evidence-request"].replace("oots-edm:v1.2", "oots-edm:v9.9"),
    );
    expect(r.version).toBeNull();
    expect(r.errors.map((e) => e.rule)).toContain("R-EDM-REQ-C001");
  });
  it("a preview error without https is R-EDM-ERR-C019; PreviewMethod in 2.0 is R-EDM-ERR-S017b", () => {
    const one = sampleMessages("1.2")["evidence-error"].replace(
      "https://provider.example.de/preview",
      "http://provider.example.de/preview",
    );
    expect(validateOotsMessage(one).errors.map((e) => e.rule)).toContain("R-EDM-ERR-C019");
    const two = sampleMessages("2.0")["evidence-error"].replace(
      "</rs:Exception>",
      '<rim:Slot name="PreviewMethod"><rim:SlotValue xsi:type="rim:StringValueType"><rim:Value>GET</rim:Value></rim:SlotValue></rim:Slot></rs:Exception>',
    );
    expect(validateOotsMessage(two).errors.map((e) => e.rule)).toContain("R-EDM-ERR-S017b");
  });
  it("not XML at all is reported, not thrown", () => {
    expect(validateOotsMessage("<a><b></a>")).toMatchObject({
      kind: "unknown",
      valid: false,
      errors: [{ rule: "XML" }],
    });
    expect(validateOotsMessage('<!DOCTYPE x [<!ENTITY e "x">]><x/>').errors[0]?.rule).toBe("XML");
  });
});

describe("assertValidOotsMessage", () => {
  it("passes a valid message of the expected kind and refuses others with the first rule id", () => {
    const m = sampleMessages("1.2");
    expect(assertValidOotsMessage(m["evidence-request"], "evidence-request").kind).toBe("evidence-request");
    expect(() => assertValidOotsMessage(m["evidence-response"], "evidence-request")).toThrow(
      expect.objectContaining({ name: "EdmInvalidMessageError", rule: "R-EDM-REQ-S001" }),
    );
    const broken = m["evidence-request"].replace("LeafClassWithRepositoryItem", "LeafClass");
    expect(() => assertValidOotsMessage(broken, "evidence-request")).toThrow(
      expect.objectContaining({ rule: "R-EDM-REQ-C024" }),
    );
  });
});

describe("EB and DSD query strings (DIGEST §5)", () => {
  it("build and parse the three queries, with DSD classification parameters (OOTS-7)", () => {
    const q = {
      query: "dataServices" as const,
      evidenceTypeClassification:
        "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/DE/0000002a-2b7e-4c11-8e0a-6d5f3c2b1a92",
      countryCode: "DE",
      specification: "oots-edm:v1.2",
      jurisdictionAdminL2: "DE3",
      classifications: { "b07146b6-2b7e-4c11-8e0a-6d5f3c2b1a91": "Berlin" },
    };
    const s = buildQueryString(q);
    expect(s).toContain(
      "queryId=urn%3Afdc%3Aoots%3Adsd%3Aebxml-regrep%3Aqueries%3Adataservices-by-evidencetype-and-jurisdiction",
    );
    expect(s).toContain("b07146b6-2b7e-4c11-8e0a-6d5f3c2b1a91=Berlin");
    expect(parseQueryString(s)).toEqual(q);
    const eb = { query: "requirements" as const, procedureId: "V1", countryCode: "SK" };
    expect(parseQueryString(`?${buildQueryString(eb)}`)).toEqual(eb);
  });
  it("refuses unknown queries and missing parameters with the service's error code", () => {
    expect(() => parseQueryString("queryId=urn:fdc:oots:eb:nope")).toThrow(/EB:ERR:0007/);
    expect(() => parseQueryString("queryId=urn:fdc:oots:dsd:nope")).toThrow(/DSD:ERR:0004/);
    expect(() =>
      parseQueryString(
        `queryId=${encodeURIComponent("urn:fdc:oots:dsd:ebxml-regrep:queries:dataservices-by-evidencetype-and-jurisdiction")}&country-code=DE`,
      ),
    ).toThrow(/DSD:ERR:0003/);
    expect(() =>
      parseQueryString(
        `queryId=${encodeURIComponent("urn:fdc:oots:eb:ebxml-regrep:queries:evidence-types-by-requirement-and-jurisdiction")}`,
      ),
    ).toThrow(/EB:ERR:0003/);
  });
});
