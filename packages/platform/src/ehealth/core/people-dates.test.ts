import { describe, expect, it } from "vitest";
import {
  readTypedDate,
  showDate,
  showHl7Time,
  showRigaTime,
  showRigaTimeWithSeconds,
} from "./people-dates.ts";

describe("dates as people type them", () => {
  it.each([
    ["7.12.2026", "2026-12-07"],
    ["07.12.2026", "2026-12-07"],
    ["7.12.2026.", "2026-12-07"],
    ["7. 12. 2026", "2026-12-07"],
    [" 2026-12-07 ", "2026-12-07"],
    ["29.02.2028", "2028-02-29"],
  ])("%s is %s", (typed, date) => {
    expect(readTypedDate(typed)).toBe(date);
  });

  it.each(["31.02.2026", "29.02.2027", "7/12/2026", "12.2026", "2026-13-01", "0.1.2026", "", "7.12.26"])(
    "%s is not a date",
    (typed) => {
      expect(readTypedDate(typed)).toBeUndefined();
    },
  );
});

describe("dates as people read them", () => {
  it("shows a calendar date as dd.mm.gggg", () => {
    expect(showDate("2026-03-05")).toBe("05.03.2026");
  });

  it("shows an instant in Riga time, winter (UTC+2) and summer (UTC+3)", () => {
    expect(showRigaTime(new Date("2026-12-07T12:05:00Z"))).toBe("07.12.2026 14:05");
    expect(showRigaTime(new Date("2026-07-01T21:30:00Z"))).toBe("02.07.2026 00:30");
    expect(showRigaTimeWithSeconds(new Date("2026-12-07T12:05:09Z"))).toBe("07.12.2026 14:05:09");
  });

  it("shows an HL7 time with a zone in Riga time, not as UTC with +0000", () => {
    expect(showHl7Time("20261125223000+0000")).toBe("26.11.2026 00:30");
    expect(showHl7Time("20260610120000+0300")).toBe("10.06.2026 12:00");
  });

  it("shows an HL7 time without a zone as written, and partial dates as such", () => {
    expect(showHl7Time("202611252230")).toBe("25.11.2026 22:30");
    expect(showHl7Time("20261125")).toBe("25.11.2026");
    expect(showHl7Time("202611")).toBe("11.2026");
    expect(showHl7Time("2026")).toBe("2026");
    expect(showHl7Time("not a time")).toBe("not a time");
    expect(showHl7Time(null)).toBeNull();
  });
});
