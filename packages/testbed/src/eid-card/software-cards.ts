/**
 * The software "cards": one per test person, each an eID authentication key (P-384, like new LV
 * eID cards) with its certificate from the test PKI's eID CA, issued on the card's first use and
 * kept in memory (a testbed has no durable duties; after a restart a card gets a new certificate,
 * as after a card replacement). PIN1 guards the key: three wrong PINs in a row block the card
 * until an operator unblocks it (`tilts testbed unblock`), as a PUK does on a real card (AUTH-4 PIN rules).
 * The qualified signing key (SIG-3) is a second key with its own certificate (QCP-n-qscd,
 * nonRepudiation only), issued on first use like the authentication one, behind PIN2 with its own
 * three-try counter: a blocked PIN2 stops signing, not PIN1 sign-in, as on a real eID card.
 */
import { createHash, type KeyObject, timingSafeEqual } from "node:crypto";
import { DEFAULT_TEST_PIN2 } from "../eparaksts/signing-identities.ts";
import type { TestPerson } from "../persons/index.ts";
import type { PinTries } from "../pin-block/index.ts";
import { issuePerson } from "../pki/issue-credentials.ts";
import type { TestPki } from "../pki/test-pki.ts";
import { signDigestP384 } from "./ecdsa-digest-signer.ts";

export interface SoftwareCard {
  person: TestPerson;
  certificate: Uint8Array;
  key: KeyObject;
}

export interface SigningKey {
  certificate: Uint8Array;
  key: KeyObject;
}

export type PinKind = "pin1" | "pin2";

export type CardSignResult =
  | { ok: true; signature: Uint8Array }
  | { ok: false; reason: "unknown-card" | "pin-blocked" }
  | { ok: false; reason: "wrong-pin"; attemptsLeft: number };

/** SHA-256/384/512 digests only: what a card's ECDSA is asked to sign. */
const DIGEST_LENGTHS = new Set([32, 48, 64]);

export class SoftwareCards {
  private readonly cards = new Map<string, SoftwareCard>();
  private readonly signingKeys = new Map<string, SigningKey>();
  private readonly byCode: Map<string, TestPerson>;

  constructor(
    private readonly pki: () => TestPki,
    readonly persons: readonly TestPerson[],
    private readonly pin1: string,
    private readonly tries: PinTries,
    private readonly pin2 = DEFAULT_TEST_PIN2,
  ) {
    this.byCode = new Map(persons.map((p) => [p.personalCode, p]));
  }

  /** The card of a test person (issued on first use), or undefined for an unknown code. */
  card(personalCode: string): SoftwareCard | undefined {
    const existing = this.cards.get(personalCode);
    if (existing) return existing;
    const person = this.byCode.get(personalCode);
    if (!person) return undefined;
    const issued = issuePerson(this.pki(), {
      givenName: person.givenName,
      surname: person.familyName,
      personalCode: person.personalCode,
      ca: "eid",
      usage: "auth",
      key: "p384",
    });
    const card: SoftwareCard = { person, certificate: issued.certificate, key: issued.privateKey };
    this.cards.set(personalCode, card);
    return card;
  }

  /** The card's qualified signing key and certificate (issued on first use), or undefined. */
  signingKey(personalCode: string): SigningKey | undefined {
    const existing = this.signingKeys.get(personalCode);
    if (existing) return existing;
    const person = this.byCode.get(personalCode);
    if (!person) return undefined;
    const issued = issuePerson(this.pki(), {
      givenName: person.givenName,
      surname: person.familyName,
      personalCode: person.personalCode,
      ca: "eid",
      usage: "sign",
      key: "p384",
    });
    const signing: SigningKey = { certificate: issued.certificate, key: issued.privateKey };
    this.signingKeys.set(personalCode, signing);
    return signing;
  }

  isBlocked(personalCode: string, pin: PinKind = "pin1"): boolean {
    return this.tries.isBlocked(personalCode, pin);
  }

  /** PIN1 verification, then the signature over the digest the computer sent (as a card does). */
  sign(personalCode: string, pin: string, digest: Uint8Array): CardSignResult {
    return this.signWith("pin1", personalCode, pin, digest);
  }

  /** PIN2 verification, then the qualified signature over the document digest (SIG-3). */
  signDocument(personalCode: string, pin: string, digest: Uint8Array): CardSignResult {
    return this.signWith("pin2", personalCode, pin, digest);
  }

  private signWith(kind: PinKind, personalCode: string, pin: string, digest: Uint8Array): CardSignResult {
    if (!DIGEST_LENGTHS.has(digest.length))
      throw new RangeError("a digest of 32, 48 or 64 octets is expected");
    const key = kind === "pin1" ? this.card(personalCode)?.key : this.signingKey(personalCode)?.key;
    if (!key) return { ok: false, reason: "unknown-card" };
    if (this.isBlocked(personalCode, kind)) return { ok: false, reason: "pin-blocked" };
    if (!samePin(pin, kind === "pin1" ? this.pin1 : this.pin2)) {
      const attemptsLeft = this.tries.wrong(personalCode, kind);
      return attemptsLeft === 0
        ? { ok: false, reason: "pin-blocked" }
        : { ok: false, reason: "wrong-pin", attemptsLeft };
    }
    this.tries.right(personalCode, kind);
    return { ok: true, signature: signDigestP384(key, digest) };
  }
}

function samePin(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
