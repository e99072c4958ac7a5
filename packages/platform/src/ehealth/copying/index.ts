/** The anti-copying slice's front door inside e-health (CON-3, ANX2-17, ANX2-18). */
export {
  COPYING_WINDOWS,
  type CopyingLimit,
  type CopyingLimits,
  DEFAULT_COPYING_LIMITS,
  formatCopyingLimits,
  parseCopyingLimits,
} from "./core/copying-policy.ts";
export { DEFAULT_DETECTION } from "./core/detection-settings.ts";
export { COPYING_ERROR_CODES, type CopyingErrorCode, CopyingRefusal } from "./errors.ts";
export { type CopyingSettings, DEFAULT_COPYING_SETTINGS } from "./guard-read.ts";
export { withCopyingGuard } from "./guarded-transaction.ts";
export { copyingSettingsOf } from "./settings.ts";
