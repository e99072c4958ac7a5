/**
 * One distribution point's state inside the revocation cache, and how it is reported through
 * `status()`: the cached complete CRL, its delta, and the health of their refreshes.
 */
import type { createPublicKey } from "node:crypto";
import type { ParsedCrl } from "../x509/crl/parse-crl.ts";
import { deltaUrlOf } from "./delta-crl.ts";

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
  /** The delta CRL combined with the complete one, if any. */
  deltaUrl?: string;
  deltaCrlNumber?: bigint;
  deltaThisUpdate?: Date;
  /** The last delta fetch failed (the last good delta, if any, is still used). */
  deltaFailing?: boolean;
  nextRefresh?: Date;
  verified: boolean;
}

export interface PointState {
  url: string;
  issuers: { subject: string; key: ReturnType<typeof createPublicKey> }[];
  crl?: ParsedCrl;
  delta?: ParsedCrl;
  configuredDeltaUrl?: string;
  deltaFailures: number;
  verified: boolean;
  failures: number;
  lastError?: string;
  lastAttempt?: Date;
  lastSuccess?: Date;
  timer?: unknown;
  nextRefresh?: Date;
  inFlight?: Promise<void>;
}

export function describePoint(
  point: PointState,
  now: number,
  clockSkewMs: number,
  maxIntervalMs: number,
): DistributionPointStatus {
  const crl = point.crl;
  let state: DistributionPointState;
  if (!crl) state = point.lastAttempt ? "unavailable" : "loading";
  else if (crl.nextUpdate && crl.nextUpdate.getTime() + clockSkewMs < now) state = "stale";
  else if (!crl.nextUpdate && point.lastSuccess && now - point.lastSuccess.getTime() > maxIntervalMs)
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
    ...(deltaUrlOf(crl, point.configuredDeltaUrl)
      ? { deltaUrl: deltaUrlOf(crl, point.configuredDeltaUrl) }
      : {}),
    ...(point.delta
      ? {
          ...(point.delta.crlNumber !== undefined ? { deltaCrlNumber: point.delta.crlNumber } : {}),
          deltaThisUpdate: point.delta.thisUpdate,
        }
      : {}),
    ...(point.deltaFailures > 0 ? { deltaFailing: true } : {}),
    ...(point.nextRefresh ? { nextRefresh: point.nextRefresh } : {}),
  };
}
