/**
 * A server-side revocation cache (issue 3 item 4; ANX2-9): CRLs per distribution point, fetched
 * through an injected fetcher, refreshed before their nextUpdate and at least every 24 hours
 * (configurable down to minutes). A failed refresh keeps the last good CRL and is reported
 * through `status()` and the "refresh-failed" event. Subscribers watching a certificate (serial +
 * issuer) are told as soon as a refreshed CRL lists it — the e-health mutual-TLS layer closes
 * live connections on that event (ANX2-9: "a revoked or suspended certificate automatically
 * stops the data exchange").
 */
import { createPublicKey } from "node:crypto";
import { parseCertificate } from "../x509/cert/certificate.ts";
import { type CrlEntry, type ParsedCrl, parseCrl } from "../x509/crl/parse-crl.ts";
import { type Scheduler, systemScheduler } from "./scheduler.ts";
import type { RevocationReason, RevocationStatus } from "./types.ts";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface RevocationCacheOptions {
  fetchCrl: (url: string) => Promise<Uint8Array | undefined>;
  scheduler?: Scheduler;
  /** Longest time between refreshes (ANX2-9: at most 24 h). Minimum 1 minute. */
  maxIntervalMs?: number;
  /** Refresh this long before a CRL's nextUpdate (default 5 minutes). */
  refreshAheadMs?: number;
  /** Wait after a failed refresh (default 5 minutes, capped by maxIntervalMs). */
  retryIntervalMs?: number;
  /** Tolerated clock difference for thisUpdate (default 5 minutes). */
  clockSkewMs?: number;
}

export interface DistributionPointOptions {
  /** Certificates of the CRL issuer: the CRL must be signed by one of them and name it as issuer. */
  issuers?: Uint8Array[];
}

export type DistributionPointState = "loading" | "fresh" | "stale" | "unavailable";

export interface DistributionPointStatus {
  url: string;
  state: DistributionPointState;
  /** Last refresh failed (the last good CRL, if any, is still used). */
  failing: boolean;
  consecutiveFailures: number;
  lastError?: string;
  lastAttempt?: Date;
  lastSuccess?: Date;
  issuer?: string;
  thisUpdate?: Date;
  nextUpdate?: Date;
  crlNumber?: bigint;
  entries?: number;
  nextRefresh?: Date;
  verified: boolean;
}

export interface WatchedCertificate {
  /** Serial number in hex (as in the certificate; leading zeros are tolerated). */
  serial: string;
  /** Issuer DN in the x509 module's string form (`parseCertificate(der).issuerString`). */
  issuer: string;
}

export interface RevokedEvent extends WatchedCertificate {
  revocationTime: Date;
  reason?: RevocationReason;
  url: string;
}

export interface RefreshFailedEvent {
  url: string;
  error: string;
  consecutiveFailures: number;
  /** True when a previously loaded CRL is still being used. */
  keptLastGood: boolean;
}

interface PointState {
  url: string;
  issuers: { subject: string; key: ReturnType<typeof createPublicKey> }[];
  crl?: ParsedCrl;
  verified: boolean;
  failures: number;
  lastError?: string;
  lastAttempt?: Date;
  lastSuccess?: Date;
  timer?: unknown;
  nextRefresh?: Date;
  inFlight?: Promise<void>;
}

interface Watch {
  target: WatchedCertificate;
  listener: (event: RevokedEvent) => void;
  notified: boolean;
}

/** Serial spellings a CRL may index: as given, without and with a leading zero octet. */
function serialForms(serial: string): string[] {
  const clean = serial.replace(/[\s:]/g, "").toLowerCase();
  const stripped = clean.replace(/^(00)+(?=..)/, "");
  return [...new Set([clean, stripped, `00${stripped}`])];
}

function lookup(crl: ParsedCrl, serial: string): CrlEntry | undefined {
  for (const form of serialForms(serial)) {
    const entry = crl.find(form);
    if (entry) return entry;
  }
  return undefined;
}

export class RevocationCache {
  private readonly points = new Map<string, PointState>();
  private readonly watches = new Set<Watch>();
  private readonly failureListeners = new Set<(event: RefreshFailedEvent) => void>();
  private readonly scheduler: Scheduler;
  private readonly maxIntervalMs: number;
  private readonly refreshAheadMs: number;
  private readonly retryIntervalMs: number;
  private readonly clockSkewMs: number;
  private stopped = false;

  constructor(private readonly options: RevocationCacheOptions) {
    this.scheduler = options.scheduler ?? systemScheduler;
    this.maxIntervalMs = Math.max(MINUTE, Math.min(options.maxIntervalMs ?? DAY, DAY));
    this.refreshAheadMs = options.refreshAheadMs ?? 5 * MINUTE;
    this.retryIntervalMs = Math.min(options.retryIntervalMs ?? 5 * MINUTE, this.maxIntervalMs);
    this.clockSkewMs = options.clockSkewMs ?? 5 * MINUTE;
  }

  /** Adds a distribution point and loads it; resolves after the first attempt (success or not). */
  async addDistributionPoint(
    url: string,
    options: DistributionPointOptions = {},
  ): Promise<DistributionPointStatus> {
    if (this.stopped) throw new Error("the revocation cache is stopped");
    let point = this.points.get(url);
    if (!point) {
      point = {
        url,
        issuers: (options.issuers ?? []).map((der) => {
          const cert = parseCertificate(der);
          return {
            subject: cert.subjectString,
            key: createPublicKey({ key: Buffer.from(cert.spki), format: "der", type: "spki" }),
          };
        }),
        verified: false,
        failures: 0,
      };
      this.points.set(url, point);
      await this.refresh(point);
    }
    return this.describe(point);
  }

  removeDistributionPoint(url: string): void {
    const point = this.points.get(url);
    if (point?.timer !== undefined) this.scheduler.clearTimer(point.timer);
    this.points.delete(url);
  }

  /** Refreshes one distribution point (or all) now, whatever their schedule. */
  async refreshNow(url?: string): Promise<void> {
    const targets = url
      ? [this.points.get(url)].filter((p): p is PointState => !!p)
      : [...this.points.values()];
    await Promise.all(targets.map((p) => this.refresh(p)));
  }

  /**
   * Calls `listener` once when the certificate appears on a CRL (at once if it already does).
   * Returns a function that cancels the watch.
   */
  watch(target: WatchedCertificate, listener: (event: RevokedEvent) => void): () => void {
    const watch: Watch = { target, listener, notified: false };
    this.watches.add(watch);
    for (const point of this.points.values()) this.notifyIfRevoked(watch, point);
    return () => this.watches.delete(watch);
  }

  /** Watches a certificate given as DER. */
  watchCertificate(certificate: Uint8Array, listener: (event: RevokedEvent) => void): () => void {
    const cert = parseCertificate(certificate);
    return this.watch({ serial: cert.serial, issuer: cert.issuerString }, listener);
  }

  onRefreshFailed(listener: (event: RefreshFailedEvent) => void): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  /** The revocation status of a certificate from the cached CRLs of its issuer. */
  check(target: WatchedCertificate): RevocationStatus {
    const now = this.scheduler.now().getTime();
    let staleNote: string | undefined;
    for (const point of this.points.values()) {
      const crl = point.crl;
      if (!crl || crl.issuerString !== target.issuer) continue;
      const entry = lookup(crl, target.serial);
      if (entry) {
        return {
          status: "revoked",
          source: "crl",
          revocationTime: entry.revocationTime,
          ...(entry.reason ? { reason: entry.reason } : {}),
          thisUpdate: crl.thisUpdate,
        };
      }
      if (crl.nextUpdate && crl.nextUpdate.getTime() + this.clockSkewMs < now) {
        staleNote = `the CRL from ${point.url} expired at ${crl.nextUpdate.toISOString()}`;
        continue;
      }
      return {
        status: "good",
        source: "crl",
        thisUpdate: crl.thisUpdate,
        ...(crl.nextUpdate ? { nextUpdate: crl.nextUpdate } : {}),
      };
    }
    return staleNote
      ? { status: "unknown", code: "revocation-stale", message: staleNote }
      : {
          status: "unknown",
          code: "revocation-unavailable",
          message: `no CRL of ${target.issuer} is cached`,
        };
  }

  /** DER of every cached CRL (to hand to `validateCertificatePath` as `crls`). */
  crls(): Uint8Array[] {
    return [...this.points.values()].flatMap((p) => (p.crl ? [p.crl.der] : []));
  }

  status(): DistributionPointStatus[] {
    return [...this.points.values()].map((p) => this.describe(p));
  }

  /** Cancels every timer; the cache answers from what it holds but fetches no more. */
  stop(): void {
    this.stopped = true;
    for (const point of this.points.values()) {
      if (point.timer !== undefined) this.scheduler.clearTimer(point.timer);
      point.timer = undefined;
      point.nextRefresh = undefined;
    }
  }

  private refresh(point: PointState): Promise<void> {
    // One fetch per point at a time; callers share it.
    point.inFlight ??= this.load(point).finally(() => {
      point.inFlight = undefined;
    });
    return point.inFlight;
  }

  private async load(point: PointState): Promise<void> {
    point.lastAttempt = this.scheduler.now();
    try {
      const der = await this.options.fetchCrl(point.url);
      if (!der) throw new Error("the distribution point returned nothing");
      const crl = parseCrl(der);
      const verified = this.accept(point, crl);
      point.crl = crl;
      point.verified = verified;
      point.failures = 0;
      point.lastError = undefined;
      point.lastSuccess = this.scheduler.now();
      for (const watch of this.watches) this.notifyIfRevoked(watch, point);
    } catch (error) {
      point.failures++;
      point.lastError = error instanceof Error ? error.message : String(error);
      const event: RefreshFailedEvent = {
        url: point.url,
        error: point.lastError,
        consecutiveFailures: point.failures,
        keptLastGood: point.crl !== undefined,
      };
      for (const listener of this.failureListeners) listener(event);
    }
    if (this.points.get(point.url) === point) this.schedule(point);
  }

  /** Checks a freshly fetched CRL before it replaces the current one; throws why not. Returns whether its signature was verified. */
  private accept(point: PointState, crl: ParsedCrl): boolean {
    if (crl.isDelta) throw new Error("a delta CRL was served where a full CRL was expected");
    if (crl.unknownCriticalExtension)
      throw new Error(`the CRL has an unknown critical extension ${crl.unknownCriticalExtension}`);
    const now = this.scheduler.now().getTime();
    if (crl.thisUpdate.getTime() > now + this.clockSkewMs)
      throw new Error("the CRL's thisUpdate is in the future");
    const current = point.crl;
    if (current) {
      if (crl.issuerString !== current.issuerString) throw new Error("the CRL issuer changed");
      // Refuse a rollback to an older CRL (RFC 5280 §5.2.3: CRL numbers increase).
      if (
        crl.crlNumber !== undefined &&
        current.crlNumber !== undefined &&
        crl.crlNumber < current.crlNumber
      ) {
        throw new Error(`CRL number went back from ${current.crlNumber} to ${crl.crlNumber}`);
      }
      if (crl.thisUpdate.getTime() < current.thisUpdate.getTime())
        throw new Error("the CRL is older than the cached one");
    }
    if (point.issuers.length === 0) return false;
    const signer = point.issuers.find((i) => i.subject === crl.issuerString && crl.verifySignature(i.key));
    if (!signer) throw new Error("the CRL signature does not verify with the configured issuer certificate");
    return true;
  }

  private schedule(point: PointState): void {
    if (this.stopped) return;
    if (point.timer !== undefined) this.scheduler.clearTimer(point.timer);
    const now = this.scheduler.now().getTime();
    let at: number;
    if (point.failures > 0 || !point.crl) {
      at = now + this.retryIntervalMs;
    } else {
      // ANX2-9: at least every maxInterval; earlier when the CRL's nextUpdate comes first.
      at = (point.lastSuccess?.getTime() ?? now) + this.maxIntervalMs;
      const nextUpdate = point.crl.nextUpdate?.getTime();
      if (nextUpdate !== undefined) at = Math.min(at, nextUpdate - this.refreshAheadMs);
      // A CRL already past (or close to) its nextUpdate: poll at the retry pace, not in a tight loop.
      if (at <= now) at = now + this.retryIntervalMs;
    }
    point.nextRefresh = new Date(at);
    point.timer = this.scheduler.setTimer(() => {
      point.timer = undefined;
      void this.refresh(point);
    }, at - now);
  }

  private notifyIfRevoked(watch: Watch, point: PointState): void {
    const crl = point.crl;
    if (watch.notified || !crl || crl.issuerString !== watch.target.issuer) return;
    const entry = lookup(crl, watch.target.serial);
    if (!entry || entry.reason === "removeFromCRL") return;
    watch.notified = true;
    const event: RevokedEvent = {
      ...watch.target,
      revocationTime: entry.revocationTime,
      ...(entry.reason ? { reason: entry.reason } : {}),
      url: point.url,
    };
    // A throwing subscriber must not break the refresh loop or other subscribers.
    queueMicrotask(() => {
      try {
        watch.listener(event);
      } catch {
        // reported by the subscriber's own logging
      }
    });
  }

  private describe(point: PointState): DistributionPointStatus {
    const crl = point.crl;
    const now = this.scheduler.now().getTime();
    let state: DistributionPointState;
    if (!crl) state = point.lastAttempt ? "unavailable" : "loading";
    else if (crl.nextUpdate && crl.nextUpdate.getTime() + this.clockSkewMs < now) state = "stale";
    else if (!crl.nextUpdate && point.lastSuccess && now - point.lastSuccess.getTime() > this.maxIntervalMs)
      state = "stale";
    else state = "fresh";
    return {
      url: point.url,
      state,
      failing: point.failures > 0,
      consecutiveFailures: point.failures,
      verified: point.verified,
      ...(point.lastError ? { lastError: point.lastError } : {}),
      ...(point.lastAttempt ? { lastAttempt: point.lastAttempt } : {}),
      ...(point.lastSuccess ? { lastSuccess: point.lastSuccess } : {}),
      ...(crl
        ? {
            issuer: crl.issuerString,
            thisUpdate: crl.thisUpdate,
            ...(crl.nextUpdate ? { nextUpdate: crl.nextUpdate } : {}),
            ...(crl.crlNumber !== undefined ? { crlNumber: crl.crlNumber } : {}),
            entries: crl.size,
          }
        : {}),
      ...(point.nextRefresh ? { nextRefresh: point.nextRefresh } : {}),
    };
  }
}
