/**
 * The eParaksts stand-in's state, in memory (a testbed has no durable duties): pending
 * authorization requests, one-time codes, access tokens; PIN1 tries are counted by PinTries. Codes and tokens are random (256 bits), single use and short-lived; the clock is
 * injected so expiry is testable.
 */
import { randomBytes } from "node:crypto";
import type { TestPerson } from "../persons/index.ts";
import type { PinTries } from "../pin-block/index.ts";

export type Flow = "mobile" | "smart-card";

export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  scope: string;
  flow: Flow;
  locale: "lv" | "en";
  codeChallenge: string | undefined;
  expiresAt: number;
  /** Unknown user numbers and wrong PINs against this request, whoever they were for. */
  failures: number;
}

/** What the person approved with PIN2 on the phone (SIG-3): one digest, for one relying party. */
export interface SignatureGrant {
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  locale: "lv" | "en";
  person: TestPerson;
  identityId: string;
  /** H(digest_value) as the relying party sent it in `digests_summary`. */
  digestsSummary: Uint8Array;
  /** node:crypto name of H. */
  summaryAlgorithm: string;
  documentName: string;
}

export interface IssuedCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string | undefined;
  person: TestPerson;
  flow: Flow;
  scope: string;
  expiresAt: number;
  used: boolean;
  /** Tokens issued for this code: revoked if the code is replayed (RFC 6749 §4.1.2). */
  tokens: string[];
  /** Present for a signing authorization. */
  signature?: SignatureGrant;
}

export interface IssuedToken {
  person: TestPerson;
  flow: Flow;
  scope: string;
  expiresAt: number;
  signature?: SignatureGrant;
}

/** Bounds that keep a runaway client from filling memory. */
const MAX_ENTRIES = 10_000;

export class StandInStore {
  readonly pending = new Map<string, PendingAuthorization>();
  readonly codes = new Map<string, IssuedCode>();
  readonly tokens = new Map<string, IssuedToken>();

  constructor(
    readonly pinTries: PinTries,
    private readonly now: () => number,
  ) {}

  static newId(): string {
    return randomBytes(32).toString("base64url");
  }

  private prune<T extends { expiresAt: number }>(map: Map<string, T>): void {
    const now = this.now();
    for (const [key, value] of map) if (value.expiresAt <= now) map.delete(key);
    if (map.size >= MAX_ENTRIES) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
  }

  add<T extends { expiresAt: number }>(map: Map<string, T>, value: T): string {
    this.prune(map);
    const id = StandInStore.newId();
    map.set(id, value);
    return id;
  }

  live<T extends { expiresAt: number }>(map: Map<string, T>, id: unknown): T | undefined {
    if (typeof id !== "string" || id.length > 100) return undefined;
    const value = map.get(id);
    if (!value) return undefined;
    if (value.expiresAt <= this.now()) {
      map.delete(id);
      return undefined;
    }
    return value;
  }

  isBlocked(personalCode: string): boolean {
    return this.pinTries.isBlocked(personalCode, "pin1");
  }

  /** Counts a wrong PIN1; returns the attempts left (0: now blocked). */
  wrongPin(personalCode: string): number {
    return this.pinTries.wrong(personalCode, "pin1");
  }

  rightPin(personalCode: string): void {
    this.pinTries.right(personalCode, "pin1");
  }
}
