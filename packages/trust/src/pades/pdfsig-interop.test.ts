/**
 * The other direction of interop: poppler's `pdfsig -add-signature` (NSS, adbe.pkcs7.detached,
 * BER-encoded CMS) adds its own incremental update and signature to one of our signed files.
 * Our validator verifies poppler's signature cryptographically, and keeps ours valid: poppler's
 * update only adds a signature widget (and its font), which is an allowed change.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edocTestPki } from "../edoc/testing/edoc-test-pki.ts";
import { signPdf } from "./sign-pdf.ts";
import { buildTestPdf, hasTool } from "./testing/test-pdf.ts";
import { validatePdf } from "./validate-pdf.ts";

const TOOLS = hasTool("pdfsig") && hasTool("certutil");

function run(program: string, args: string[], input?: string): void {
  const r = spawnSync(program, args, { encoding: "utf8", timeout: 60_000, ...(input ? { input } : {}) });
  if (r.status !== 0) throw new Error(`${program} ${args.join(" ")}: ${r.status} ${r.stderr}`);
}

describe("poppler signs on top of our signature", () => {
  it.skipIf(!TOOLS)("pdfsig's adbe.pkcs7.detached signature verifies; ours stays valid", async () => {
    const pki = edocTestPki();
    const ours = await signPdf({
      pdf: await buildTestPdf({ objectStreams: false }),
      signer: pki.issueSigner(),
      level: "LT",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
    });
    const dir = mkdtempSync(join(tmpdir(), "tilts-pdfsig-"));
    const db = `sql:${dir}`;
    writeFileSync(
      join(dir, "noise"),
      new Uint8Array(64).map((_, i) => (i * 37) & 0xff),
    );
    writeFileSync(join(dir, "in.pdf"), ours);
    run("certutil", ["-N", "-d", db, "--empty-password"]);
    // A CA (is CA: y, path length 0, critical: y) and a signer it issues. The signer is RSA:
    // pdfsig 22.12 reserves /Contents from a trial signature, and a longer ECDSA DER value
    // in the real one ("unable update signature") fails now and then.
    run(
      "certutil",
      [
        "-S",
        "-d",
        db,
        "-n",
        "ca",
        "-m",
        "1",
        "-s",
        "CN=Poppler Interop CA,O=Tilts Test,C=LV",
        "-x",
        "-t",
        "CT,C,C",
        "-k",
        "ec",
        "-q",
        "secp256r1",
        "-z",
        join(dir, "noise"),
        "-v",
        "24",
        "-2",
        "--keyUsage",
        "certSigning,crlSigning",
      ],
      "y\n0\ny\n",
    );
    run("certutil", [
      "-S",
      "-d",
      db,
      "-n",
      "signer",
      "-m",
      "2",
      "-s",
      "CN=POPPLER SIGNER,C=LV",
      "-c",
      "ca",
      "-t",
      ",,",
      "-k",
      "rsa",
      "-g",
      "2048",
      "-z",
      join(dir, "noise"),
      "-v",
      "12",
      "--keyUsage",
      "digitalSignature,nonRepudiation",
    ]);
    run("pdfsig", [
      "-add-signature",
      "-nssdir",
      db,
      "-nick",
      "signer",
      "-reason",
      "interop",
      join(dir, "in.pdf"),
      join(dir, "out.pdf"),
    ]);
    const ca = spawnSync("certutil", ["-L", "-d", db, "-n", "ca", "-r"]).stdout as Buffer;
    const both = new Uint8Array(readFileSync(join(dir, "out.pdf")));
    expect(Buffer.compare(both.subarray(0, ours.length), ours)).toBe(0);

    const r = await validatePdf(both, { anchors: [pki.root, new Uint8Array(ca)] });
    const [first, second] = r.signatures;
    expect([first!.signedBy, first!.indication, first!.format]).toEqual([
      "ANNA BERZINA",
      "TOTAL-PASSED",
      "PAdES-BASELINE-LT",
    ]);
    expect(first!.changes.length).toBeGreaterThan(0);
    expect(first!.changes.every((c) => c.allowed)).toBe(true);
    expect([second!.signedBy, second!.format, second!.signatureValueValid, second!.referencesIntact]).toEqual(
      ["POPPLER SIGNER", "PDF-NOT-ETSI", true, true],
    );
    // NSS's test certificates name no OCSP responder or CRL: no revocation data, so not a pass.
    expect([second!.indication, second!.subIndication]).toEqual(["INDETERMINATE", "TRY_LATER"]);
    // pdfsig 22.x leaves its widget out of the AcroForm's /Fields: found on the page, and said so.
    expect(second!.warnings.map((w) => w.code)).toContain("pdf-signature-outside-form");
  });

  it.skipIf(TOOLS)("needs Debian poppler-utils and libnss3-tools (absent here)", () => {
    expect(TOOLS).toBe(false);
  });
});
