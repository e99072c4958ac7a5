/**
 * The e-health module's front door. So far: its pure core — the Latvian working-day calendar
 * and the contract's deadlines, CDA schema validation, safe rendering of CDA narrative, and the
 * rights policy. See README.md for what exists and what is still to come.
 */

export {
  addCalendarChangeFromCli,
  type CalendarChangeResult,
  withdrawCalendarChangeFromCli,
} from "./calendar/calendar-service.ts";
export {
  type CalendarEntry,
  listCalendarEntries,
  loadWorkingDayCalendar,
} from "./calendar/calendar-store.ts";
export { type EhealthConfig, ehealthConfigKeys } from "./config-keys.ts";
// System access (ANX2-7, DEV-4): the mutual-TLS listener for institutions' own systems.
export { copyingSettingsOf } from "./copying/index.ts";
export { type CalendarChange, type CalendarData, NO_CALENDAR_DATA } from "./core/calendar-data.ts";
export type { CalendarDate } from "./core/calendar-date.ts";
export { dayNumber, rigaDateOf } from "./core/calendar-date.ts";
export { CDA_NAMESPACE, SDTC_NAMESPACE } from "./core/cda-names.ts";
export {
  CdaNarrative,
  type NarrativeLanguage,
  type NarrativeOptions,
  renderNarrativeHtml,
  safeHref,
} from "./core/cda-narrative.tsx";
export {
  CDA_ROOT_SCHEMA,
  type CdaSchemaError,
  type CdaSchemaValidator,
  type CdaSchemaValidatorOptions,
  type CdaValidationResult,
  createCdaSchemaValidator,
  DEFAULT_CDA_LIMITS,
  defaultCdaSchemaDir,
} from "./core/cda-schema.ts";
export {
  DEADLINE_RULES,
  type Deadline,
  type DeadlineKind,
  type DeadlineRule,
  deadlineFor,
  dueDate,
} from "./core/deadlines.ts";
export { easterSunday, type Holiday, type HolidayName, statutoryHolidays } from "./core/latvian-holidays.ts";
export {
  ANNOUNCEMENT_LEAD_MS,
  isMaintenanceWindow,
  isWithinMaintenanceWindow,
  latestAnnouncement,
} from "./core/maintenance-window.ts";
export {
  ACTIONS,
  type Action,
  type Actor,
  type Decision,
  type DecisionContext,
  type DenyReason,
  decide,
  type InstitutionState,
  PROFESSIONAL_ROLES,
  type ProfessionalRole,
  PURPOSES,
  type Purpose,
  ROLE_ACTIONS,
  ROLE_PURPOSES,
  ROLES,
  type Role,
  type RoleGrant,
  type Status,
} from "./core/rights-policy.ts";
export {
  addWorkingDays,
  isWorkingDay,
  latvianCalendar,
  type WorkingDayCalendar,
  workingDaysBetween,
} from "./core/working-days.ts";
export {
  awaitsDemoData,
  DEMO_EXTRA_PATIENTS,
  DEMO_INSTITUTIONS,
  demoPersonWithoutRights,
  demoRoleLabels,
  seedEhealthDemo,
} from "./demo/index.ts";
// The system-access listener's document checks in worker threads (the composition starts them).
export { createUploadCheckWorkers } from "./documents/index.ts";
export { EhealthError, type EhealthErrorCode } from "./errors.ts";
export { ehealthManifest } from "./manifest.ts";
export { EHEALTH_PATHS, type EhealthOptions, ehealthModule } from "./module.ts";
export { checkpointMail, queueCheckpointMail, type SealedCheckpoint } from "./outbox/checkpoint-mail.ts";
export * as systemAccess from "./system-access/index.ts";
