/**
 * The thresholds of the patterns no person produces (ANX2-18), from the configuration
 * (`COPYING_SEQUENTIAL_RUN`, `COPYING_UNRELATED_PATIENTS_PER_DAY`).
 */
export interface DetectionSettings {
  /** Patients in a row, each continuing the previous one's personal code (sequential-codes.ts). */
  readonly sequentialRun: number;
  /**
   * Distinct patients a day without a treatment relationship to the institution — no consent
   * given to it and no document from it. A GP's day brings a few new patients; a script reading
   * other institutions' patients brings only such.
   */
  readonly unrelatedPatientsPerDay: number;
}

export const DEFAULT_DETECTION: DetectionSettings = { sequentialRun: 5, unrelatedPatientsPerDay: 30 };
