/**
 * Issue #5 acceptance: the Latvija.lv adapter's SAML 2.0 path works against an independent
 * implementation. Debian's pysaml2 (xmlsec1 underneath) acts as the identity provider
 * (pysaml2_idp.py, our own script): it signs a SAML 2.0 assertion with the VPM's claims for our
 * realm; wrapped in the WS-Trust RSTR the module sends, our verifier accepts it, and refuses it
 * once tampered with or when another signer is pinned. The other way round, pysaml2 verifies a
 * SAML 2.0 assertion our VPM stand-in signed.
 * Needs `python3-pysaml2` and `xmlsec1` (Debian); skipped, saying so, when they are absent.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildVpmToken,
  certificateToPem,
  createVpmSigningCredential,
  privateKeyToPem,
  wrapInRstr,
} from "@tilts/testbed";
import { afterAll, describe, expect, it } from "vitest";
import { checkVpmAssertion } from "../../src/identity/core/vpm-assertion.ts";
import { evidenceFromVpm } from "../../src/identity/core/vpm-evidence.ts";
import { verifyVpmToken } from "../../src/identity/core/vpm-token.ts";

const PYTHON = "/usr/bin/python3";
const SCRIPT = join(import.meta.dirname, "pysaml2_idp.py");
const probe = spawnSync(
  PYTHON,
  ["-c", "import saml2.sigver, shutil, sys; sys.exit(0 if shutil.which('xmlsec1') else 3)"],
  {
    encoding: "utf8",
  },
);
const available = probe.status === 0;
if (!available)
  console.warn(
    `vpm-pysaml2 interop skipped: needs Debian's python3-pysaml2 and xmlsec1 (${PYTHON} probe exit ${probe.status}: ${(probe.stderr ?? "").trim().split("\n").at(-1) ?? probe.error?.message})`,
  );

const REALM = "https://tilts.example/";
const REPLY = "https://tilts.example/signin/callback/latvija-lv";
const ISSUER = "http://www.latvija.lv/sts";

describe.skipIf(!available)("Latvija.lv SAML 2.0 interop with pysaml2", () => {
  const dir = mkdtempSync(join(tmpdir(), "tilts-vpm-pysaml2-"));
  const idp = createVpmSigningCredential(new Date(), "pysaml2 IdP");
  const keyFile = join(dir, "idp-key.pem");
  const certFile = join(dir, "idp-cert.pem");
  writeFileSync(keyFile, privateKeyToPem(idp.key));
  writeFileSync(certFile, certificateToPem(idp.certificate));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const stamp = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

  function pysaml2Assertion(): string {
    const out = execFileSync(PYTHON, [SCRIPT, "sign"], {
      cwd: dir,
      input: JSON.stringify({
        id: "_pysaml2-interop-1",
        now: stamp(now),
        notOnOrAfter: stamp(new Date(now.getTime() + 300_000)),
        issuer: ISSUER,
        realm: REALM,
        reply: REPLY,
        codes: ["32369193794", "29015611605"],
        givenName: "Jānis",
        familyName: "Ozoliņš",
        level: "3",
        means: "urn:ivis:100001:am-bank-CITADELE",
        keyFile,
        certFile,
      }),
      encoding: "utf8",
      timeout: 60_000,
    });
    return out.replace(/^<\?xml[^>]*\?>\s*/, "");
  }

  async function ours(wresult: string, pinned = idp.certificate) {
    try {
      const token = await verifyVpmToken(wresult, [new X509Certificate(pinned).publicKey]);
      const checked = checkVpmAssertion(token, {
        issuers: [ISSUER],
        realm: REALM,
        replyUrl: REPLY,
        clockSkewMs: 120_000,
        now: new Date(now.getTime() + 1000),
      });
      const result = evidenceFromVpm(checked);
      return result.ok ? result.evidence : result.code;
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  }

  const rstr = (assertion: string) =>
    wrapInRstr(assertion, { version: "2.0", realm: REALM, now, lifetimeMs: 300_000 });

  it("accepts pysaml2's signed SAML 2.0 assertion in the RSTR: bank, substantial, current and earlier code", async () => {
    const evidence = await ours(rstr(pysaml2Assertion()));
    expect(evidence).toEqual({
      method: "bank",
      via: "vpm",
      level: "substantial",
      person: {
        kind: "latvian",
        personalCode: "323691-93794",
        givenName: "Jānis",
        familyName: "Ozoliņš",
        birthDate: "1956-01-29",
        previousCodes: ["290156-11605"],
      },
    });
  }, 120_000);

  it("refuses it tampered with, or when another signer is pinned", async () => {
    const assertion = pysaml2Assertion();
    expect(assertion).toContain(">32369193794<");
    // Another person's code put in: the digest no longer matches.
    expect(await ours(rstr(assertion.replace(">32369193794<", ">32073120115<")))).toBe("digest-mismatch");
    expect(await ours(rstr(assertion.replace(REALM, "https://other.example/")))).toBe("digest-mismatch");
    expect(await ours(rstr(assertion), createVpmSigningCredential().certificate)).toBe("untrusted-signer");
  }, 120_000);

  it("pysaml2 verifies a SAML 2.0 assertion our VPM stand-in signed, and reads its claims", async () => {
    const stand = createVpmSigningCredential();
    const wresult = await buildVpmToken({
      version: "2.0",
      issuer: ISSUER,
      realm: REALM,
      replyUrl: REPLY,
      person: { personalCode: "320731-20115", previousCodes: [], givenName: "Anna", familyName: "Bērziņa" },
      authenticationMethod: "urn:ivis:100001:am-eparaksts-mobile",
      qaaLevel: "4",
      now,
      lifetimeMs: 300_000,
      key: stand.key,
      certificate: stand.certificate,
    });
    const assertion = /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/.exec(wresult)![0];
    const standCert = join(dir, "standin-cert.pem");
    writeFileSync(standCert, certificateToPem(stand.certificate));
    const verdict = JSON.parse(
      execFileSync(PYTHON, [SCRIPT, "verify", standCert], {
        input: assertion,
        encoding: "utf8",
        timeout: 60_000,
      }),
    );
    expect(verdict.valid).toBe(true);
    expect(verdict.issuer).toBe(ISSUER);
    expect(
      verdict.claims["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/privatepersonalidentifier"],
    ).toEqual(["32073120115"]);
    const forged = JSON.parse(
      execFileSync(PYTHON, [SCRIPT, "verify", standCert], {
        input: assertion.replace(">Anna<", ">Anne<"),
        encoding: "utf8",
        timeout: 60_000,
      }),
    );
    expect(forged.valid).toBe(false);
  }, 120_000);
});
