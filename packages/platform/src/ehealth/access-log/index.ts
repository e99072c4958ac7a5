/** The access log's front door (CON-9): record every access to a patient's data. */
export { AccessLogError, type AccessLogErrorCode } from "./errors.ts";
export {
  ACCESS_ACTIONS,
  type AccessAction,
  type AccessEntry,
  LEGAL_GROUNDS,
  personIdentifier,
  REPORT_PURPOSES,
  type ReportPurpose,
  recordAccess,
  splitRecordedPurpose,
} from "./record-access.ts";
