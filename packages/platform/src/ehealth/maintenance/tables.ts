/**
 * Planned maintenance windows (CON-5, ANX2-15): the operator schedules them, institutions are told
 * ahead, the system web services answer 503 during them. A cancelled window keeps its row.
 */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date, Date>;
type Serial = ColumnType<string, never, never>;

export interface MaintenanceWindowTable {
  id: Serial;
  starts_at: Timestamp;
  ends_at: Timestamp;
  /** What people are told, in Latvian and English. */
  description_lv: string;
  description_en: string;
  /** `PNOLV-…` of the operator's staff member, or `cli`. */
  scheduled_by: string;
  scheduled_at: Timestamp;
  cancelled_at: Timestamp | null;
  cancelled_by: string | null;
}

export interface EhealthMaintenanceTables {
  ehealth_maintenance_window: MaintenanceWindowTable;
}
