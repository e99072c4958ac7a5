/**
 * The anti-copying refusal as the portal shows it (CON-3, ANX2-17), over HTTP with a signed-in
 * professional (the eParaksts stand-in) and a limit set through the configuration key
 * `COPYING_PROFESSIONAL_LIMITS`: a script searching patient after patient gets 429 with
 * `Retry-After` and a Latvian page that says what happened and whom to contact, with no codes; a
 * search in personal-code order (`COPYING_SEQUENTIAL_RUN`) suspends the professional and ends
 * their session (ANX2-18).
 */
import { defaultStandInPersons } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { Browserless, TestPlatform } from "../../identity/testing/test-platform.ts";
import { insertContract } from "../adapters/contract-store.ts";
import { insertInstitution } from "../adapters/institution-store.ts";
import { insertAttestation, insertUser } from "../adapters/people-store.ts";
import { grantRight } from "../adapters/rights-store.ts";
import type { EhealthTransaction } from "../database.ts";
import { csrfTokenOf, signInToEhealth } from "../testing/sign-in.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";
import { scatteredCodes, sequentialCodes } from "./testing/codes.ts";

const doctor = defaultStandInPersons()[2]!;
const HOSPITAL = "40003000021";
const LIMIT = 3;

let platform: TestPlatform;
let browser: Browserless;

beforeAll(async () => {
  platform = await startEhealthTestPlatform(testDatabaseKinds()[0]!, {
    ehealth: { seedDemo: false },
    env: { COPYING_PROFESSIONAL_LIMITS: `${LIMIT} patients/10min`, COPYING_SEQUENTIAL_RUN: String(LIMIT) },
  });
  const now = new Date();
  await platform.database.db.transaction().execute(async (trx: EhealthTransaction) => {
    await insertInstitution(
      trx,
      {
        registrationNumber: HOSPITAL,
        name: "Kopēšanas slimnīca",
        kind: "hospital",
        staffSize: "large",
        contactEmail: "h@example.test",
      },
      "system",
      now,
    );
    await insertContract(
      trx,
      { registrationNumber: HOSPITAL, number: "L-1", scope: "portal", concludedOn: "2026-01-05" },
      now,
    );
    const user = await insertUser(
      trx,
      {
        registrationNumber: HOSPITAL,
        personCode: doctor.personalCode,
        givenName: doctor.givenName,
        familyName: doctor.familyName,
        profession: "doctor",
        workplace: "ward",
      },
      now,
    );
    await insertAttestation(trx, {
      signer: { kind: "user", user },
      formVersion: "1",
      signedAt: now,
      evidence: "form",
    });
    await grantRight(
      trx,
      { personCode: doctor.personalCode, registrationNumber: HOSPITAL, role: "doctor" },
      { actor: "system", at: now, ground: "test set-up", evidence: "fixture" },
    );
  });
  ({ browser } = await signInToEhealth(platform, doctor, "professional", { returnTo: "/ehealth/portal/" }));
}, 300_000);

afterAll(async () => {
  await platform?.stop();
}, 60_000);

describe("the portal's anti-copying page", () => {
  it("a script searching patient after patient is stopped with 429, Retry-After and a page without codes", async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (const patient of scatteredCodes(LIMIT + 1, 9)) {
      const home = await (await browser.request("/ehealth/portal/")).text();
      last = await browser.request("/ehealth/portal/find", {
        form: { _csrf: csrfTokenOf(home), institution: HOSPITAL, patient, purpose: "treatment" },
      });
      statuses.push(last.status);
    }
    // Unregistered codes (a probe): "not found" each time, counted all the same, until the limit.
    expect(statuses).toEqual([404, 404, 404, 429]);
    const retryAfter = Number(last?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    const html = (await last?.text()) ?? "";
    expect(html).toContain("Pacientu datu skatīšana ierobežota");
    expect(html).toContain("Mēģiniet vēlreiz pēc");
    expect(html).toContain("sazinieties ar savas iestādes administratoru vai e-veselības sistēmas operatoru");
    expect(html).not.toMatch(/copying-|limit-reached|patients\/10min/);
  });

  it("a search in personal-code order suspends the professional and ends the session (ANX2-18)", async () => {
    platform.clock.now = new Date(Date.now() + 11 * 60_000); // the next 10-minute window
    const statuses: number[] = [];
    let last: Response | undefined;
    for (const patient of sequentialCodes(LIMIT, 77_000_000)) {
      const home = await (await browser.request("/ehealth/portal/")).text();
      last = await browser.request("/ehealth/portal/find", {
        form: { _csrf: csrfTokenOf(home), institution: HOSPITAL, patient, purpose: "treatment" },
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([404, 404, 403]);
    const html = (await last?.text()) ?? "";
    expect(html).toContain("Pacientu datu skatīšana jums ir apturēta");
    expect(html).toContain("operators par to ir informēts");
    expect(html).not.toMatch(/copying-|sequential/);
    // The session ended with the detection: the portal asks for sign-in again.
    const after = await browser.request("/ehealth/portal/");
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toMatch(/^\/ehealth\/signin\/professional/);
  });
});
