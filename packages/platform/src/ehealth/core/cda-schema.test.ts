import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseXml } from "@tilts/trust";
import { beforeAll, describe, expect, it } from "vitest";
import { EhealthError } from "../errors.ts";
import { type CdaSchemaValidator, createCdaSchemaValidator, defaultCdaSchemaDir } from "./cda-schema.ts";

// The shared sample, read in place (never copied into the repository).
const SAMPLE = readFileSync(
  fileURLToPath(new URL("../../../../../../shared/specs/cda/sampleCCD.xml", import.meta.url)),
  "utf8",
);
const HEADER_TIME = '<effectiveTime value="20150622"/>';

function variant(find: string, replace: string): string {
  expect(SAMPLE).toContain(find); // the test would prove nothing if the sample changed
  return SAMPLE.replace(find, replace);
}

let validator: CdaSchemaValidator;
beforeAll(async () => {
  validator = await createCdaSchemaValidator();
});

describe("CDA schema validation", () => {
  it("accepts the valid sample CCD", async () => {
    expect(await validator.validate(SAMPLE)).toEqual({ valid: true, stage: "schema", errors: [] });
  });

  it("validateHardened gives the same verdicts as validate for text the hardened parser produced", async () => {
    const broken = variant(HEADER_TIME, '<effectiveTime value="yesterday"/>');
    expect(validator.validateHardened(parseXml(SAMPLE).text)).toEqual(await validator.validate(SAMPLE));
    const refused = validator.validateHardened(parseXml(broken).text);
    expect(refused).toEqual(await validator.validate(broken));
    expect(refused.valid).toBe(false);
  });

  it("accepts the sample as UTF-16 bytes declaring UTF-16", async () => {
    const text = `\ufeff${SAMPLE.replace('encoding="UTF-8"', 'encoding="UTF-16"')}`;
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      bytes[2 * i] = text.charCodeAt(i) & 0xff;
      bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    expect((await validator.validate(bytes)).valid).toBe(true);
  });

  it.each([
    {
      name: "missing required element (the header's effectiveTime)",
      xml: () => variant(HEADER_TIME, ""),
      line: 39,
      mentions: ["confidentialityCode", "effectiveTime"],
    },
    {
      name: "wrong element (titel for title)",
      xml: () =>
        variant("<title>170.315", "<titel>170.315").replace("test data</title>", "test data</titel>"),
      line: 37,
      mentions: ["Element 'titel'", "not expected", "title"],
    },
    {
      name: "bad attribute value (a time stamp that is not one)",
      xml: () => variant(HEADER_TIME, '<effectiveTime value="yesterday"/>'),
      line: 38,
      mentions: ["value", "yesterday"],
    },
    {
      name: "attribute the schema does not allow",
      xml: () => variant(HEADER_TIME, '<effectiveTime value="20150622" onload="x"/>'),
      line: 38,
      mentions: ["onload", "not allowed"],
    },
    {
      name: "a document that is not a ClinicalDocument",
      xml: () => '<?xml version="1.0"?>\n<Report xmlns="urn:hl7-org:v3"/>',
      line: 2,
      mentions: ["Report", "No matching global declaration"],
    },
  ])("refuses a $name with a located, readable message", async ({ xml, line, mentions }) => {
    const result = await validator.validate(xml());
    expect(result.valid).toBe(false);
    expect(result.stage).toBe("schema");
    const first = result.errors[0];
    expect(first?.line).toBe(line);
    for (const word of mentions) expect(first?.message).toContain(word);
    // Namespace URIs in braces are noise to a reader.
    expect(first?.message).not.toContain("{urn:hl7-org:v3}");
  });
});

describe("hostile or broken input is refused by the hardened parser, before libxml2", () => {
  it.each([
    {
      name: "a DOCTYPE with entities",
      xml: () =>
        variant("<ClinicalDocument ", '<!DOCTYPE ClinicalDocument [<!ENTITY x "y">]>\n<ClinicalDocument '),
      mentions: /doctype|DTD/i,
    },
    {
      name: "an external entity",
      xml: () =>
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><ClinicalDocument xmlns="urn:hl7-org:v3">&e;</ClinicalDocument>',
      mentions: /doctype|DTD/i,
    },
    {
      name: "input over the size limit",
      xml: () => variant("<ClinicalDocument ", `<!--${"x".repeat(6 * 1024 * 1024)}-->\n<ClinicalDocument `),
      mentions: /size|large|limit|bytes/i,
    },
    {
      name: "a document that is not well-formed",
      xml: () => variant("</ClinicalDocument>", "</ClinicalDoc>"),
      mentions: /./,
    },
  ])("$name", async ({ xml, mentions }) => {
    const result = await validator.validate(xml());
    expect(result).toMatchObject({ valid: false, stage: "parse" });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.message).toMatch(mentions);
  });
});

describe("configuration", () => {
  it("a failure of libxml2 itself is a refusal with a message, not a crash", async () => {
    // The hardened parser is allowed deeper nesting than libxml2's own limit (256 levels): libxml2
    // refuses the document, and the validator reports that instead of throwing.
    const lenient = await createCdaSchemaValidator({ limits: { maxDepth: 2_000 } });
    const deep = `<ClinicalDocument xmlns="urn:hl7-org:v3">${"<a>".repeat(1_000)}${"</a>".repeat(1_000)}</ClinicalDocument>`;
    const result = await lenient.validate(deep);
    expect(result).toMatchObject({ valid: false, stage: "schema" });
    expect(result.errors[0]?.message).toMatch(/could not process/);
  });

  it("libxml2 reads only the schema folder's own files: an include reaching outside it is refused", async () => {
    const base = mkdtempSync(join(tmpdir(), "cda-schema-"));
    try {
      const schemaDir = join(base, "schema");
      mkdirSync(join(schemaDir, "infrastructure/cda"), { recursive: true });
      writeFileSync(
        join(base, "outside.xsd"),
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:hl7-org:v3"/>',
      );
      writeFileSync(
        join(schemaDir, "infrastructure/cda/CDA_SDTC.xsd"),
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:hl7-org:v3">' +
          '<xs:include schemaLocation="../../../outside.xsd"/></xs:schema>',
      );
      const error = await createCdaSchemaValidator({ schemaDir }).catch((e) => e);
      expect(error).toBeInstanceOf(EhealthError);
      expect(error.code).toBe("cda-schema-unavailable");
      // The same include inside the folder compiles.
      writeFileSync(join(schemaDir, "outside.xsd"), readFileSync(join(base, "outside.xsd")));
      writeFileSync(
        join(schemaDir, "infrastructure/cda/CDA_SDTC.xsd"),
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:hl7-org:v3">' +
          '<xs:include schemaLocation="../../outside.xsd"/></xs:schema>',
      );
      await expect(createCdaSchemaValidator({ schemaDir })).resolves.toBeDefined();
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it("a missing schema folder is a coded error", async () => {
    const error = await createCdaSchemaValidator({ schemaDir: "/nonexistent/cda/schema" }).catch((e) => e);
    expect(error).toBeInstanceOf(EhealthError);
    expect(error.code).toBe("cda-schema-unavailable");
  });
});

describe("the schema ships with the package", () => {
  const sharedDir = fileURLToPath(new URL("../../../../../../shared/specs/cda/schema/", import.meta.url));
  const xsdFiles = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".xsd"))
      .map((name) => relative(dir, join(dir, name)))
      .sort();

  it("the default folder is inside the platform package, not the shared specs beside the repository", () => {
    const packageDir = fileURLToPath(new URL("../../../", import.meta.url));
    expect(defaultCdaSchemaDir().startsWith(packageDir)).toBe(true);
    expect(readFileSync(join(defaultCdaSchemaDir(), "NOTICE.md"), "utf8")).toMatch(/Health Level Seven/);
  });

  it("holds exactly HL7's files as published in the shared specs", () => {
    const shipped = xsdFiles(defaultCdaSchemaDir());
    expect(shipped).toEqual(xsdFiles(sharedDir));
    for (const name of shipped) {
      expect(readFileSync(join(defaultCdaSchemaDir(), name), "utf8"), name).toBe(
        readFileSync(join(sharedDir, name), "utf8"),
      );
    }
  });
});
