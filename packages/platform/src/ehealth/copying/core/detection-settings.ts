/**
 * The thresholds of the patterns no person produces (ANX2-18), from the configuration
 * (`COPYING_SEQUENTIAL_RUN`, `COPYING_UNRELATED_PATIENTS_PER_DAY`); defined with the module's
 * configuration keys, which the manifest loads.
 */
export { DEFAULT_DETECTION, type DetectionSettings } from "../../config-keys.ts";
