/**
 * The Web eID token validator (AUTH-1, AUTH-4; issue #5 security item 5): an accepted token and
 * every refusal, against certificates from a real test PKI with OCSP answered in process.
 */
import { constants as cryptoConstants, type KeyObject, randomBytes, sign } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { issuePerson, respondToOcspRequest, TestPki, testbedPkiOids } from "@tilts/testbed";
import { buildOcspRequest } from "@tilts/trust";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IdentityError } from "../errors.ts";
import { signedDataOf } from "./eid-card-signature.ts";
import { MAX_TOKEN_CHARS, type WebEidAlgorithm } from "./eid-card-token.ts";
import { type EidCardValidationInput, validateEidCardToken } from "./eid-card-validator.ts";

const ORIGIN = "https://tilts.example";
const NOW = new Date();
const dirs: string[] = [];
let pki: TestPki;
let foreignPki: TestPki;
let card: { certificate: Uint8Array; privateKey: KeyObject };

function newPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "tilts-eid-validator-"));
  dirs.push(dir);
  // P-256 for the organisation CA: these tests never use it, and RSA-4096 key generation is slow.
  return TestPki.create(dir, { baseUrl: "http://127.0.0.1:9/testbed", caKeys: { org: "p256" } });
}

function issueCard(from: TestPki, options: Partial<Parameters<typeof issuePerson>[1]> = {}) {
  return issuePerson(from, {
    givenName: "Jānis",
    surname: "Bērziņš",
    personalCode: "290156-11605",
    ca: "eid",
    usage: "auth",
    key: "p384",
    ...options,
  });
}

function makeToken(
  credential: { certificate: Uint8Array; privateKey: KeyObject },
  nonce: string,
  options: { origin?: string; algorithm?: WebEidAlgorithm; format?: string } = {},
): string {
  const algorithm = options.algorithm ?? "ES384";
  const data = signedDataOf(algorithm, options.origin ?? ORIGIN, nonce);
  const hash = `sha${algorithm.slice(2)}`;
  const key = credential.privateKey;
  const signature = algorithm.startsWith("ES")
    ? sign(hash, data, { key, dsaEncoding: "ieee-p1363" })
    : algorithm.startsWith("PS")
      ? sign(hash, data, {
          key,
          padding: cryptoConstants.RSA_PKCS1_PSS_PADDING,
          saltLength: cryptoConstants.RSA_PSS_SALTLEN_DIGEST,
        })
      : sign(hash, data, key);
  return JSON.stringify({
    unverifiedCertificate: Buffer.from(credential.certificate).toString("base64"),
    algorithm,
    signature: signature.toString("base64"),
    format: options.format ?? "web-eid:1.0",
    appVersion: "https://web-eid.eu/web-eid-app/releases/2.5.0+0",
  });
}

function input(
  tokenText: string,
  nonce: string,
  overrides: Partial<EidCardValidationInput> = {},
): EidCardValidationInput {
  return {
    tokenText,
    challenge: { nonce, expiresAt: new Date(NOW.getTime() + 60_000), firstUse: true },
    origin: ORIGIN,
    now: NOW,
    validationTime: NOW,
    trust: {
      anchors: [pki.ca("eid").certificate],
      highPolicies: [testbedPkiOids.OID_TESTBED_POLICY_EID],
      fetchOcsp: async (_url, request) => respondToOcspRequest(pki, request),
    },
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IdentityError) return error.code;
    throw error;
  }
  return "accepted";
}

const freshNonce = () => randomBytes(32).toString("base64");

beforeAll(() => {
  pki = newPki();
  foreignPki = newPki();
  card = issueCard(pki);
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("Web eID token validation (AUTH-4 eID card, level from the certificate policy)", () => {
  it("accepts a P-384 card's token: eid-card, high, the PNOLV person", async () => {
    const nonce = freshNonce();
    const evidence = await validateEidCardToken(input(makeToken(card, nonce), nonce));
    expect(evidence).toMatchObject({
      method: "eid-card",
      level: "high",
      person: { kind: "latvian", personalCode: "290156-11605", givenName: "JĀNIS", familyName: "BĒRZIŅŠ" },
    });
    expect(evidence.person.kind === "latvian" && evidence.person.birthDate).toBe("1956-01-29");
  });

  it.each(["PS256", "RS384", "RS512"] as const)("accepts an RSA card signing with %s", async (algorithm) => {
    const rsaCard = issueCard(pki, { key: "rsa2048" });
    const nonce = freshNonce();
    await expect(
      validateEidCardToken(input(makeToken(rsaCard, nonce, { algorithm }), nonce)),
    ).resolves.toMatchObject({
      level: "high",
    });
  });

  it("refuses a bad signature (eid-signature-invalid)", async () => {
    const nonce = freshNonce();
    const token = JSON.parse(makeToken(card, nonce));
    const signature = Buffer.from(token.signature, "base64");
    signature[10]! ^= 0x01;
    token.signature = signature.toString("base64");
    expect(await refusal(validateEidCardToken(input(JSON.stringify(token), nonce)))).toBe(
      "eid-signature-invalid",
    );
  });

  it("refuses a token signed for another origin (eid-signature-invalid)", async () => {
    const nonce = freshNonce();
    const token = makeToken(card, nonce, { origin: "https://evil.example" });
    expect(await refusal(validateEidCardToken(input(token, nonce)))).toBe("eid-signature-invalid");
  });

  it("refuses a signature over another nonce (eid-signature-invalid)", async () => {
    const nonce = freshNonce();
    expect(await refusal(validateEidCardToken(input(makeToken(card, freshNonce()), nonce)))).toBe(
      "eid-signature-invalid",
    );
  });

  it("refuses an algorithm that does not fit the key (ES384 claimed, RSA key)", async () => {
    const rsaCard = issueCard(pki, { key: "rsa2048" });
    const nonce = freshNonce();
    const token = JSON.parse(makeToken(rsaCard, nonce, { algorithm: "RS384" }));
    token.algorithm = "ES384";
    expect(await refusal(validateEidCardToken(input(JSON.stringify(token), nonce)))).toBe(
      "eid-signature-invalid",
    );
  });

  it("refuses a replayed nonce (eid-nonce-replayed)", async () => {
    const nonce = freshNonce();
    const replay = input(makeToken(card, nonce), nonce, {
      challenge: { nonce, expiresAt: new Date(NOW.getTime() + 60_000), firstUse: false },
    });
    expect(await refusal(validateEidCardToken(replay))).toBe("eid-nonce-replayed");
  });

  it("refuses an expired nonce (eid-nonce-expired)", async () => {
    const nonce = freshNonce();
    const late = input(makeToken(card, nonce), nonce, {
      challenge: { nonce, expiresAt: new Date(NOW.getTime() - 1), firstUse: true },
    });
    expect(await refusal(validateEidCardToken(late))).toBe("eid-nonce-expired");
  });

  it("refuses a nonce never issued to this sign-in (eid-nonce-unknown)", async () => {
    const nonce = freshNonce();
    expect(
      await refusal(validateEidCardToken(input(makeToken(card, nonce), nonce, { challenge: undefined }))),
    ).toBe("eid-nonce-unknown");
  });

  it("refuses a revoked certificate, checked by OCSP (eid-certificate-revoked)", async () => {
    const revoked = issueCard(pki);
    pki.revoke(revoked.certificate, "keyCompromise");
    const nonce = freshNonce();
    expect(await refusal(validateEidCardToken(input(makeToken(revoked, nonce), nonce)))).toBe(
      "eid-certificate-revoked",
    );
  });

  it("refuses an old 'good' OCSP answer replayed after the card was revoked (Web eID: the answer's thisUpdate must be fresh)", async () => {
    const stolen = issueCard(pki);
    // Forty minutes ago the responder answered "good", valid for an hour; someone on the (plain
    // HTTP) OCSP path kept that answer, and the card has been revoked since.
    const earlier = TestPki.load(pki.stateDir, { now: () => new Date(NOW.getTime() - 40 * 60_000) });
    const kept = respondToOcspRequest(
      earlier,
      buildOcspRequest({ certificate: stolen.certificate, issuer: pki.ca("eid").certificate }),
    );
    pki.revoke(stolen.certificate, "keyCompromise");
    const nonce = freshNonce();
    const base = input(makeToken(stolen, nonce), nonce);
    const replayed = { ...base, trust: { ...base.trust, fetchOcsp: async () => kept } };
    expect(await refusal(validateEidCardToken(replayed))).toBe("eid-revocation-unavailable");
  });

  it("refuses when no OCSP answer can be had (eid-revocation-unavailable: fail closed)", async () => {
    const nonce = freshNonce();
    const base = input(makeToken(card, nonce), nonce);
    const offline = { ...base, trust: { ...base.trust, fetchOcsp: async () => undefined } };
    expect(await refusal(validateEidCardToken(offline))).toBe("eid-revocation-unavailable");
  });

  it("refuses a certificate from an untrusted CA (eid-certificate-untrusted)", async () => {
    const stranger = issueCard(foreignPki);
    const nonce = freshNonce();
    const base = input(makeToken(stranger, nonce), nonce);
    const withItsOcsp = {
      ...base,
      trust: {
        ...base.trust,
        fetchOcsp: async (_url: string, request: Uint8Array) => respondToOcspRequest(foreignPki, request),
      },
    };
    expect(await refusal(validateEidCardToken(withItsOcsp))).toBe("eid-certificate-untrusted");
  });

  it("refuses an expired certificate (eid-certificate-expired)", async () => {
    const old = issueCard(pki, { notBefore: new Date(NOW.getTime() - 10 * 86_400_000), validityDays: 5 });
    const nonce = freshNonce();
    expect(await refusal(validateEidCardToken(input(makeToken(old, nonce), nonce)))).toBe(
      "eid-certificate-expired",
    );
  });

  it("refuses a certificate not yet valid (eid-certificate-not-yet-valid)", async () => {
    const nonce = freshNonce();
    const early = input(makeToken(card, nonce), nonce, {
      validationTime: new Date(NOW.getTime() - 86_400_000),
    });
    expect(await refusal(validateEidCardToken(early))).toBe("eid-certificate-not-yet-valid");
  });

  it("refuses a signing (non-repudiation) certificate (eid-certificate-purpose)", async () => {
    const signing = issueCard(pki, { usage: "sign" });
    const nonce = freshNonce();
    expect(await refusal(validateEidCardToken(input(makeToken(signing, nonce), nonce)))).toBe(
      "eid-certificate-purpose",
    );
  });

  it("refuses a certificate without the eID card authentication policy (eid-certificate-policy)", async () => {
    const eparakstsAuth = issueCard(pki, { ca: "eparaksts", key: "p384" });
    const nonce = freshNonce();
    expect(await refusal(validateEidCardToken(input(makeToken(eparakstsAuth, nonce), nonce)))).toBe(
      "eid-certificate-policy",
    );
  });

  it("refuses a subject whose personal code fails its check digit (eid-certificate-subject)", async () => {
    const bad = issueCard(pki, { personalCode: "290156-11606" });
    const nonce = freshNonce();
    expect(await refusal(validateEidCardToken(input(makeToken(bad, nonce), nonce)))).toBe(
      "eid-certificate-subject",
    );
  });

  describe("malformed tokens (size and shape limits)", () => {
    const nonce = freshNonce();
    const good = () => JSON.parse(makeToken(card, nonce)) as Record<string, unknown>;
    it.each([
      ["empty", () => ""],
      ["not JSON", () => "{unverifiedCertificate:"],
      ["an array", () => "[]"],
      ["null", () => "null"],
      ["too large", () => JSON.stringify({ ...good(), padding: "x".repeat(MAX_TOKEN_CHARS) })],
      ["no certificate", () => JSON.stringify({ ...good(), unverifiedCertificate: undefined })],
      ["certificate not base64", () => JSON.stringify({ ...good(), unverifiedCertificate: "***" })],
      [
        "certificate garbage",
        () =>
          JSON.stringify({ ...good(), unverifiedCertificate: Buffer.from("garbage!").toString("base64") }),
      ],
      ["huge certificate", () => JSON.stringify({ ...good(), unverifiedCertificate: "A".repeat(13_000) })],
      ["huge signature", () => JSON.stringify({ ...good(), signature: "A".repeat(2048) })],
      ["signature a number", () => JSON.stringify({ ...good(), signature: 5 })],
      ["no format", () => JSON.stringify({ ...good(), format: undefined })],
      ["appVersion too long", () => JSON.stringify({ ...good(), appVersion: "v".repeat(300) })],
    ] as [string, () => string][])("%s → eid-token-malformed", async (_name, text) => {
      expect(await refusal(validateEidCardToken(input(text(), nonce)))).toBe("eid-token-malformed");
    });

    it("an unknown format → eid-format-unsupported", async () => {
      const token = makeToken(card, nonce, { format: "web-eid:2.0" });
      expect(await refusal(validateEidCardToken(input(token, nonce)))).toBe("eid-format-unsupported");
    });

    it.each(["HS256", "none", "EdDSA", "es384"])(
      "algorithm %s → eid-algorithm-unsupported",
      async (algorithm) => {
        const token = { ...good(), algorithm };
        expect(await refusal(validateEidCardToken(input(JSON.stringify(token), nonce)))).toBe(
          "eid-algorithm-unsupported",
        );
      },
    );

    it("accepts a later 1.x format with extra fields", async () => {
      const n = freshNonce();
      const token = {
        ...JSON.parse(makeToken(card, n, { format: "web-eid:1.1" })),
        unverifiedSigningCertificates: [],
      };
      await expect(validateEidCardToken(input(JSON.stringify(token), n))).resolves.toMatchObject({
        level: "high",
      });
    });
  });
});
