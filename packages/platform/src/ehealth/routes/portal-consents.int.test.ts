/**
 * CON-10 over HTTP: the portal's patient page lists the patient's informed consents and carries
 * the form to record a consent or its withdrawal (CSRF, server-side checks with messages next to
 * the fields, post/redirect/get, lv + en); a professional without the right is refused (403,
 * missing right named) and the refusal is recorded. Signed in through the broker and the
 * eParaksts stand-in like a browser (ehealth/testing).
 */
import { defaultStandInPersons } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { Browserless, TestPlatform } from "../../identity/testing/test-platform.ts";
import { insertContract } from "../adapters/contract-store.ts";
import { insertInstitution } from "../adapters/institution-store.ts";
import { listConsents, upsertPatient } from "../adapters/patient-store.ts";
import { insertAttestation, insertUser } from "../adapters/people-store.ts";
import { grantRight } from "../adapters/rights-store.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import type { EhealthTransaction } from "../database.ts";
import { csrfTokenOf, patientAddress, signInToEhealth } from "../testing/sign-in.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";

const persons = defaultStandInPersons();
const doctor = persons[2]!;
const nurse = persons[4]!;
const patient = persons[5]!;
const HOSPITAL = "40003000011";
const NOW = new Date();
const TODAY = rigaDateOf(NOW);

for (const kind of testDatabaseKinds()) {
  describe(`CON-10 consents in the portal on ${kind.name}`, () => {
    let platform: TestPlatform;
    let asDoctor: Browserless;
    let asNurse: Browserless;
    // Each professional's address of the patient page: the search (a POST) gives it, with the
    // patient as an opaque reference that only that professional's session opens.
    const addresses = new Map<Browserless, string>();
    const selection = (who: Browserless = asDoctor) => addresses.get(who) as string;
    const audit = () => platform.database.db.selectFrom("audit_log").selectAll().orderBy("seq").execute();

    beforeAll(async () => {
      platform = await startEhealthTestPlatform(kind, { ehealth: { seedDemo: false } });
      await platform.database.db.transaction().execute(async (trx: EhealthTransaction) => {
        const why = { actor: "system", at: NOW, ground: "test set-up", evidence: "fixture" };
        await insertInstitution(
          trx,
          {
            registrationNumber: HOSPITAL,
            name: "Piekrišanu slimnīca",
            kind: "hospital",
            staffSize: "large",
            contactEmail: "h@example.test",
          },
          "system",
          NOW,
        );
        await insertContract(
          trx,
          { registrationNumber: HOSPITAL, number: "L-1", scope: "portal", concludedOn: "2026-01-05" },
          NOW,
        );
        for (const [person, role] of [
          [doctor, "doctor"],
          [nurse, "nurse"],
        ] as const) {
          const user = await insertUser(
            trx,
            {
              registrationNumber: HOSPITAL,
              personCode: person.personalCode,
              givenName: person.givenName,
              familyName: person.familyName,
              profession: role,
              workplace: "ward",
            },
            NOW,
          );
          await insertAttestation(trx, {
            signer: { kind: "user", user },
            formVersion: "1",
            signedAt: NOW,
            evidence: "form",
          });
          await grantRight(trx, { personCode: person.personalCode, registrationNumber: HOSPITAL, role }, why);
        }
        await upsertPatient(
          trx,
          {
            personCode: patient.personalCode,
            givenName: patient.givenName,
            familyName: patient.familyName,
            birthDate: patient.birthDate,
          },
          NOW,
        );
      });
      ({ browser: asDoctor } = await signInToEhealth(platform, doctor, "professional", {
        returnTo: "/ehealth/portal/",
      }));
      ({ browser: asNurse } = await signInToEhealth(platform, nurse, "professional", {
        returnTo: "/ehealth/portal/",
      }));
      for (const who of [asDoctor, asNurse])
        addresses.set(
          who,
          await patientAddress(who, {
            institution: HOSPITAL,
            patient: patient.personalCode,
            purpose: "treatment",
          }),
        );
    }, 300_000);

    afterAll(async () => {
      await platform?.stop();
    }, 60_000);

    it("the patient page shows the (empty) consents and the form, in Latvian and English", async () => {
      const lv = await (await asDoctor.request(`/ehealth/portal/patient?${selection()}`)).text();
      expect(lv).toContain("Informētās piekrišanas");
      expect(lv).toContain("Pacientam nav reģistrētu informēto piekrišanu.");
      expect(lv).toContain(`action="/ehealth/portal/consent?${selection().replaceAll("&", "&amp;")}"`);
      expect(lv).toContain('name="_csrf"');
      const en = await (await asDoctor.request(`/ehealth/portal/patient?${selection()}&lang=en`)).text();
      expect(en).toContain("Record a consent or its withdrawal");
      expect(en).toContain('<label for="consent-evidence">Evidence</label>');
    });

    it("records a consent (PRG) and lists it; then its withdrawal; each recorded in the access log", async () => {
      const page = await (await asDoctor.request(`/ehealth/portal/patient?${selection()}`)).text();
      const csrf = csrfTokenOf(page);
      const given = await asDoctor.request(`/ehealth/portal/consent?${selection()}`, {
        form: { _csrf: csrf, event: "given", topic: "treatment", date: TODAY, evidence: "Veidlapa Nr. 7" },
      });
      expect(given.status).toBe(303);
      expect(given.headers.get("location")).toBe(
        `/ehealth/portal/patient?${selection()}&notice=consent-given`,
      );
      const after = await (await asDoctor.request(`${given.headers.get("location")!}&lang=en`)).text();
      expect(after).toContain("The consent has been recorded.");
      expect(after).toMatch(/<td>treatment<\/td><td class="consent-given">given<\/td>/);
      expect(after).toContain("Veidlapa Nr. 7");
      expect(after).toContain("Piekrišanu slimnīca");
      expect((await audit()).map((r) => r.action)).toContain("ehealth.consent.recorded");

      const withdrawn = await asDoctor.request(`/ehealth/portal/consent?${selection()}`, {
        form: {
          _csrf: csrf,
          event: "withdrawn",
          topic: "treatment",
          date: TODAY,
          evidence: "Atsaukums Nr. 1",
        },
      });
      expect(withdrawn.status).toBe(303);
      expect(withdrawn.headers.get("location")).toContain("notice=consent-withdrawn");
      const lv = await (await asDoctor.request(`${withdrawn.headers.get("location")!}&lang=lv`)).text();
      expect(lv).toContain("Piekrišanas atsaukums reģistrēts.");
      expect(lv).toMatch(/<td class="consent-withdrawn">atsaukta<\/td>/);
      expect(lv).toContain("Veidlapa Nr. 7<br/>atsaukums: Atsaukums Nr. 1");
      const stored = await listConsents(platform.database.db, { patientCode: patient.personalCode });
      expect(stored.map((c) => c.status)).toEqual(["withdrawn"]);
      expect((await audit()).filter((r) => r.action === "ehealth.consent.withdrawn").at(-1)).toMatchObject({
        action: "ehealth.consent.withdrawn",
        actor: `PNOLV-${doctor.personalCode}`,
        acting_for: HOSPITAL,
        subject_person: `PNOLV-${patient.personalCode}`,
        purpose: "treatment",
        outcome: "success",
      });
    });

    it("a bad form comes back (422) with messages next to the fields and the entered values; nothing stored", async () => {
      const page = await (await asDoctor.request(`/ehealth/portal/patient?${selection()}`)).text();
      const count = (await listConsents(platform.database.db, { patientCode: patient.personalCode })).length;
      const response = await asDoctor.request(`/ehealth/portal/consent?${selection()}&lang=en`, {
        form: {
          _csrf: csrfTokenOf(page),
          event: "given",
          topic: "",
          date: "2999-01-01",
          evidence: "<b>x</b>",
        },
      });
      const html = await response.text();
      expect(response.status).toBe(422);
      expect(html).toContain(
        '<p class="field-error" id="consent-topic-error">Choose the kind of consent.</p>',
      );
      expect(html).toContain(
        '<p class="field-error" id="consent-date-error">The date cannot be in the future.</p>',
      );
      expect(html).toContain('aria-describedby="consent-date-hint consent-date-error"');
      expect(html).toContain('value="2999-01-01"');
      expect(html).toContain('value="&lt;b>x&lt;/b>"');
      expect(html).not.toContain("<b>x</b>");
      const none = await asDoctor.request(`/ehealth/portal/consent?${selection()}&lang=lv`, {
        form: {
          _csrf: csrfTokenOf(page),
          event: "withdrawn",
          topic: "data-exchange",
          date: TODAY,
          evidence: "A-2",
        },
      });
      expect(none.status).toBe(422);
      expect(await none.text()).toContain("Šajā iestādē nav dotas šāda veida piekrišanas, ko atsaukt.");
      expect(await listConsents(platform.database.db, { patientCode: patient.personalCode })).toHaveLength(
        count,
      );
    });

    it("without the CSRF token the form is refused (403) and nothing is stored", async () => {
      const response = await asDoctor.request(`/ehealth/portal/consent?${selection()}`, {
        form: { _csrf: "forged", event: "given", topic: "treatment", date: TODAY, evidence: "F-1" },
      });
      expect(response.status).toBe(403);
      expect(await listConsents(platform.database.db, { patientCode: patient.personalCode })).toHaveLength(1);
    });

    it("a nurse sees the consents but may not record one: 403 naming the missing right; the refusal recorded", async () => {
      const page = await asNurse.request(`/ehealth/portal/patient?${selection(asNurse)}&lang=en`);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).toContain("withdrawal: Atsaukums Nr. 1");
      const refused = await asNurse.request(`/ehealth/portal/consent?${selection(asNurse)}&lang=en`, {
        form: { _csrf: csrfTokenOf(html), event: "given", topic: "treatment", date: TODAY, evidence: "F-8" },
      });
      const refusedHtml = await refused.text();
      expect(refused.status).toBe(403);
      expect(refusedHtml).toContain(`document.upload@${HOSPITAL} (doctor, laboratory-specialist)`);
      expect((await audit()).at(-1)).toMatchObject({
        action: "ehealth.consent.recorded",
        actor: `PNOLV-${nurse.personalCode}`,
        outcome: "denied",
        purpose: "treatment; refused=no-right:document.upload",
      });
      expect(await listConsents(platform.database.db, { patientCode: patient.personalCode })).toHaveLength(1);
    });
  });
}
