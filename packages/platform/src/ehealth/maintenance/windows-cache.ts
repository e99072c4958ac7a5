/**
 * The planned windows, read at most every few seconds (ANX2-15): the 503 gate and the workplaces'
 * banner ask on every request, and a window announced days ahead may start or end that much late.
 */
import type { Kysely } from "kysely";
import type { EhealthDatabase as Database } from "../database.ts";
import { type MaintenanceWindow, plannedMaintenance } from "./maintenance-service.ts";

export const REFRESH_MS = 5_000;

/** A reader of the windows not yet ended at `now`, reusing the last read for `refreshMs`. */
export function cachedWindows(
  db: Kysely<Database>,
  refreshMs = REFRESH_MS,
): (now: Date) => Promise<MaintenanceWindow[]> {
  let cached: { readAt: number; windows: MaintenanceWindow[] } | undefined;
  return async (now) => {
    if (!cached || Math.abs(now.getTime() - cached.readAt) >= refreshMs)
      cached = { readAt: now.getTime(), windows: await plannedMaintenance(db, now) };
    return cached.windows;
  };
}
