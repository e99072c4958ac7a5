/**
 * The public verification page over HTTP (issue "Signing"): the form in Latvian and English; an
 * eDoc signed at XAdES-T with a qualified certificate from the test PKI shows its files (text
 * and image opened inline in a sandbox, HTML only as a download), the signer's name and
 * personal code, "valid", the time proven by a time-stamp; a signature made after the signer's
 * certificate was revoked shows "not valid" with the reason and what to do (SIG-4); an
 * unreadable or oversized upload gets a refusal page; the files are gone after the configured
 * time. The module keeps nothing in the database, so PGlite alone is enough here.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyDocument } from "@tilts/trust";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/config.ts";
import { TEST_KEY_ENCRYPTION_SECRET } from "../../core/keys/testing/test-secret.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildServer } from "../../http/server.ts";
import { signingModule } from "../module.ts";
import { reasonSentence } from "../pages/reason-sentences.ts";
import {
  multipartUpload,
  openVerificationWorld,
  type VerificationWorld,
} from "../testing/verification-world.ts";

const SIGNER_CODE = "320000-00006";
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);
const FILES = [
  {
    name: "iesniegums.txt",
    content: new TextEncoder().encode("Lūdzu piešķirt atvaļinājumu."),
    mediaType: "text/plain",
  },
  { name: "paraksts.png", content: new Uint8Array(PNG), mediaType: "image/png" },
  {
    name: "lapa.html",
    content: new TextEncoder().encode("<script>alert(1)</script>"),
    mediaType: "text/html",
  },
];

let world: VerificationWorld;
let database: TestDatabase;
let app: FastifyInstance;
let dir: string;
let clock = Date.now();
/** The sealed report of the first test, uploaded again by the next one. */
let sealedReport: Uint8Array | undefined;

beforeAll(async () => {
  world = openVerificationWorld();
  database = await testDatabaseKinds()[0]!.open();
  dir = mkdtempSync(join(tmpdir(), "tilts-verify-routes-"));
  const config = loadConfig({
    env: {
      LOG_LEVEL: "silent",
      DATA_DIR: dir,
      PUBLIC_URL: "https://tilts.example.lv",
      KEY_ENCRYPTION_SECRET: TEST_KEY_ENCRYPTION_SECRET,
      SIGNING_MAX_UPLOAD_BYTES: "250000",
      SIGNING_CONTENT_TTL_SECONDS: "60",
    },
  });
  const trustedLists = await world.trustedLists();
  const signing = signingModule(config, {
    anchors: world.anchors,
    trustedLists: () => trustedLists,
    reportSeal: world.reportSeal(),
    fetchers: world.fetchers,
    now: () => new Date(clock),
  });
  app = await buildServer({ config, database, modules: [{ name: "signing", ...signing }], logger: false });
  await app.ready();
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
  world?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const visibleText = (html: string) => html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ");

async function upload(name: string, bytes: Uint8Array, lang = "lv") {
  const { payload, headers } = multipartUpload("document", name, bytes);
  return app.inject({ method: "POST", url: `/verify?lang=${lang}`, headers, payload });
}

describe("the verification page", () => {
  it("offers the upload form in Latvian and English, without sign-in", async () => {
    const lv = await app.inject({ method: "GET", url: "/verify" });
    expect(lv.statusCode).toBe(200);
    expect(lv.body).toContain('<html lang="lv"');
    expect(lv.body).toContain('enctype="multipart/form-data"');
    expect(lv.body).toContain("Parakstīta dokumenta pārbaude");
    expect(visibleText(lv.body)).toContain("250 kB");
    for (const english of ["Verify", "Upload", "document", "Signed"])
      expect(visibleText(lv.body)).not.toContain(english);
    const en = await app.inject({ method: "GET", url: "/verify?lang=en" });
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain("Verify a signed document");
  });

  it("shows a valid eDoc: its files, the signer, the level and the time proven by a time-stamp", async () => {
    const signer = world.person(SIGNER_CODE);
    const edoc = await world.signEdoc(FILES, signer, "T");
    const page = await upload("iesniegums.edoc", edoc);
    expect(page.statusCode).toBe(200);
    const text = visibleText(page.body);
    expect(text).toContain("Visi dokumenta paraksti ir derīgi.");
    // The name as the certificate writes it (eParaksts: upper case).
    expect(text).toContain("Paraksts 1: ANNA LIEPIŅA");
    expect(text).toContain(`Personas kods ${SIGNER_CODE}`);
    expect(text).toContain("Derīgs");
    expect(text).toContain(
      "Paraksta veids Kvalificēts elektroniskais paraksts (drošs elektroniskais paraksts)",
    );
    expect(text).toMatch(/\d{4}\. gada \d{1,2}\. [a-zā-ž]+, plkst\. \d{2}\.\d{2} — apliecina laika zīmogs/);
    expect(text).toContain("iesniegums.txt");
    expect(text).toContain("teksts");
    expect(text).toContain("attēls");
    // The level is named in words, never by its code, on the Latvian page.
    expect(text).not.toMatch(/QESig|AdES|TOTAL-PASSED|PNOLV/);

    const links = [...page.body.matchAll(/href="(\/verify\/[A-Za-z0-9_-]{43}\/files\/(\d+))"/g)].map(
      (m) => m[1]!,
    );
    expect(links).toContain(links.find((l) => l.endsWith("/0")));
    // The HTML file has no "open" link: only a download.
    expect(links.some((l) => l.endsWith("/2"))).toBe(false);
    expect(page.body).toMatch(/\/files\/2\?download=1/);

    const base = links[0]!.replace(/\/\d+$/, "");
    const text0 = await app.inject({ method: "GET", url: `${base}/0` });
    expect(text0.statusCode).toBe(200);
    expect(text0.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(text0.headers["content-disposition"]).toMatch(/^inline;/);
    expect(text0.headers["content-security-policy"]).toContain("sandbox");
    expect(text0.body).toBe("Lūdzu piešķirt atvaļinājumu.");
    const image = await app.inject({ method: "GET", url: `${base}/1` });
    expect(image.headers["content-type"]).toBe("image/png");
    expect(Buffer.from(image.rawPayload).equals(PNG)).toBe(true);
    const html = await app.inject({ method: "GET", url: `${base}/2` });
    expect(html.headers["content-type"]).toBe("application/octet-stream");
    expect(html.headers["content-disposition"]).toMatch(/^attachment; filename="lapa.html"/);
    const download = await app.inject({ method: "GET", url: `${base}/0?download=1` });
    expect(download.headers["content-disposition"]).toMatch(/^attachment;/);

    // The validation report: a PDF sealed by the service at PAdES B-T, which our verifier accepts.
    const reportHref = /href="(\/verify\/[A-Za-z0-9_-]{43}\/report\.pdf\?lang=lv)"/.exec(page.body)![1]!;
    const report = await app.inject({ method: "GET", url: reportHref });
    expect(report.statusCode).toBe(200);
    expect(report.headers["content-type"]).toBe("application/pdf");
    expect(report.headers["content-disposition"]).toMatch(/^attachment; filename="parbaudes-parskats.pdf"/);
    const reportPdf = new Uint8Array(report.rawPayload);
    expect(Buffer.from(reportPdf).includes("/Lang (lv-LV)")).toBe(true);
    const checked = await verifyDocument(reportPdf, {
      anchors: world.anchors(),
      fetchers: world.fetchers,
      fileName: "parbaudes-parskats.pdf",
    });
    expect(checked.container).toBe("PDF");
    expect(checked.signatures).toHaveLength(1);
    expect(checked.signatures[0]).toMatchObject({
      indication: "TOTAL-PASSED",
      format: "PAdES-BASELINE-T",
      signedBy: "Tilts pārbaudes pakalpojums",
      scope: "FULL",
    });
    expect(checked.signatures[0]!.timestamps.some((t) => t.type === "SIGNATURE" && t.valid)).toBe(true);
    sealedReport = reportPdf;

    // After the configured time the files are gone.
    clock += 61_000;
    const expired = await app.inject({ method: "GET", url: `${base}/0` });
    expect(expired.statusCode).toBe(404);
    expect(visibleText(expired.body)).toContain("vairs nav pieejams");
    expect((await app.inject({ method: "GET", url: reportHref })).statusCode).toBe(404);
  });

  it("SIG-4: a signature made after the certificate was revoked is not valid, with the reason and what to do", async () => {
    const signer = world.person("010101-10006", "Pēteris", "Kalns");
    const before = await world.signEdoc(FILES.slice(0, 1), signer, "T");
    expect(visibleText((await upload("pirms.edoc", before)).body)).toContain(
      "Visi dokumenta paraksti ir derīgi.",
    );
    world.pki.revoke(signer.certificate, "keyCompromise");
    const after = await world.signEdoc(FILES.slice(0, 1), signer, "T");
    const page = await upload("pec.edoc", after, "en");
    const text = visibleText(page.body);
    expect(text).toContain("Not all signatures of the document are valid.");
    expect(text).toContain("Not valid");
    expect(text).toContain(reasonSentence("REVOKED", "en").reason);
    expect(text).toContain(reasonSentence("REVOKED", "en").advice);
  });

  it("verifies a sealed PDF: the institution's identifier, the PDF opened inline, a changed copy not valid", async () => {
    const page = await upload("parskats.pdf", sealedReport!);
    const text = visibleText(page.body);
    expect(text).toContain("Visi dokumenta paraksti ir derīgi.");
    expect(text).toContain("Paraksts 1: Tilts pārbaudes pakalpojums");
    expect(text).toContain("Identifikators 90000000001");
    expect(text).toContain("PDF dokuments");
    const href = /href="(\/verify\/[A-Za-z0-9_-]{43}\/files\/0)"/.exec(page.body)![1]!;
    const pdf = await app.inject({ method: "GET", url: href });
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toMatch(/^inline;/);
    // Browsers show no PDF in a sandbox; scripts stay off by default-src 'none'.
    expect(pdf.headers["content-security-policy"]).not.toContain("sandbox");
    expect(pdf.headers["content-security-policy"]).toContain("default-src 'none'");

    // One letter changed inside the signed bytes: the content no longer matches the seal.
    const changed = Buffer.from(sealedReport!);
    const at = changed.indexOf("/Lang (lv-LV)");
    expect(at).toBeGreaterThan(0);
    changed.write("/Lang (lv-LT)", at, "latin1");
    const broken = visibleText((await upload("parskats.pdf", changed)).body);
    expect(broken).toContain("Nav derīgs");
    expect(broken).toContain(reasonSentence("HASH_FAILURE", "lv").reason);
    expect(broken).toContain(reasonSentence("HASH_FAILURE", "lv").advice);
  });

  it("refuses an unreadable, an empty and an oversized upload with a page saying why", async () => {
    const unreadable = await upload("zimejums.bin", new TextEncoder().encode("not a signed document"));
    expect(unreadable.statusCode).toBe(422);
    expect(visibleText(unreadable.body)).toContain("Fails nav eDoc");
    const empty = await upload("tukss.edoc", new Uint8Array());
    expect(empty.statusCode).toBe(400);
    const large = await upload("liels.pdf", new Uint8Array(300 * 1024));
    expect(large.statusCode).toBe(413);
    expect(visibleText(large.body)).toContain("Fails ir pārāk liels");
    expect(visibleText(large.body)).toContain("250 kB");
  });

  it("answers an unknown or malformed file address with the expiry page, not an error", async () => {
    const unknown = await app.inject({ method: "GET", url: `/verify/${"A".repeat(43)}/files/0?lang=en` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain("no longer available");
    const malformed = await app.inject({ method: "GET", url: "/verify/x/files/0" });
    expect(malformed.statusCode).toBe(400);
  });
});
