/**
 * `tilts eservices …` through the real CLI entry point (main), on an on-disk embedded database:
 * the agency lists a representative, the form is written as an unsigned eDoc, signed (XAdES-LT,
 * the testbed's qualified certificate, as eParaksts would), submitted, seen in the queue,
 * registered with an identifier and shown in the catalogue — JSON output throughout, refusals
 * with exit code 1 and their code, --help for each command (ESV-1..3, SIG-6).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certificateToPem } from "@tilts/testbed";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { loadConfig } from "../../config/config.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";
import { HOSPITAL, openSigningWorld, type SigningWorld, sampleRawForm } from "../testing/signed-forms.ts";

const REPRESENTATIVE = "320000-00006";
const dir = mkdtempSync(join(tmpdir(), "tilts-eservices-cli-"));
const dataDir = join(dir, "data");
let world: SigningWorld;
let anchors: string;

beforeAll(() => {
  world = openSigningWorld();
  anchors = join(dir, "anchors.pem");
  writeFileSync(anchors, certificateToPem(world.anchors()[0]!));
});
afterAll(() => {
  world?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    // The anchors file stands for a production configuration; the testbed stays off.
    env: { LOG_LEVEL: "silent", TILTS_TESTBED: "false", ESERVICES_SIGNATURE_ANCHORS: anchors },
  });
  return { code, out, err };
}

describe("tilts eservices", () => {
  it("every command has --help with its options and exit codes", async () => {
    for (const path of [
      ["form"],
      ["submit"],
      ["queue"],
      ["register"],
      ["refuse"],
      ["representative", "add"],
      ["catalogue"],
    ]) {
      const help = await run(["eservices", ...path, "--help"]);
      expect(help.code, path.join(" ")).toBe(0);
      expect(help.out).toContain(`Usage: tilts eservices ${path.join(" ")}`);
      expect(help.out).toContain("Exit codes:");
    }
  });

  it("form → sign → submit → queue → register → catalogue, with JSON output", {
    timeout: 300_000,
  }, async () => {
    const f = sampleRawForm();
    const unsigned = join(dir, "form.edoc");
    const formArgs = [
      "eservices",
      "form",
      "--out",
      unsigned,
      "--json",
      "--name-lv",
      f.nameLv!,
      "--name-en",
      f.nameEn!,
      "--description-lv",
      f.descriptionLv!,
      "--description-en",
      f.descriptionEn!,
      "--audience",
      "citizens",
      "--channel",
      "state-portal",
      "--channel",
      "api",
      "--legal-basis",
      f.legalBasis!,
      "--institution",
      HOSPITAL,
      "--institution-name",
      f.institutionName!,
      "--institution-email",
      f.institutionEmail!,
      "--contact-name",
      f.contactName!,
      "--contact-email",
      f.contactEmail!,
    ];
    const written = await run(formArgs);
    expect(written.err).toBe("");
    expect(written.code).toBe(0);
    expect(JSON.parse(written.out)).toMatchObject({
      file: unsigned,
      form_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const invalid = await run([...formArgs.slice(0, -2), "--contact-email", "nobody"]);
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.out)).toMatchObject({
      code: "form-invalid",
      fields: [{ field: "contact.email", code: "bad-email" }],
    });

    const signedFile = join(dir, "form-signed.edoc");
    writeFileSync(signedFile, await world.sign(readFileSync(unsigned), world.person(REPRESENTATIVE), "LT"));

    // Not yet a representative: refused with the code and both reasons.
    const early = await run(["eservices", "submit", signedFile, "--data-dir", dataDir, "--json"]);
    expect(early.code).toBe(1);
    expect(JSON.parse(early.out)).toMatchObject({
      refused: true,
      code: "signer-not-representative",
      reason: { lv: expect.stringContaining("pārstāvis"), en: expect.stringContaining("representative") },
    });

    const added = await run([
      "eservices",
      "representative",
      "add",
      "--institution",
      HOSPITAL,
      "--personal-code",
      REPRESENTATIVE,
      "--name",
      "Jānis Bērziņš",
      "--data-dir",
      dataDir,
      "--json",
    ]);
    expect(added.code).toBe(0);
    expect(added.out).not.toContain(REPRESENTATIVE);

    const submitted = await run(["eservices", "submit", signedFile, "--data-dir", dataDir, "--json"]);
    expect(submitted.err).toBe("");
    const form = JSON.parse(submitted.out);
    expect(form).toMatchObject({ status: "submitted", institution: HOSPITAL, name: { en: f.nameEn } });

    const queue = JSON.parse((await run(["eservices", "queue", "--data-dir", dataDir, "--json"])).out);
    expect(queue.forms.map((q: { id: string }) => q.id)).toEqual([form.id]);

    const registered = await run([
      "eservices",
      "register",
      form.id,
      "--contact",
      "Aivars Ozols",
      "--contact-email",
      "aivars.ozols@agentura.example.lv",
      "--data-dir",
      dataDir,
      "--json",
    ]);
    const registration = JSON.parse(registered.out);
    expect(registration.identifier).toMatch(/^ESP-\d{4}-00001$/);
    expect(registration.notice).toMatchObject({ to: f.institutionEmail });
    // ESV-3: the institution is told by e-mail — the notice waits in the platform's mail outbox.
    expect(registration.notice_queued).toBe(true);
    const database = await openConfiguredDatabase(loadConfig({ env: { DATA_DIR: dataDir } }));
    try {
      const mail = await sql<{ to_address: string; subject: string; status: string }>`
        select to_address, subject, status from mail_outbox where kind = 'eservices.registered'`.execute(
        database.db,
      );
      expect(mail.rows).toEqual([
        {
          to_address: f.institutionEmail,
          subject: expect.stringContaining(registration.identifier),
          status: "queued",
        },
      ]);
    } finally {
      await database.close();
    }

    const twice = await run(["eservices", "refuse", form.id, "--reason", "late", "--data-dir", dataDir]);
    expect(twice.code).toBe(1);
    expect(twice.err).toContain("[not-submitted]");

    const catalogue = JSON.parse(
      (await run(["eservices", "catalogue", "--q", "ģimenes", "--data-dir", dataDir, "--json"])).out,
    );
    expect(catalogue).toMatchObject({ count: 1, eservices: [{ identifier: registration.identifier }] });
  });
});
