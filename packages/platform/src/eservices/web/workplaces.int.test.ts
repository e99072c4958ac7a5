/**
 * The registration workplaces over HTTP (ESV-2, ESV-3, SIG-6), on PGlite and on PostgreSQL when
 * TEST_DATABASE_URL is set: a representative fills the form (problems shown next to fields),
 * downloads the unsigned eDoc, signs it in the test with the testbed's PKI at XAdES-LT and
 * uploads it; the agency sees it in the queue, registers it and the identifier and the queued
 * e-mail appear. Unsigned and time-stamp-less uploads are refused with their reason on the page;
 * a person who represents no institution, one who represents another, and a non-staff member
 * at the agency's workplace are refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/config.ts";
import { TEST_KEY_ENCRYPTION_SECRET } from "../../core/keys/testing/test-secret.ts";
import { sharedHandle } from "../../core/module/index.ts";
import type { OutboxTables } from "../../core/outbox/tables.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildServer } from "../../http/server.ts";
import type { EservicesDatabase } from "../database.ts";
import { SUBMISSION_REFUSALS } from "../errors.ts";
import { eservicesModule } from "../module.ts";
import { addRepresentative } from "../representatives.ts";
import { createEservicesTestSession, type TestSession, uploadBody } from "../testing/session.ts";
import {
  HOSPITAL,
  openSigningWorld,
  type SigningWorld,
  sampleForm,
  sampleRawForm,
  unsignedFormEdoc,
} from "../testing/signed-forms.ts";

const REPRESENTATIVE = { personalCode: "320000-00006", givenName: "Jānis", familyName: "Bērziņš" };
const OTHER_REPRESENTATIVE = { personalCode: "320000-00017", givenName: "Laura", familyName: "Ozola" };
const AGENCY = { personalCode: "320000-00028", givenName: "Aivars", familyName: "Kalns" };
const CITIZEN = { personalCode: "320000-00039", givenName: "Anna", familyName: "Liepa" };
const OTHER_INSTITUTION = "40003000099";

let world: SigningWorld;
let noTimeStamp: Uint8Array;
let otherSigned: Uint8Array;

/** The form's fields as the page names them. */
function formPayload(raw = sampleRawForm()): string {
  const body = new URLSearchParams({
    "name.lv": raw.nameLv ?? "",
    "name.en": raw.nameEn ?? "",
    "description.lv": raw.descriptionLv ?? "",
    "description.en": raw.descriptionEn ?? "",
    legalBasis: raw.legalBasis ?? "",
    "institution.registrationNumber": raw.institutionRegistrationNumber ?? "",
    "institution.name": raw.institutionName ?? "",
    "institution.email": raw.institutionEmail ?? "",
    "contact.name": raw.contactName ?? "",
    "contact.email": raw.contactEmail ?? "",
    "contact.phone": raw.contactPhone ?? "",
  });
  for (const a of raw.audiences ?? []) body.append("audiences", a);
  for (const c of raw.channels ?? []) body.append("channels", c);
  return body.toString();
}

function pem(der: Uint8Array): string {
  const b64 = Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n");
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

beforeAll(async () => {
  world = openSigningWorld();
  noTimeStamp = await world.sign(unsignedFormEdoc(), world.person(REPRESENTATIVE.personalCode), "B");
  otherSigned = await world.sign(unsignedFormEdoc(), world.person(OTHER_REPRESENTATIVE.personalCode), "LT");
}, 120_000);
afterAll(() => world?.close());

describe.each(testDatabaseKinds())("e-service registration workplaces ($name)", (kind) => {
  let database: TestDatabase;
  let db: Kysely<EservicesDatabase>;
  let app: FastifyInstance;
  let dir: string;
  const sessions: Record<string, TestSession> = {};

  beforeAll(async () => {
    database = await kind.open();
    db = database.db;
    const now = new Date();
    await addRepresentative(
      db,
      {
        institutionRegistrationNumber: HOSPITAL,
        personalCode: REPRESENTATIVE.personalCode,
        fullName: "Jānis Bērziņš",
      },
      "cli",
      now,
    );
    await addRepresentative(
      db,
      {
        institutionRegistrationNumber: OTHER_INSTITUTION,
        personalCode: OTHER_REPRESENTATIVE.personalCode,
        fullName: "Laura Ozola",
      },
      "cli",
      now,
    );
    dir = mkdtempSync(join(tmpdir(), "tilts-eservices-web-"));
    writeFileSync(join(dir, "anchors.pem"), world.anchors().map(pem).join(""));
    const config = loadConfig({
      env: {
        LOG_LEVEL: "silent",
        DATA_DIR: dir,
        PUBLIC_URL: "https://tilts.example.lv",
        KEY_ENCRYPTION_SECRET: TEST_KEY_ENCRYPTION_SECRET,
        ESERVICES_SIGNATURE_ANCHORS: join(dir, "anchors.pem"),
        ESERVICES_AGENCY_STAFF: AGENCY.personalCode,
      },
    });
    app = await buildServer({ config, database, modules: [eservicesModule()], logger: false });
    await app.ready();
    const secure = { secureCookies: true };
    sessions.representative = await createEservicesTestSession(db, REPRESENTATIVE, "representative", secure);
    sessions.other = await createEservicesTestSession(db, OTHER_REPRESENTATIVE, "representative", secure);
    sessions.citizen = await createEservicesTestSession(db, CITIZEN, "representative", secure);
    sessions.agency = await createEservicesTestSession(db, AGENCY, "agency", secure);
    sessions.notStaff = await createEservicesTestSession(db, REPRESENTATIVE, "agency", secure);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const post = (session: TestSession, url: string, payload: string) =>
    app.inject({
      method: "POST",
      url,
      headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: `_csrf=${encodeURIComponent(session.csrf)}&${payload}`,
    });
  const upload = (session: TestSession, file: Uint8Array, url = "/eservices/representative/upload") => {
    const { body, contentType } = uploadBody({ _csrf: session.csrf }, file);
    return app.inject({
      method: "POST",
      url,
      headers: { cookie: session.cookie, "content-type": contentType },
      payload: body,
    });
  };
  const get = (session: TestSession | undefined, url: string) =>
    app.inject({ method: "GET", url, headers: session ? { cookie: session.cookie } : {} });

  it("ESV-2: the form's problems are shown next to their fields, in Latvian", async () => {
    const answer = await post(
      sessions.representative!,
      "/eservices/representative/form",
      formPayload(
        sampleRawForm({ nameLv: "", institutionEmail: "nav-adrese", institutionRegistrationNumber: "123" }),
      ),
    );
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('<html lang="lv"');
    expect(answer.body).toContain('id="esv-name-lv-error"');
    expect(answer.body).toContain("Nosaukums latviski: Aizpildiet šo lauku.");
    expect(answer.body).toContain("Iestādes e-pasts paziņojumiem: Ierakstiet e-pasta adresi");
    expect(answer.body).toContain("Reģistrācijas numurā jābūt 11 cipariem.");
    // The language switch leads to the form's page, not to the address the form was posted to.
    expect(answer.body).toContain('href="/eservices/representative/?lang=en"');
    // What was typed stays in the form.
    expect(answer.body).toContain('value="Booking a doctor\'s appointment"');
    const visible = answer.body.replace(/<[^>]*>/g, " ");
    for (const code of ["required", "bad-email", "name.lv", "citizens"]) expect(visible).not.toContain(code);
  });

  it("ESV-2, ESV-3: download → sign (XAdES-LT) → upload → the agency registers → identifier and queued e-mail", async () => {
    const download = await post(sessions.representative!, "/eservices/representative/form", formPayload());
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/vnd.etsi.asic-e+zip");
    expect(download.headers["content-disposition"]).toContain("eservice-registration.edoc");
    const signed = await world.sign(download.rawPayload, world.person(REPRESENTATIVE.personalCode), "LT");

    const uploaded = await upload(sessions.representative!, signed);
    expect(uploaded.statusCode).toBe(303);
    const formUrl = String(uploaded.headers.location);
    expect(formUrl).toMatch(/^\/eservices\/representative\/forms\/\d+$/);
    const id = formUrl.split("/").pop()!;
    const mine = await get(sessions.representative, formUrl);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain("iesniegta, gaida izskatīšanu");
    // The history's times as people write them, in Riga time.
    expect(mine.body).toMatch(/<td>\d{4}\. gada \d{1,2}\. [a-zāčēģīķļņšūž]+, plkst\. \d{2}\.\d{2}<\/td>/);

    const queue = await get(sessions.agency, "/eservices/agency/");
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`/eservices/agency/forms/${id}`);
    const form = await get(sessions.agency, `/eservices/agency/forms/${id}`);
    expect(form.body).toContain("<dd>320000-00006</dd>");
    expect(form.body).not.toContain("PNOLV-");
    expect(form.body).toContain("Ārstniecības likums, 79. pants");

    const noContact = await post(
      sessions.agency!,
      `/eservices/agency/forms/${id}/register`,
      "contactName=&contactEmail=x",
    );
    expect(noContact.statusCode).toBe(400);
    expect(noContact.body).toContain("Kontaktpersona: Aizpildiet šo lauku.");

    const registered = await post(
      sessions.agency!,
      `/eservices/agency/forms/${id}/register`,
      "contactName=Aivars%20Ozols&contactEmail=aivars.ozols%40agentura.example.lv",
    );
    expect(registered.statusCode).toBe(303);
    const decided = await get(sessions.agency, `/eservices/agency/forms/${id}`);
    const identifier = /ESP-\d{4}-\d{5}/.exec(decided.body)?.[0];
    expect(identifier).toBeDefined();
    expect(decided.body).toContain("e-pasts nosūtīšanai ierindots: kanceleja@slimnica.example.lv");
    const mail = await sharedHandle<OutboxTables>(db)
      .selectFrom("mail_outbox")
      .select(["to_address", "body_text"])
      .where("kind", "=", "eservices.registered")
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to_address).toBe("kanceleja@slimnica.example.lv");
    expect(mail[0]!.body_text).toContain(identifier!);
    // The representative sees the identifier and the history; a second decision is refused.
    const after = await get(sessions.representative, formUrl);
    expect(after.body).toContain(identifier!);
    expect(after.body).toContain("reģistrēta");
    const again = await post(
      sessions.agency!,
      `/eservices/agency/forms/${id}/refuse`,
      "reason=Par%20v%C4%93lu",
    );
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("Par šo veidlapu jau ir pieņemts lēmums.");
  });

  it("SIG-6: an unsigned form and one signed without a time-stamp are refused with the reason by the file field", async () => {
    const unsigned = await upload(sessions.representative!, unsignedFormEdoc(sampleForm()));
    expect(unsigned.statusCode).toBe(422);
    expect(unsigned.body).toMatch(/id="esv-file-error"[^>]*>[^<]*Veidlapa netika pieņemta/);
    expect(unsigned.body).toContain(SUBMISSION_REFUSALS.unsigned.lv);
    const bLevel = await upload(
      sessions.representative!,
      noTimeStamp,
      "/eservices/representative/upload?lang=en",
    );
    expect(bLevel.statusCode).toBe(422);
    expect(bLevel.body).toContain(SUBMISSION_REFUSALS["no-time-stamp"].en);
    // Over ESERVICES_MAX_FORM_BYTES (2 MiB): refused while the body is read, on the page all the same.
    const huge = await upload(sessions.representative!, new Uint8Array(3 * 1024 * 1024));
    expect(huge.statusCode).toBe(413);
    expect(huge.body).toContain(SUBMISSION_REFUSALS["too-large"].lv);
    const hugeByStranger = await upload(sessions.citizen!, new Uint8Array(3 * 1024 * 1024));
    expect(hugeByStranger.statusCode).toBe(413);
    expect(hugeByStranger.body).not.toContain("Veidlapa netika pieņemta");
    const noToken = await upload({ ...sessions.representative!, csrf: "wrong" }, noTimeStamp);
    expect(noToken.statusCode).toBe(403);
  });

  it("a person who represents no institution, one of another institution, and non-staff at the agency are refused", async () => {
    const citizen = await get(sessions.citizen, "/eservices/representative/");
    expect(citizen.statusCode).toBe(403);
    expect(citizen.body).toContain("Šī darba vieta jums nav pieejama");
    const notStaff = await get(sessions.notStaff, "/eservices/agency/");
    expect(notStaff.statusCode).toBe(403);
    expect(notStaff.body).toContain("tikai aģentūras darbiniekiem");
    const anonymous = await get(undefined, "/eservices/agency/");
    expect(anonymous.statusCode).toBe(303);
    expect(String(anonymous.headers.location)).toMatch(/^\/eservices\/signin\/agency\?return=/);
    // A representative's session is not the agency's.
    const wrongKind = await get(sessions.representative, "/eservices/agency/");
    expect(wrongKind.statusCode).toBe(303);

    // Another institution's representative neither sees the hospital's forms nor submits for it.
    const forms = await get(sessions.representative, "/eservices/representative/");
    const hospitalForm = /\/eservices\/representative\/forms\/(\d+)/.exec(forms.body)?.[0];
    expect(hospitalForm).toBeDefined();
    const other = await get(sessions.other, hospitalForm!);
    expect(other.statusCode).toBe(404);
    const otherHome = await get(sessions.other, "/eservices/representative/");
    expect(otherHome.body).not.toContain("Ārsta apmeklējuma pieraksts");
    const signedByOther = await upload(sessions.other!, otherSigned);
    expect(signedByOther.statusCode).toBe(422);
    expect(signedByOther.body).toContain(SUBMISSION_REFUSALS["signer-not-representative"].lv);
  });
});
