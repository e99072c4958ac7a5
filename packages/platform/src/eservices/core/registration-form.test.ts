/**
 * The registration form (ESV-2) as a value: every field's problem reported with its code at once,
 * the canonical XML the representative signs (same form, same bytes), read back under the same
 * checks; identifiers (ESV-3) and the DCAT-AP feed's shape (ESV-1).
 */
import { describe, expect, it } from "vitest";
import { sampleForm, sampleRawForm } from "../testing/signed-forms.ts";
import { dcatCatalogue } from "./dcat-feed.ts";
import { FORM_NAMESPACE, formXml, readFormXml } from "./form-xml.ts";
import { formatIdentifier, isIdentifier, rigaYearOf } from "./identifier.ts";
import { checkRegistrationForm } from "./registration-form.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("registration form (ESV-2)", () => {
  it("accepts a complete form, trimmed, with lists in the catalogue's order", () => {
    const checked = checkRegistrationForm(sampleRawForm({ channels: [" api ", "state-portal"] }));
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.form.channels).toEqual(["state-portal", "api"]);
  });

  it("names every problem with its field and code, not just the first", () => {
    const checked = checkRegistrationForm(
      sampleRawForm({
        nameEn: "  ",
        audiences: ["tourists"],
        channels: [],
        institutionRegistrationNumber: "4000300000X",
        institutionEmail: "not an address",
        contactPhone: "call me",
        descriptionLv: "x".repeat(4001),
      }),
    );
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.problems).toEqual(
        expect.arrayContaining([
          { field: "name.en", code: "required" },
          { field: "description.lv", code: "too-long" },
          { field: "audiences", code: "unknown-value" },
          { field: "channels", code: "required" },
          { field: "institution.registrationNumber", code: "bad-registration-number" },
          { field: "institution.email", code: "bad-email" },
          { field: "contact.phone", code: "bad-phone" },
        ]),
      );
  });

  it("gives the same XML bytes for the same form, in our namespace, and reads them back", () => {
    const form = sampleForm({ nameLv: "Pieraksts <ārstam> & citiem" });
    const xml = formXml(form);
    expect(
      Buffer.from(xml).equals(Buffer.from(formXml(sampleForm({ nameLv: "Pieraksts <ārstam> & citiem" })))),
    ).toBe(true);
    const text = new TextDecoder().decode(xml);
    expect(text).toContain(`xmlns="${FORM_NAMESPACE}"`);
    expect(text).toContain("Pieraksts &lt;ārstam&gt; &amp; citiem");
    expect(readFormXml(xml)).toEqual({ ok: true, form });
  });

  it("refuses a hand-made XML that another namespace, a DOCTYPE or a bad field makes", () => {
    expect(readFormXml(utf8('<EserviceRegistration xmlns="urn:other"/>')).ok).toBe(false);
    expect(readFormXml(utf8('<!DOCTYPE x [<!ENTITY e "x">]><x/>')).ok).toBe(false);
    const bad = new TextDecoder().decode(formXml(sampleForm())).replace("citizens", "tourists");
    expect(readFormXml(utf8(bad))).toEqual({
      ok: false,
      problems: [{ field: "audiences", code: "unknown-value" }],
    });
  });
});

describe("identifiers (ESV-3)", () => {
  it("are ESP-<year>-<5 digits>, counted in Riga's year", () => {
    expect(formatIdentifier(2026, 42)).toBe("ESP-2026-00042");
    expect(isIdentifier("ESP-2026-00042")).toBe(true);
    expect(isIdentifier("ESP-2026-42")).toBe(false);
    expect(() => formatIdentifier(2026, 100_000)).toThrow(RangeError);
    // 22:30 UTC on 31 December is already 1 January in Riga.
    expect(rigaYearOf(new Date("2026-12-31T22:30:00Z"))).toBe(2027);
  });
});

describe("DCAT-AP feed (ESV-1)", () => {
  it("is a dcat:Catalog whose entries are public services, API ones also data services", () => {
    const form = sampleForm();
    const feed = dcatCatalogue(
      [
        {
          identifier: "ESP-2026-00001",
          name: form.name,
          description: form.description,
          audiences: form.audiences,
          channels: form.channels,
          legalBasis: form.legalBasis,
          institution: {
            registrationNumber: form.institution.registrationNumber,
            name: form.institution.name,
          },
          registeredAt: new Date("2026-03-02T10:00:00Z"),
        },
      ],
      "https://tilts.example.lv",
      "Tilts",
    );
    expect(feed["@type"]).toBe("dcat:Catalog");
    const [service] = feed["dcat:service"];
    expect(service).toMatchObject({
      "@id": "https://tilts.example.lv/eservices/ESP-2026-00001",
      "@type": ["cpsv:PublicService", "dcat:DataService"],
      "dct:identifier": "ESP-2026-00001",
      "dct:issued": { "@value": "2026-03-02" },
    });
    expect(service?.["dct:title"]).toContainEqual({ "@language": "lv", "@value": form.name.lv });
  });
});
