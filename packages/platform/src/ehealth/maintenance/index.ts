/** Planned maintenance windows (CON-5, ANX2-15): scheduling with notices, the 503 gate. */
export { registerMaintenanceBanner } from "./banner.tsx";
export { registerMaintenanceGate } from "./gate.ts";
export {
  cancelMaintenance,
  currentMaintenance,
  type MaintenanceWindow,
  MIN_LEAD_WORKING_DAYS,
  plannedMaintenance,
  scheduleMaintenance,
} from "./maintenance-service.ts";
export { maintenanceNotice } from "./notice.ts";
export { MAINTENANCE_STATUS_PATH } from "./status-page.tsx";
export { registerMaintenanceStatusRoute } from "./status-route.ts";
export type { EhealthMaintenanceTables } from "./tables.ts";
