/**
 * A service's status at a given time (TS 119 612 §5.5.4, §5.6): the current ServiceInformation
 * holds from its StatusStartingTime on; each ServiceHistoryInstance holds from its own starting
 * time until the next later one. Before the earliest starting time the service did not exist.
 */
import type { ServiceState, TrustService } from "./types.ts";
import * as U from "./uris.ts";

/** The service's state in force at `time`, or undefined when it did not exist yet. */
export function statusAt(service: TrustService, time: Date): ServiceState | undefined {
  const t = time.getTime();
  if (service.current.statusStartingTime.getTime() <= t) return service.current;
  // history is sorted most recent first: the first one that started by `time` is in force.
  return service.history.find((h) => h.statusStartingTime.getTime() <= t);
}

/**
 * Statuses under which a qualified service's output is qualified: "granted" since eIDAS, and
 * the positive statuses of the Directive 1999/93/EC era (TS 119 612 Annex J: undersupervision,
 * supervisionincessation, accredited, setbynationallaw), which lists still carry in history.
 */
const QUALIFYING_STATUSES: ReadonlySet<string> = new Set([
  U.STATUS_GRANTED,
  U.STATUS_UNDER_SUPERVISION,
  U.STATUS_SUPERVISION_IN_CESSATION,
  U.STATUS_ACCREDITED,
  U.STATUS_SET_BY_NATIONAL_LAW,
]);

export function isQualifyingStatus(status: string): boolean {
  return QUALIFYING_STATUSES.has(status);
}

/** A short name for reports: "granted", "withdrawn", "accredited", … (the URI's last segment). */
export function statusName(status: string): string {
  return status.slice(status.lastIndexOf("/") + 1);
}
