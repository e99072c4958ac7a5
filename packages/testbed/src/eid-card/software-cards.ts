/**
 * The software "cards": one per test person, each an eID authentication key (P-384, like new LV
 * eID cards) with its certificate from the test PKI's eID CA, issued on the card's first use and
 * kept in memory (a testbed has no durable duties; after a restart a card gets a new certificate,
 * as after a card replacement). PIN1 guards the key: three wrong PINs in a row block the card
 * until reset, as on a real card (AUTH-4 PIN rules).
 */
import { createHash, type KeyObject, timingSafeEqual } from "node:crypto";
import type { TestPerson } from "../persons/index.ts";
import { issuePerson } from "../pki/issue-credentials.ts";
import type { TestPki } from "../pki/test-pki.ts";
import { signDigestP384 } from "./ecdsa-digest-signer.ts";

export interface SoftwareCard {
  person: TestPerson;
  certificate: Uint8Array;
  key: KeyObject;
}

export type CardSignResult =
  | { ok: true; signature: Uint8Array }
  | { ok: false; reason: "unknown-card" | "pin-blocked" }
  | { ok: false; reason: "wrong-pin"; attemptsLeft: number };

/** SHA-256/384/512 digests only: what a card's ECDSA is asked to sign. */
const DIGEST_LENGTHS = new Set([32, 48, 64]);

export class SoftwareCards {
  private readonly cards = new Map<string, SoftwareCard>();
  private readonly pinFailures = new Map<string, number>();
  private readonly byCode: Map<string, TestPerson>;

  constructor(
    private readonly pki: () => TestPki,
    readonly persons: readonly TestPerson[],
    private readonly pin1: string,
    readonly maxPinAttempts = 3,
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

  isBlocked(personalCode: string): boolean {
    return (this.pinFailures.get(personalCode) ?? 0) >= this.maxPinAttempts;
  }

  /** PIN1 verification, then the signature over the digest the computer sent (as a card does). */
  sign(personalCode: string, pin: string, digest: Uint8Array): CardSignResult {
    const card = this.card(personalCode);
    if (!card) return { ok: false, reason: "unknown-card" };
    if (this.isBlocked(personalCode)) return { ok: false, reason: "pin-blocked" };
    if (!samePin(pin, this.pin1)) {
      const failures = (this.pinFailures.get(personalCode) ?? 0) + 1;
      this.pinFailures.set(personalCode, failures);
      const attemptsLeft = Math.max(0, this.maxPinAttempts - failures);
      return attemptsLeft === 0
        ? { ok: false, reason: "pin-blocked" }
        : { ok: false, reason: "wrong-pin", attemptsLeft };
    }
    this.pinFailures.delete(personalCode);
    if (!DIGEST_LENGTHS.has(digest.length))
      throw new RangeError("a digest of 32, 48 or 64 octets is expected");
    return { ok: true, signature: signDigestP384(card.key, digest) };
  }

  /** Unblocks one card, or all of them. */
  reset(personalCode?: string): void {
    if (personalCode) this.pinFailures.delete(personalCode);
    else this.pinFailures.clear();
  }
}

function samePin(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
