/** The anti-copying settings from the module's configuration (config-keys.ts). */
import type { EhealthConfig } from "../config-keys.ts";
import type { CopyingSettings } from "./guard-read.ts";

export function copyingSettingsOf(config: EhealthConfig): CopyingSettings {
  return {
    limits: {
      professional: config.copyingProfessionalLimits,
      system: config.copyingSystemLimits,
      institution: config.copyingInstitutionLimits,
    },
    detection: {
      sequentialRun: config.copyingSequentialRun,
      unrelatedPatientsPerDay: config.copyingUnrelatedPatientsPerDay,
    },
    alertMailTo: config.copyingAlertMailTo,
  };
}
