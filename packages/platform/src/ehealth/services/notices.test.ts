import { describe, expect, it } from "vitest";
import { composeNotice } from "./notices.ts";
import * as check from "./validate.ts";

const hospital = { registrationNumber: "90000000001", name: "Demo klīniskā slimnīca" };

describe("CON-5 notice texts", () => {
  it("says what happened, when (Riga date) and why, in Latvian then English", () => {
    const notice = composeNotice(
      hospital,
      { kind: "institution" },
      "suspended",
      "drošības apdraudējums",
      new Date("2026-03-02T22:30:00Z"),
    );
    expect(notice.kind).toBe("institution.suspended");
    expect(notice.subject).toBe(
      "E-veselība: Iestādes piekļuve e-veselības sistēmai apturēta / The institution's access to the e-health system suspended",
    );
    expect(notice.body).toContain("Demo klīniskā slimnīca (reģ. nr. 90000000001)");
    // 22:30 UTC is already 3 March in Riga.
    expect(notice.body).toContain("apturēta 03.03.2026.");
    expect(notice.body).toContain("was suspended on 03.03.2026.");
    expect(notice.body).toContain("Pamatojums: drošības apdraudējums");
  });

  it("names the user and the right; a subject never carries a line break", () => {
    const notice = composeNotice(
      hospital,
      { kind: "right", name: "Anna\r\nBcc: x@y", role: "doctor" },
      "annulled",
      "r",
      new Date(),
    );
    expect(notice.kind).toBe("right.annulled");
    expect(notice.subject).not.toMatch(/[\r\n]/);
    expect(notice.subject).toContain("tiesības „doctor” anulētas"); // plural agreement
    const contract = composeNotice(
      hospital,
      { kind: "contract", number: "EV-1" },
      "terminated",
      "r",
      new Date(),
    );
    expect(contract.subject).toContain("Līgums EV-1 izbeigts");
    expect(contract.body).toContain("lietotāju tiesības apturētas");
    const user = composeNotice(hospital, { kind: "user", name: "Anna Bērziņa" }, "restored", "r", new Date());
    expect(user.subject).toContain("Lietotāja Anna Bērziņa piekļuve atjaunota");
  });
});

describe("service input checks", () => {
  it("accepts the expected shapes and names the field it refuses", () => {
    expect(check.personCode(" 290156-11605 ")).toBe("290156-11605");
    expect(check.registrationNumber("90000000001")).toBe("90000000001");
    expect(() => check.personCode("29015611605")).toThrow(
      expect.objectContaining({ code: "bad-input", field: "personCode" }),
    );
    expect(() => check.registrationNumber("9000000000")).toThrow(
      expect.objectContaining({ field: "registrationNumber" }),
    );
    expect(() => check.text("   ", "ground")).toThrow(expect.objectContaining({ field: "ground" }));
    expect(() => check.text("a".repeat(201), "name")).toThrow(/longer than 200/);
    expect(() => check.text("a\u0000b", "name")).toThrow(/control characters/);
    expect(check.text("line one\nline two", "reason", 100)).toBe("line one\nline two");
    expect(() => check.calendarDate("2026-02-30", "endsOn")).toThrow(
      expect.objectContaining({ field: "endsOn" }),
    );
    expect(() => check.email("not an address")).toThrow(expect.objectContaining({ field: "email" }));
    expect(() => check.oneOf("clinic", ["hospital", "practice"], "kind")).toThrow(
      /one of hospital, practice/,
    );
  });
});
