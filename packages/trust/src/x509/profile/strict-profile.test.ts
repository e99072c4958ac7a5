/**
 * The strict profile (RFC 5280 §4 and §5 MUSTs): each rule breaks one certificate or CRL of a
 * path that is otherwise valid; the default profile accepts it (RFC 5280 §6 does not need the
 * rule), the strict profile refuses it with the rule's own code at the right index.
 */
import { describe, expect, it } from "vitest";
import { KEY_USAGE } from "../cert/extensions.ts";
import * as D from "../der/writer.ts";
import * as O from "../oids.ts";
import { buildCertificate, buildCrl, type CertificateSpec, ext } from "../testing/build-pki.ts";
import { CA_NAME, ROOT_NAME, simplePki } from "../testing/simple-pki.ts";
import type { PathFailureCode, PathValidationInput } from "../types.ts";
import { validateCertificatePath } from "../validate-certificate-path.ts";
import type { ProfileFailureCode } from "./codes.ts";

const at = new Date("2025-01-01T00:00:00Z");
const pki = simplePki("p256");
const caUsage = ext.keyUsage([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign]);
const dns = (n: string) => D.implicit(2, Buffer.from(n));
const email = (n: string) => D.implicit(1, Buffer.from(n));
const uri = (n: string) => D.implicit(6, Buffer.from(n));
const ip = (...b: number[]) => D.implicit(7, Uint8Array.from(b));
const generalized = (s: string) => D.tlv(0x18, Buffer.from(s, "latin1"));

/** The CA re-issued with other fields (same key, so the leaf still chains). */
const caWith = (overrides: Partial<CertificateSpec>) =>
  buildCertificate({
    serial: 2,
    subject: CA_NAME,
    issuer: ROOT_NAME,
    publicKey: pki.caKey.publicKey,
    issuerKey: pki.rootKey.privateKey,
    extensions: [ext.ca(0), caUsage],
    ...overrides,
  });

async function both(parts: { leaf?: Uint8Array; ca?: Uint8Array }, extra: Partial<PathValidationInput> = {}) {
  const input: PathValidationInput = {
    leaf: parts.leaf ?? pki.leaf,
    untrusted: [parts.ca ?? pki.ca],
    anchors: [pki.root],
    at,
    revocation: "off",
    ...extra,
  };
  return {
    lenient: await validateCertificatePath(input),
    strict: await validateCertificatePath({ ...input, profile: "strict" }),
  };
}

async function expectStrictOnly(
  parts: { leaf?: Uint8Array; ca?: Uint8Array },
  code: ProfileFailureCode,
  index: number,
) {
  const { lenient, strict } = await both(parts);
  expect(lenient.failure, "the default profile accepts it").toBeUndefined();
  expect(strict.failure).toMatchObject({ code, certificateIndex: index });
}

describe("strict profile: certificates (RFC 5280 §4)", () => {
  it("a conforming path passes both profiles", async () => {
    const { lenient, strict } = await both({});
    expect(lenient.valid).toBe(true);
    expect(strict.valid).toBe(true);
  });

  it("serial numbers: positive, at most 20 octets (§4.1.2.2)", async () => {
    await expectStrictOnly(
      { leaf: pki.issueLeaf({ serial: Uint8Array.of(0x80, 0x01) }) },
      "profile-serial-number",
      0,
    );
    await expectStrictOnly({ leaf: pki.issueLeaf({ serial: Uint8Array.of(0) }) }, "profile-serial-number", 0);
    await expectStrictOnly(
      { leaf: pki.issueLeaf({ serial: new Uint8Array(21).fill(0x11) }) },
      "profile-serial-number",
      0,
    );
    const twenty = await both({ leaf: pki.issueLeaf({ serial: new Uint8Array(20).fill(0x11) }) });
    expect(twenty.strict.valid).toBe(true);
  });

  it("fractional seconds are read by default and refused in certificates by the strict profile (§4.1.2.5.2)", async () => {
    const leaf = pki.issueLeaf({
      validityTimes: [generalized("20200101000000.25Z"), generalized("20250101000000.5Z")],
    });
    const before = await both({ leaf }, { at: new Date("2025-01-01T00:00:00.400Z") });
    expect(before.lenient.valid).toBe(true);
    expect(before.strict.failure).toMatchObject({ code: "profile-fractional-time", certificateIndex: 0 });
    const after = await both({ leaf }, { at: new Date("2025-01-01T00:00:00.600Z") });
    expect(after.lenient.failure?.code).toBe("expired");
  });

  it("authorityKeyIdentifier present and non-critical (§4.2.1.1)", async () => {
    await expectStrictOnly(
      { leaf: pki.issueLeaf({ keyIdentifiers: { authority: false } }) },
      "profile-authority-key-id",
      0,
    );
    await expectStrictOnly(
      { leaf: pki.issueLeaf({ keyIdentifiers: { authority: "critical" } }) },
      "profile-authority-key-id",
      0,
    );
    await expectStrictOnly(
      { ca: caWith({ keyIdentifiers: { authority: false } }) },
      "profile-authority-key-id",
      1,
    );
  });

  it("subjectKeyIdentifier present in CA certificates and non-critical (§4.2.1.2)", async () => {
    await expectStrictOnly(
      { ca: caWith({ keyIdentifiers: { subject: false } }) },
      "profile-subject-key-id",
      1,
    );
    await expectStrictOnly(
      { leaf: pki.issueLeaf({ keyIdentifiers: { subject: "critical" } }) },
      "profile-subject-key-id",
      0,
    );
    // An end entity may omit it.
    expect((await both({ leaf: pki.issueLeaf({ keyIdentifiers: { subject: false } }) })).strict.valid).toBe(
      true,
    );
  });

  it("an empty subject needs a critical subjectAltName (§4.1.2.6)", async () => {
    await expectStrictOnly({ leaf: pki.issueLeaf({ subject: [] }) }, "profile-empty-subject", 0);
    await expectStrictOnly(
      { leaf: pki.issueLeaf({ subject: [], extensions: [ext.dnsNames(["portal.vm.gov.lv"])] }) },
      "profile-empty-subject",
      0,
    );
    const critical = ext.raw(O.OID_SUBJECT_ALT_NAME, D.seq(dns("portal.vm.gov.lv")), true);
    expect((await both({ leaf: pki.issueLeaf({ subject: [], extensions: [critical] }) })).strict.valid).toBe(
      true,
    );
  });

  it("basicConstraints critical in CA certificates (§4.2.1.9)", async () => {
    const notCritical = ext.raw(O.OID_BASIC_CONSTRAINTS, D.seq(D.bool(true)));
    await expectStrictOnly(
      { ca: caWith({ extensions: [notCritical, caUsage] }) },
      "profile-basic-constraints-not-critical",
      1,
    );
  });

  it("keyCertSign only with cA (§4.2.1.3)", async () => {
    const usage = ext.keyUsage([KEY_USAGE.digitalSignature, KEY_USAGE.keyCertSign]);
    await expectStrictOnly(
      { leaf: pki.issueLeaf({ extensions: [usage] }) },
      "profile-key-cert-sign-without-ca",
      0,
    );
  });

  it("extendedKeyUsage lists at least one purpose (§4.2.1.12)", async () => {
    await expectStrictOnly(
      { leaf: pki.issueLeaf({ extensions: [ext.extKeyUsage([])] }) },
      "profile-empty-extended-key-usage",
      0,
    );
  });

  it("policyConstraints critical (§4.2.1.11)", async () => {
    const inhibitMapping = D.seq(D.implicit(1, Uint8Array.of(0)));
    await expectStrictOnly(
      { leaf: pki.issueLeaf({ extensions: [ext.raw(O.OID_POLICY_CONSTRAINTS, inhibitMapping)] }) },
      "profile-policy-constraints-not-critical",
      0,
    );
    const critical = ext.raw(O.OID_POLICY_CONSTRAINTS, inhibitMapping, true);
    expect((await both({ leaf: pki.issueLeaf({ extensions: [critical] }) })).strict.valid).toBe(true);
  });

  it("subjectAltName entries are well formed (§4.2.1.6)", async () => {
    const good = [
      dns("portal.vm.gov.lv"),
      dns("*.vm.gov.lv"),
      dns("1st.example.lv"),
      email("anna.berzina@vm.gov.lv"),
      email('"anna berzina"@vm.gov.lv'),
      uri("https://portal.vm.gov.lv/x"),
      uri("urn:oid:1.2.3"),
      ip(10, 0, 0, 1),
      ip(...new Array(16).fill(1)),
    ];
    expect(
      (await both({ leaf: pki.issueLeaf({ extensions: [ext.subjectAltNames(good)] }) })).strict.valid,
    ).toBe(true);
    const bad = [
      dns(".vm.gov.lv"),
      dns("*.lv"),
      dns("portal.*.gov.lv"),
      dns("p*.vm.gov.lv"),
      dns("-portal.vm.gov.lv"),
      dns("under_score.vm.gov.lv"),
      dns("two..dots.lv"),
      dns(""),
      dns(`${"a".repeat(64)}.lv`),
      email("no-at-sign"),
      email("anna@"),
      email("an na@vm.gov.lv"),
      email("anna@*.vm.gov.lv"),
      uri("relative/path"),
      uri("https://"),
      ip(10, 0, 0),
      ip(10, 0, 0, 0, 255, 0, 0, 0),
    ];
    for (const name of bad) {
      const leaf = pki.issueLeaf({ extensions: [ext.subjectAltNames([name])] });
      await expectStrictOnly({ leaf }, "profile-malformed-subject-alt-name", 0);
    }
    await expectStrictOnly(
      { leaf: pki.issueLeaf({ extensions: [ext.subjectAltNames([])] }) },
      "profile-malformed-subject-alt-name",
      0,
    );
  });

  it("nameConstraints only in CA certificates, critical, with well-formed bases (§4.2.1.10)", async () => {
    await expectStrictOnly(
      { leaf: pki.issueLeaf({ extensions: [ext.nameConstraints([dns("vm.gov.lv")])] }) },
      "profile-name-constraints-in-end-entity",
      0,
    );
    const notCritical = ext.raw(O.OID_NAME_CONSTRAINTS, D.seq(D.tlv(0xa0, D.seq(dns("vm.gov.lv")))));
    await expectStrictOnly(
      { ca: caWith({ extensions: [ext.ca(0), caUsage, notCritical] }) },
      "profile-name-constraints-not-critical",
      1,
    );
    const good = [
      dns("vm.gov.lv"),
      email(".vm.gov.lv"),
      email("vm.gov.lv"),
      email("anna@vm.gov.lv"),
      uri(".vm.gov.lv"),
      ip(10, 0, 0, 0, 255, 0, 0, 0),
    ];
    expect(
      (await both({ ca: caWith({ extensions: [ext.ca(0), caUsage, ext.nameConstraints(good)] }) })).strict
        .valid,
    ).toBe(true);
    const bad = [
      dns(".vm.gov.lv"),
      dns("*.vm.gov.lv"),
      email("@vm.gov.lv"),
      uri("https://vm.gov.lv"),
      uri("*.vm.gov.lv"),
      ip(10, 0, 0, 1),
      ip(10, 0, 0, 0, 255, 0, 255, 0),
      ip(...new Array(16).fill(0)),
    ];
    for (const base of bad) {
      const ca = caWith({ extensions: [ext.ca(0), caUsage, ext.nameConstraints([], [base])] });
      await expectStrictOnly({ ca }, "profile-malformed-name-constraints", 1);
    }
  });

  it("backtracking passes over an issuer the strict profile refuses", async () => {
    const notCritical = ext.raw(O.OID_BASIC_CONSTRAINTS, D.seq(D.bool(true)));
    const decoy = caWith({ serial: 9, extensions: [notCritical, caUsage] });
    const input = {
      leaf: pki.leaf,
      untrusted: [decoy, pki.ca],
      anchors: [pki.root],
      at,
      revocation: "off" as const,
    };
    const r = await validateCertificatePath({ ...input, profile: "strict" });
    expect(r.valid).toBe(true);
    expect(r.path[1]?.serial).toBe("02");
    const alone = await validateCertificatePath({ ...input, untrusted: [decoy], profile: "strict" });
    expect(alone.failure?.code).toBe("profile-basic-constraints-not-critical");
  });
});

describe("strict profile: CRLs (RFC 5280 §5)", () => {
  const withCrls = (caCrl: Uint8Array, ca = pki.ca): Partial<PathValidationInput> & { ca: Uint8Array } => ({
    ca,
    crls: [pki.rootCrl, caCrl],
  });

  async function crlCase(caCrl: Uint8Array, ca?: Uint8Array) {
    const { ca: caCert, crls } = withCrls(caCrl, ca);
    return both({ ca: caCert }, { crls, revocation: "require" });
  }

  it("a conforming CRL passes both profiles", async () => {
    const { lenient, strict } = await crlCase(pki.caCrl);
    expect(lenient.valid).toBe(true);
    expect(strict.valid).toBe(true);
  });

  it("cRLNumber present and non-critical (§5.2.3)", async () => {
    for (const crl of [
      buildCrl({ issuer: CA_NAME, issuerKey: pki.caKey.privateKey, crlNumber: null }),
      buildCrl({ issuer: CA_NAME, issuerKey: pki.caKey.privateKey, crlNumberCritical: true }),
    ]) {
      const { lenient, strict } = await crlCase(crl);
      expect(lenient.valid).toBe(true);
      expect(strict.failure).toMatchObject({
        code: "profile-crl-number" satisfies PathFailureCode,
        certificateIndex: 0,
      });
    }
  });

  it("the CRL signer's certificate asserts cRLSign (§4.2.1.3)", async () => {
    const caWithoutKeyUsage = caWith({ extensions: [ext.ca(0)] });
    const { lenient, strict } = await crlCase(pki.caCrl, caWithoutKeyUsage);
    expect(lenient.valid).toBe(true);
    expect(strict.failure).toMatchObject({ code: "profile-crl-signer-key-usage", certificateIndex: 0 });
    // Revoked stays revoked: a leaf on a conforming CRL is refused in both profiles.
    const revoked = await crlCase(pki.caCrlRevoking([3]));
    expect(revoked.lenient.failure?.code).toBe("revoked");
    expect(revoked.strict.failure?.code).toBe("revoked");
  });
});
