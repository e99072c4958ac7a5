/**
 * A server-side revocation cache (issue 3 item 4; ANX2-9): CRLs per distribution point, fetched
 * through an injected fetcher, refreshed before their nextUpdate and at least every 24 hours
 * (configurable down to minutes). A failed refresh keeps the last good CRL and is reported
 * through `status()` and the "refresh-failed" event. Subscribers watching a certificate (serial +
 * issuer) are told as soon as a refreshed CRL lists it — the e-health mutual-TLS layer closes
 * live connections on that event (ANX2-9: "a revoked or suspended certificate automatically
 * stops the data exchange") — and when a hold is released, to restore access (watch-events.ts).
 * Delta CRLs (RFC 5280 §5.2.4), from the complete CRL's freshestCRL or a configured URL, are
 * fetched on their own schedule and combined with the cached complete CRL (crl-view.ts).
 */
import { createPublicKey } from "node:crypto";
import { parseCertificate } from "../x509/cert/certificate.ts";
import { type ParsedCrl, parseCrl } from "../x509/crl/parse-crl.ts";
import { type Standing, standing } from "./crl-view.ts";
import { acceptDelta, deltaUrlOf } from "./delta-crl.ts";
import { type DistributionPointStatus, describePoint, type PointState } from "./point-state.ts";
import { type Scheduler, systemScheduler } from "./scheduler.ts";
import type { RevocationStatus } from "./types.ts";
import {
  type RevocationEvent,
  transition,
  type WatchedCertificate,
  type WatchState,
} from "./watch-events.ts";

export type { DistributionPointState, DistributionPointStatus } from "./point-state.ts";
export type { HoldReleasedEvent, RevocationEvent, RevokedEvent, WatchedCertificate } from "./watch-events.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

export interface RevocationCacheOptions {
  fetchCrl: (url: string) => Promise<Uint8Array | undefined>;
  scheduler?: Scheduler;
  /** Longest time between refreshes (ANX2-9: at most 24 h). At least `minIntervalMs`. */
  maxIntervalMs?: number;
  /**
   * The floor under maxIntervalMs (default 1 minute, at least 1 s): a CA's server is not asked
   * more often. Tests and a system cutting live connections within seconds lower it.
   */
  minIntervalMs?: number;
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
  /** Where delta CRLs are published, when the complete CRL's freshestCRL does not say. */
  deltaUrl?: string;
}

export interface RefreshFailedEvent {
  url: string;
  error: string;
  consecutiveFailures: number;
  /** True when a previously loaded CRL is still being used. */
  keptLastGood: boolean;
}

interface Watch {
  target: WatchedCertificate;
  listener: (event: RevocationEvent) => void;
  state: WatchState;
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
    const floor = Math.max(SECOND, Math.min(options.minIntervalMs ?? MINUTE, DAY));
    this.maxIntervalMs = Math.max(floor, Math.min(options.maxIntervalMs ?? DAY, DAY));
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
        deltaFailures: 0,
        ...(options.deltaUrl ? { configuredDeltaUrl: options.deltaUrl } : {}),
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
   * Calls `listener` when the certificate appears on a CRL (at once if it already does) and,
   * for a hold, when the hold is released (watch-events.ts). Returns a function that cancels it.
   */
  watch(target: WatchedCertificate, listener: (event: RevocationEvent) => void): () => void {
    const watch: Watch = { target, listener, state: "clear" };
    this.watches.add(watch);
    this.update(watch);
    return () => this.watches.delete(watch);
  }

  /** Watches a certificate given as DER. */
  watchCertificate(certificate: Uint8Array, listener: (event: RevocationEvent) => void): () => void {
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
      const found = standing(crl, point.delta, target.serial);
      if (found.kind !== "clear") {
        return {
          status: "revoked",
          source: "crl",
          revocationTime: found.entry.revocationTime,
          ...(found.entry.reason ? { reason: found.entry.reason } : {}),
          thisUpdate: found.crl.thisUpdate,
        };
      }
      const expired = [crl, point.delta].find(
        (c) => c?.nextUpdate && c.nextUpdate.getTime() + this.clockSkewMs < now,
      );
      if (expired?.nextUpdate) {
        staleNote = `the ${expired.isDelta ? "delta " : ""}CRL from ${point.url} expired at ${expired.nextUpdate.toISOString()}`;
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

  /** DER of every cached CRL, deltas included (to hand to `validateCertificatePath` as `crls`). */
  crls(): Uint8Array[] {
    return [...this.points.values()].flatMap((p) =>
      [p.crl?.der, p.delta?.der].filter((d) => d !== undefined),
    );
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

  /** When the complete CRL must be fetched again (without deltas: at every refresh). */
  private baseDueAt(point: PointState): number {
    const crl = point.crl;
    if (!crl || point.failures > 0) return 0;
    let at = (point.lastSuccess?.getTime() ?? 0) + this.maxIntervalMs;
    const nextUpdate = crl.nextUpdate?.getTime();
    if (nextUpdate !== undefined) at = Math.min(at, nextUpdate - this.refreshAheadMs);
    return at;
  }

  private async load(point: PointState): Promise<void> {
    point.lastAttempt = this.scheduler.now();
    const deltaUrl = deltaUrlOf(point.crl, point.configuredDeltaUrl);
    if (!deltaUrl || this.scheduler.now().getTime() >= this.baseDueAt(point)) await this.loadBase(point);
    const url = deltaUrlOf(point.crl, point.configuredDeltaUrl);
    if (url && point.crl) await this.loadDelta(point, url);
    for (const watch of this.watches) this.update(watch);
    if (this.points.get(point.url) === point) this.schedule(point);
  }

  private async loadDelta(point: PointState, url: string): Promise<void> {
    try {
      const der = await this.options.fetchCrl(url);
      if (!der) throw new Error("the delta CRL distribution point returned nothing");
      const delta = parseCrl(der);
      const now = this.scheduler.now().getTime();
      const use = acceptDelta(delta, point.crl!, point.delta, now, this.clockSkewMs);
      if (
        point.issuers.length > 0 &&
        !point.issuers.some((i) => i.subject === delta.issuerString && delta.verifySignature(i.key))
      )
        throw new Error("the delta CRL signature does not verify with the configured issuer certificate");
      point.delta = use === "use" ? delta : undefined;
      point.deltaFailures = 0;
    } catch (error) {
      point.deltaFailures++;
      const event: RefreshFailedEvent = {
        url,
        error: error instanceof Error ? error.message : String(error),
        consecutiveFailures: point.deltaFailures,
        keptLastGood: point.delta !== undefined,
      };
      for (const listener of this.failureListeners) listener(event);
    }
  }

  private async loadBase(point: PointState): Promise<void> {
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
      // A complete CRL at or past the delta's number already holds what the delta said.
      if (point.delta && (point.delta.crlNumber ?? 0n) <= (crl.crlNumber ?? 0n)) point.delta = undefined;
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
      at = this.baseDueAt(point);
      // Deltas on their own pace: before the delta's nextUpdate, at the retry pace without one.
      if (deltaUrlOf(point.crl, point.configuredDeltaUrl)) {
        const deltaNext = point.delta?.nextUpdate?.getTime();
        const deltaAt =
          point.deltaFailures > 0 || deltaNext === undefined
            ? now + this.retryIntervalMs
            : deltaNext - this.refreshAheadMs;
        at = Math.min(at, deltaAt);
      }
      // A CRL already past (or close to) its nextUpdate: poll at the retry pace, not in a tight loop.
      if (at <= now) at = now + this.retryIntervalMs;
    }
    point.nextRefresh = new Date(at);
    point.timer = this.scheduler.setTimer(() => {
      point.timer = undefined;
      void this.refresh(point);
    }, at - now);
  }

  /** The certificate's standing over every point of its issuer: revoked over held over clear. */
  private standingOf(target: WatchedCertificate): { found: Standing; url: string } | undefined {
    let best: { found: Standing; url: string } | undefined;
    const rank = { clear: 0, held: 1, revoked: 2 } as const;
    for (const point of this.points.values()) {
      if (!point.crl || point.crl.issuerString !== target.issuer) continue;
      const found = standing(point.crl, point.delta, target.serial);
      const better =
        !best ||
        rank[found.kind] > rank[best.found.kind] ||
        (found.kind === "clear" && best.found.kind === "clear" && found.releasedBy !== undefined);
      if (better) best = { found, url: point.url };
    }
    return best;
  }

  private update(watch: Watch): void {
    const now = this.standingOf(watch.target);
    if (!now) return;
    const { state, event } = transition(watch.target, watch.state, now.found, now.url);
    watch.state = state;
    if (event) this.emit(watch, event);
  }

  private emit(watch: Watch, event: RevocationEvent): void {
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
    return describePoint(point, this.scheduler.now().getTime(), this.clockSkewMs, this.maxIntervalMs);
  }
}
