/**
 * Verified documents kept for a short while so the person can open their files and download the
 * report (issue "Signing", verification): in this process's memory only — never in the database
 * or the logs — under a random 256-bit name, for SIGNING_CONTENT_TTL_SECONDS, with a bound on the
 * total size (the oldest go first), so uploads cannot fill the memory.
 */
import { randomBytes } from "node:crypto";
import type { VerificationOutcome } from "./verify-upload.ts";

interface Kept {
  outcome: VerificationOutcome;
  bytes: number;
  expiresAt: number;
}

export interface VerifiedDocumentsOptions {
  ttlMs: number;
  /** Total bytes of files kept at once. */
  maxBytes: number;
  now: () => number;
}

export class VerifiedDocuments {
  private readonly kept = new Map<string, Kept>();
  private total = 0;

  constructor(private readonly options: VerifiedDocumentsOptions) {}

  /** Keeps the outcome and returns its name (base64url, 43 characters). */
  keep(outcome: VerificationOutcome): string {
    this.prune();
    const bytes = outcome.files.reduce((sum, f) => sum + f.content.length, 0);
    while (this.total + bytes > this.options.maxBytes && this.kept.size > 0) this.dropOldest();
    const id = randomBytes(32).toString("base64url");
    this.kept.set(id, { outcome, bytes, expiresAt: this.options.now() + this.options.ttlMs });
    this.total += bytes;
    return id;
  }

  /** The outcome kept under `id`, or undefined when unknown or expired. */
  find(id: string): VerificationOutcome | undefined {
    const entry = this.kept.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.options.now()) {
      this.forget(id, entry);
      return undefined;
    }
    return entry.outcome;
  }

  get size(): number {
    return this.kept.size;
  }

  private prune(): void {
    const now = this.options.now();
    for (const [id, entry] of this.kept) if (entry.expiresAt <= now) this.forget(id, entry);
  }

  private dropOldest(): void {
    const [id, entry] = this.kept.entries().next().value as [string, Kept];
    this.forget(id, entry);
  }

  private forget(id: string, entry: Kept): void {
    this.kept.delete(id);
    this.total -= entry.bytes;
  }
}
