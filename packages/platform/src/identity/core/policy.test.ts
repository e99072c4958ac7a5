import { describe, expect, it } from "vitest";
import type { MethodId } from "./evidence.ts";
import type { Level } from "./levels.ts";
import { decideSignIn, type PolicyRefusalCode, PROFESSIONAL_HIGH_ONLY_FROM } from "./policy.ts";

const BEFORE = new Date("2023-12-31T12:00:00Z"); // 2023-12-31 14:00 Riga
const JUST_BEFORE = new Date("2023-12-31T21:59:59.999Z"); // 23:59:59.999 Riga
const AT = new Date("2023-12-31T22:00:00Z"); // 2024-01-01 00:00 Riga
const AFTER = new Date("2024-01-02T10:00:00Z");

interface Row {
  name: string;
  method: MethodId;
  via?: MethodId;
  level: Level;
  professional: boolean;
  minLevel?: Level;
  requested?: Level;
  now: Date;
  expect: "accepted" | PolicyRefusalCode;
}

const rows: Row[] = [
  // AUTH-1: professionals, after the date
  {
    name: "pro eParaksts Mobile after",
    method: "eparaksts-mobile",
    level: "high",
    professional: true,
    now: AFTER,
    expect: "accepted",
  },
  {
    name: "pro eID card after",
    method: "eid-card",
    level: "high",
    professional: true,
    now: AFTER,
    expect: "accepted",
  },
  {
    name: "pro bank via VPM after",
    method: "bank",
    via: "vpm",
    level: "substantial",
    professional: true,
    now: AFTER,
    expect: "professional-means-refused",
  },
  {
    name: "pro Smart-ID via VPM after",
    method: "smart-id",
    via: "vpm",
    level: "substantial",
    professional: true,
    now: AFTER,
    expect: "professional-means-refused",
  },
  {
    name: "pro bank reported high (still refused by means)",
    method: "bank",
    level: "high",
    professional: true,
    now: AFTER,
    expect: "professional-means-refused",
  },
  {
    name: "pro eIDAS substantial after",
    method: "eidas",
    level: "substantial",
    professional: true,
    now: AFTER,
    expect: "professional-level-too-low",
  },
  {
    name: "pro eIDAS high after",
    method: "eidas",
    level: "high",
    professional: true,
    now: AFTER,
    expect: "accepted",
  },
  {
    name: "pro bank exactly at the date",
    method: "bank",
    via: "vpm",
    level: "substantial",
    professional: true,
    now: AT,
    expect: "professional-means-refused",
  },
  // before the date the older means pass
  {
    name: "pro bank before",
    method: "bank",
    via: "vpm",
    level: "substantial",
    professional: true,
    now: BEFORE,
    expect: "accepted",
  },
  {
    name: "pro bank a millisecond before",
    method: "bank",
    via: "vpm",
    level: "substantial",
    professional: true,
    now: JUST_BEFORE,
    expect: "accepted",
  },
  {
    name: "pro Smart-ID before",
    method: "smart-id",
    via: "vpm",
    level: "substantial",
    professional: true,
    now: BEFORE,
    expect: "accepted",
  },
  {
    name: "pro eParaksts Mobile before",
    method: "eparaksts-mobile",
    level: "high",
    professional: true,
    now: BEFORE,
    expect: "accepted",
  },
  // citizens
  {
    name: "citizen bank after",
    method: "bank",
    via: "vpm",
    level: "substantial",
    professional: false,
    now: AFTER,
    expect: "accepted",
  },
  {
    name: "citizen Smart-ID after",
    method: "smart-id",
    via: "vpm",
    level: "substantial",
    professional: false,
    now: AFTER,
    expect: "accepted",
  },
  // the relying party's registered minimum
  {
    name: "citizen bank below min high",
    method: "bank",
    via: "vpm",
    level: "substantial",
    professional: false,
    minLevel: "high",
    now: AFTER,
    expect: "below-relying-party-minimum",
  },
  {
    name: "citizen low below min substantial",
    method: "eidas",
    level: "low",
    professional: false,
    minLevel: "substantial",
    now: AFTER,
    expect: "below-relying-party-minimum",
  },
  {
    name: "pro bank before but min high",
    method: "bank",
    via: "vpm",
    level: "substantial",
    professional: true,
    minLevel: "high",
    now: BEFORE,
    expect: "below-relying-party-minimum",
  },
  // the request's acr_values
  {
    name: "citizen substantial, asked high",
    method: "smart-id",
    via: "vpm",
    level: "substantial",
    professional: false,
    requested: "high",
    now: AFTER,
    expect: "below-requested-level",
  },
  {
    name: "citizen high, asked substantial",
    method: "eparaksts-mobile",
    level: "high",
    professional: false,
    requested: "substantial",
    now: AFTER,
    expect: "accepted",
  },
  {
    name: "citizen low, asked low",
    method: "eidas",
    level: "low",
    professional: false,
    requested: "low",
    now: AFTER,
    expect: "accepted",
  },
];

describe("decideSignIn", () => {
  it.each(rows)("$name → $expect", (row) => {
    const decision = decideSignIn({
      evidence: { method: row.method, via: row.via, level: row.level },
      relyingParty: { professional: row.professional, minLevel: row.minLevel ?? "low" },
      requestedMinimum: row.requested,
      now: row.now,
    });
    expect(decision.accepted ? "accepted" : decision.code).toBe(row.expect);
  });

  it("names the means to use when it refuses a professional", () => {
    const decision = decideSignIn({
      evidence: { method: "bank", via: "vpm", level: "substantial" },
      relyingParty: { professional: true, minLevel: "low" },
      requestedMinimum: undefined,
      now: AFTER,
    });
    expect(decision.accepted).toBe(false);
    if (!decision.accepted) expect(decision.suggestedMeans).toEqual(["eid-card", "eparaksts-mobile"]);
  });

  it("places the date at midnight in Riga", () => {
    expect(PROFESSIONAL_HIGH_ONLY_FROM.toISOString()).toBe("2023-12-31T22:00:00.000Z");
    const riga = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Europe/Riga",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(PROFESSIONAL_HIGH_ONLY_FROM);
    expect(riga).toBe("2024-01-01, 00:00");
  });
});
