/**
 * Audit records caused by requests without a session (failed or refused sign-ins, a callback
 * with an unknown state) must not let anyone grow the log at will. Per window (default one
 * minute) this gate writes the first few events of each source and a bounded number in all; the
 * rest are counted and written as ONE `audit.events.suppressed` record per action, outcome and
 * source when the window has passed. Sources are client addresses (IPv6 by its /64, which one
 * subscriber holds whole); once the window's budget is spent, new sources are counted together
 * under `*`, so many addresses cannot grow the records either. Fields are structured: the
 * summary's purpose holds only an enumerated action, an outcome and numbers.
 *
 * The counts live in the process (several processes each keep their own; a crash loses at most
 * one window's counts, which are only counts). Bounded: at most `totalRecordsPerWindow`
 * individual records and as many summaries, plus one per action under `*`, per window.
 */
import { isIP } from "node:net";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { type AuditEntry, appendAuditRecord } from "./audit-log.ts";

export interface UnauthenticatedEventLimits {
  windowMs: number;
  recordsPerSource: number;
  totalRecordsPerWindow: number;
}

export const DEFAULT_UNAUTHENTICATED_LIMITS: UnauthenticatedEventLimits = {
  windowMs: 60_000,
  recordsPerSource: 20,
  totalRecordsPerWindow: 200,
};

export interface UnauthenticatedAuditGate {
  /** Records the event, or counts it if its source or the window is over budget. */
  record(entry: AuditEntry, now: Date): Promise<"recorded" | "counted">;
  /** Writes the summaries of every window that has ended (all of them with `final`). */
  flush(now: Date, final?: boolean): Promise<void>;
}

interface Window {
  index: number;
  recorded: number;
  perSource: Map<string, number>;
  /** `action outcome source` → events counted, not recorded. */
  counted: Map<string, number>;
}

export function createUnauthenticatedAuditGate(
  db: Kysely<Database>,
  limits: UnauthenticatedEventLimits = DEFAULT_UNAUTHENTICATED_LIMITS,
): UnauthenticatedAuditGate {
  let current: Window | undefined;
  const fresh = (index: number): Window => ({ index, recorded: 0, perSource: new Map(), counted: new Map() });

  async function writeSummaries(window: Window): Promise<void> {
    if (window.counted.size === 0) return;
    const start = new Date(window.index * limits.windowMs);
    await db.transaction().execute(async (trx) => {
      for (const [key, count] of window.counted) {
        const [action, outcome, source] = key.split(" ") as [string, AuditEntry["outcome"], string];
        await appendAuditRecord(
          trx,
          {
            actor: "system",
            action: "audit.events.suppressed",
            object: `source:${source}`,
            purpose: `action=${action}; outcome=${outcome}; count=${count}; window-seconds=${limits.windowMs / 1000}`,
            outcome: "success",
            clientAddress: source === "*" ? null : source,
            correlationId: `window:${start.toISOString()}`,
          },
          new Date(Math.max(start.getTime() + limits.windowMs, 0)),
        );
      }
    });
  }

  /** Takes the current window out if it has ended, so its summaries are written once. */
  function takeEnded(now: Date, final: boolean): Window | undefined {
    const index = Math.floor(now.getTime() / limits.windowMs);
    if (current && (final || current.index !== index)) {
      const ended = current;
      current = undefined;
      return ended;
    }
    return undefined;
  }

  return {
    async record(entry, now) {
      const ended = takeEnded(now, false);
      if (ended) await writeSummaries(ended);
      const index = Math.floor(now.getTime() / limits.windowMs);
      current ??= fresh(index);
      const window = current;
      const source = sourceOf(entry.clientAddress);
      const ofSource = window.perSource.get(source) ?? 0;
      if (ofSource < limits.recordsPerSource && window.recorded < limits.totalRecordsPerWindow) {
        window.recorded++;
        window.perSource.set(source, ofSource + 1);
        await appendAuditRecord(db, entry, now);
        return "recorded";
      }
      // Sources recorded this window are counted by name; others (budget spent) together under `*`.
      const key = `${entry.action} ${entry.outcome} ${window.perSource.has(source) ? source : "*"}`;
      window.counted.set(key, (window.counted.get(key) ?? 0) + 1);
      return "counted";
    },
    async flush(now, final = false) {
      const ended = takeEnded(now, final);
      if (ended) await writeSummaries(ended);
    },
  };
}

/** The client address as a counting source: IPv4 whole, IPv6 by its /64, anything else `unknown`. */
export function sourceOf(address: string | null | undefined): string {
  if (!address) return "unknown";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) === 4) return address;
  if (isIP(address) === 6) return `${expandIpv6(address).slice(0, 4).join(":")}::/64`;
  return "unknown";
}

function expandIpv6(address: string): string[] {
  const [head = "", tail = ""] = address.split("%")[0]!.split("::") as [string, string?];
  const left = head ? head.split(":") : [];
  const right = address.includes("::") && tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array(Math.max(missing, 0)).fill("0"), ...right].map((g) =>
    g.toLowerCase().replace(/^0+(?=.)/, ""),
  );
}
