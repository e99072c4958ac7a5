import { beforeAll, describe, expect, it } from "vitest";
import { type CdaSchemaValidator, createCdaSchemaValidator } from "../core/cda-schema.ts";
import {
  buildCdaDocument,
  hl7Timestamp,
  sampleDischargeSummary,
  sampleLabResult,
  xmlEscape,
} from "./cda-builder.ts";

const input = {
  patient: {
    personalCode: "010180-10000",
    givenName: "Anna <script>alert(1)</script>",
    familyName: "Bērziņa & Co",
    gender: "female" as const,
    birthDate: "1980-01-01",
  },
  author: { personalCode: "020275-10000", givenName: "Jānis", familyName: "Ozols" },
  institution: { registrationNumber: "40003000001", name: 'Rīgas "Austrumu" slimnīca' },
  effectiveTime: new Date("2026-11-25T08:30:00Z"),
};

let validator: CdaSchemaValidator;
beforeAll(async () => {
  validator = await createCdaSchemaValidator();
});

describe("CDA sample builder (issue 6 item 4: sample documents built in code)", () => {
  it.each([
    ["discharge summary", sampleDischargeSummary],
    ["lab result", sampleLabResult],
  ])("builds a %s that validates against the CDA R2 schema", async (_name, build) => {
    expect(await validator.validate(build(input))).toEqual({ valid: true, stage: "schema", errors: [] });
  });

  it("escapes every text: names are data, never markup", () => {
    const xml = sampleDischargeSummary(input);
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("Anna &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(xml).toContain("Bērziņa &amp; Co");
    expect(xml).toContain("Rīgas &quot;Austrumu&quot; slimnīca");
  });

  it("writes the effective time as an HL7 TS in UTC and carries the personal code as recordTarget id", () => {
    const xml = sampleLabResult(input);
    expect(xml).toContain('<effectiveTime value="20261125083000+0000"/>');
    expect(xml).toContain('extension="010180-10000"');
    expect(hl7Timestamp(new Date("2026-01-02T03:04:05.678Z"))).toBe("20260102030405+0000");
  });

  it("drops characters XML cannot carry", () => {
    expect(xmlEscape("a\u0000b\u0007c")).toBe("abc");
  });

  it("a section with an empty narrative list still validates (the builder's tree, not free markup)", async () => {
    const xml = buildCdaDocument({
      type: { code: "11506-3", displayName: "Progress note" },
      title: "Piezīme",
      patient: input.patient,
      author: input.author,
      institution: input.institution,
      effectiveTime: input.effectiveTime,
      sections: [{ title: "Teksts", narrative: [{ paragraph: "Viss kārtībā." }, { list: ["a", "b"] }] }],
    });
    expect((await validator.validate(xml)).valid).toBe(true);
  });
});
