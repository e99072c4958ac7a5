/**
 * The XSDs and code lists the product ships are the EC's published ones (read in place from
 * ../shared/specs/oots), except the one documented repair in NOTICE.md; the Genericode reader
 * gets the key-column codes out of them (trimmed).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { OOTS_SCHEMA_DIR, shippedCodeLists } from "./shipped-artefacts.ts";

const PUBLISHED = fileURLToPath(new URL("../../../../../shared/specs/oots/", import.meta.url));

function files(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(dir, join(prefix, e.name)) : [join(prefix, e.name)],
  );
}

describe("shipped OOTS artefacts", () => {
  const shipped = [...files(OOTS_SCHEMA_DIR, "xsd"), ...files(OOTS_SCHEMA_DIR, "codelists")];

  it("every shipped XSD and code list is the published file (EDMErrorCodes: one repaired end tag)", () => {
    expect(shipped.length).toBeGreaterThan(20);
    for (const f of shipped) {
      const ours = readFileSync(join(OOTS_SCHEMA_DIR, f), "utf8");
      const theirs = readFileSync(join(PUBLISHED, f), "utf8");
      if (f.endsWith("EDMErrorCodes-CodeList.gc")) {
        expect(ours).not.toBe(theirs);
        expect(ours).toBe(theirs.replace("QueryRequest/SimpleValue>", "QueryRequest</SimpleValue>"));
      } else expect(ours, f).toBe(theirs);
    }
  });

  it("every EDM schema and code list the product needs is shipped", () => {
    for (const f of files(PUBLISHED, "codelists")) expect(shipped).toContain(f);
    // The ebMS header schema belongs to the AS4 layer, not to the EDM messages.
    for (const f of files(PUBLISHED, "xsd").filter((x) => !x.includes("ebms-header")))
      expect(shipped).toContain(f);
  });

  it("code lists: key-column codes, trimmed", () => {
    const codes = shippedCodeLists();
    expect([...codes.levelsOfAssurance].sort()).toEqual(["High", "Low", "Substantial"]);
    expect([...codes.agentClassification].sort()).toEqual(["EP", "ER", "ERRP", "IP"]);
    expect(codes.mediaTypes.has("image/svg+xml")).toBe(true);
    expect(codes.edmErrorCodes.size).toBe(8);
    expect(codes.procedures.has("R1")).toBe(true);
    expect(codes.country.has("LV")).toBe(true);
    expect(codes.eas.has("9939")).toBe(true);
    expect(codes.nuts.has("LV006")).toBe(true);
    expect(codes.language.has("LV")).toBe(true);
  });
});
