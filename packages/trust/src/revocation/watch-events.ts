/**
 * What the revocation cache tells watchers (ANX2-9: "a revoked or suspended certificate
 * automatically stops the data exchange"; a released suspension restores it): a certificate
 * became revoked or held, or its hold was released — by a removeFromCRL entry or by leaving the
 * next CRL (RFC 5280 §5.3.1, §5.2.4). Each change is announced once; a permanent revocation is
 * never released, and a hold made permanent is not announced again (access is already stopped).
 */
import type { Standing } from "./crl-view.ts";
import type { RevocationReason } from "./types.ts";

export interface WatchedCertificate {
  /** Serial number in hex (as in the certificate; leading zeros are tolerated). */
  serial: string;
  /** Issuer DN in the x509 module's string form (`parseCertificate(der).issuerString`). */
  issuer: string;
}

export interface RevokedEvent extends WatchedCertificate {
  kind: "revoked";
  revocationTime: Date;
  /** certificateHold: suspended, may be released (a "hold-released" event follows then). */
  reason?: RevocationReason;
  url: string;
}

export interface HoldReleasedEvent extends WatchedCertificate {
  kind: "hold-released";
  /** A removeFromCRL entry (on a delta CRL, or a base) or the entry gone from the next CRL. */
  releasedBy: "removeFromCRL" | "absent";
  /** Absent on a release: present so listeners may read `reason` on any event. */
  reason?: undefined;
  url: string;
}

export type RevocationEvent = RevokedEvent | HoldReleasedEvent;

export type WatchState = "clear" | "held" | "revoked";

/** The event (if any) for a watch moving from `last` to `now`, and the state to remember. */
export function transition(
  target: WatchedCertificate,
  last: WatchState,
  now: Standing,
  url: string,
): { state: WatchState; event?: RevocationEvent } {
  if (last === "revoked") return { state: "revoked" };
  if (now.kind === "clear") {
    if (last !== "held") return { state: "clear" };
    return {
      state: "clear",
      event: { ...target, kind: "hold-released", releasedBy: now.releasedBy ?? "absent", url },
    };
  }
  if (last === "held") return { state: now.kind };
  const { entry } = now;
  return {
    state: now.kind,
    event: {
      ...target,
      kind: "revoked",
      revocationTime: entry.revocationTime,
      ...(entry.reason ? { reason: entry.reason } : {}),
      url,
    },
  };
}
