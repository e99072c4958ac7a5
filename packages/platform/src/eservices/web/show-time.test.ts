import { describe, expect, it } from "vitest";
import { showDate, showTime } from "./show-time.ts";

describe("dates on the registration workplaces", () => {
  it("writes Riga dates and times as people do, in Latvian and English", () => {
    const evening = new Date("2026-12-07T19:15:00Z");
    expect(showDate(evening, "lv")).toBe("2026. gada 7. decembris");
    expect(showTime(evening, "lv")).toBe("2026. gada 7. decembris, plkst. 21.15");
    expect(showTime(evening, "en")).toBe("7 December 2026, 21:15");
    // Past midnight in Riga is the next day, though still the 7th in UTC.
    expect(showDate(new Date("2026-12-07T22:30:00Z"), "lv")).toBe("2026. gada 8. decembris");
  });
});
