/**
 * eParaksts Mobile signing identities (SIG-2, SIG-3): per test person, a qualified signing key
 * (P-384) and certificate from the test PKI's eParaksts CA — keyUsage nonRepudiation, QcCompliance,
 * QcSSCD, QcType esign, QCP-n-qscd plus the CA's policy — issued on first use and recorded in the
 * PKI's store like every issued certificate (so CRL/OCSP and `revoke` know it). The key stays in
 * memory, as the real one stays in LVRTC's signing server; after a restart a person gets a new one.
 * PIN2 guards it with its own counter, apart from PIN1: three wrong PIN2s block signing, not sign-in.
 */
import { createHash, type KeyObject, randomBytes, timingSafeEqual } from "node:crypto";
import { signDigestP384 } from "../eid-card/ecdsa-digest-signer.ts";
import type { TestPerson } from "../persons/index.ts";
import type { PinTries } from "../pin-block/index.ts";
import { issuePerson } from "../pki/issue-credentials.ts";
import type { TestPki } from "../pki/test-pki.ts";

export interface SigningIdentity {
  /** The `sign_identity_id` relying parties name it by (random, stable while the process lives). */
  id: string;
  person: TestPerson;
  certificate: Uint8Array;
  key: KeyObject;
}

export type Pin2Result =
  | { ok: true; signature: Uint8Array }
  | { ok: false; reason: "pin-blocked" }
  | { ok: false; reason: "wrong-pin"; attemptsLeft: number };

export const DEFAULT_TEST_PIN2 = "12345";

export class SigningIdentities {
  private readonly byPerson = new Map<string, SigningIdentity>();
  private readonly byId = new Map<string, SigningIdentity>();

  constructor(
    private readonly pki: () => TestPki,
    private readonly pin2: string,
    private readonly tries: PinTries,
  ) {}

  /** The person's signing identity, issuing its certificate on first use. */
  of(person: TestPerson): SigningIdentity {
    const existing = this.byPerson.get(person.personalCode);
    if (existing) return existing;
    const issued = issuePerson(this.pki(), {
      givenName: person.givenName,
      surname: person.familyName,
      personalCode: person.personalCode,
      ca: "eparaksts",
      usage: "sign",
      key: "p384",
    });
    const identity: SigningIdentity = {
      id: randomBytes(16).toString("hex"),
      person,
      certificate: issued.certificate,
      key: issued.privateKey,
    };
    this.byPerson.set(person.personalCode, identity);
    this.byId.set(identity.id, identity);
    return identity;
  }

  byIdentityId(id: string | undefined): SigningIdentity | undefined {
    return id === undefined ? undefined : this.byId.get(id);
  }

  isBlocked(personalCode: string): boolean {
    return this.tries.isBlocked(personalCode, "pin2");
  }

  /** PIN2 check; on success the counter resets. Returns the attempts left on failure (0: now blocked). */
  checkPin2(personalCode: string, pin: string): { ok: true } | Exclude<Pin2Result, { ok: true }> {
    if (this.isBlocked(personalCode)) return { ok: false, reason: "pin-blocked" };
    if (!samePin(pin, this.pin2)) {
      const attemptsLeft = this.tries.wrong(personalCode, "pin2");
      return attemptsLeft === 0
        ? { ok: false, reason: "pin-blocked" }
        : { ok: false, reason: "wrong-pin", attemptsLeft };
    }
    this.tries.right(personalCode, "pin2");
    return { ok: true };
  }

  /** ECDSA over the digest as given (no second hash), raw r‖s (IEEE P1363). */
  sign(identity: SigningIdentity, digest: Uint8Array): Uint8Array {
    return signDigestP384(identity.key, digest);
  }
}

function samePin(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** DER ECDSA-Sig-Value (RFC 3279 §2.2.3) from raw r‖s, for relying parties configured for DER. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const body = bytes.subarray(start);
    const padded = body[0]! & 0x80 ? Buffer.concat([Buffer.of(0), body]) : Buffer.from(body);
    return Buffer.concat([Buffer.of(0x02, padded.length), padded]);
  };
  const content = Buffer.concat([integer(raw.subarray(0, half)), integer(raw.subarray(half))]);
  // P-384: content ≤ 2 × (2 + 49) = 102 octets, so a one-octet length (short or 0x81 form).
  const length = content.length < 0x80 ? Buffer.of(content.length) : Buffer.of(0x81, content.length);
  return new Uint8Array(Buffer.concat([Buffer.of(0x30), length, content]));
}
