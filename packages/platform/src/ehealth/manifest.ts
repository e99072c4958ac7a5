/**
 * The e-health module's manifest (its light front door): configuration keys, migrations, tables,
 * CLI commands and routes. Imports only the core's module kit and the module's key specs; the
 * module's code loads when a command runs or a server is composed.
 */
import { defineModule, type ModuleManifest, type ModuleServerPart, tableSet } from "../core/module/index.ts";
import { checkEhealthConfig, type EhealthConfig, ehealthConfigKeys } from "./config-keys.ts";
import type { EhealthDatabase } from "./database.ts";
import type { EhealthOptions } from "./module.ts";

export const ehealthManifest: ModuleManifest<EhealthConfig, EhealthDatabase, EhealthOptions> = defineModule({
  name: "ehealth",
  config: ehealthConfigKeys,
  checkConfig: checkEhealthConfig,
  migrations: async () => {
    const [main, documents, systemAccess, copying, classifiers, attestation] = await Promise.all([
      import("./migrations.ts"),
      import("./documents/migrations.ts"),
      import("./system-access/migrations.ts"),
      import("./copying/migrations.ts"),
      import("./classifiers/migration.ts"),
      import("./attestation/migrations.ts"),
    ]);
    return {
      ...main.ehealthMigrations,
      ...documents.ehealthDocumentMigrations,
      ...systemAccess.ehealthSystemAccessMigrations,
      ...copying.ehealthCopyingMigrations,
      ...classifiers.ehealthClassifierMigrations,
      ...attestation.ehealthAttestationMigrations,
    };
  },
  tables: tableSet<EhealthDatabase>({
    ehealth_institution: true,
    ehealth_institution_history: true,
    ehealth_contract: true,
    ehealth_application: true,
    ehealth_operator_staff: true,
    ehealth_administrator: true,
    ehealth_user: true,
    ehealth_attestation: true,
    ehealth_right: true,
    ehealth_right_history: true,
    ehealth_patient: true,
    ehealth_consent: true,
    ehealth_document: true,
    ehealth_document_archive: true,
    ehealth_document_restriction: true,
    ehealth_calendar_entry: true,
    ehealth_maintenance_window: true,
    ehealth_support_request: true,
    ehealth_support_screenshot: true,
    ehealth_support_event: true,
    ehealth_system_binding: true,
    ehealth_connection_application: true,
    ehealth_approved_system_version: true,
    ehealth_copying_key: true,
    ehealth_copying_counter: true,
    ehealth_copying_patient: true,
    ehealth_copying_sequence: true,
    ehealth_copying_detection: true,
    ehealth_code_system: true,
    ehealth_code_system_version: true,
    ehealth_code: true,
    ehealth_classifier_contract: true,
    ehealth_attestation_document: true,
  }),
  commands: [
    {
      path: ["ehealth", "demo"],
      summary: "seed the e-health demo data (testbed persons) and print who is who",
      load: async () => (await import("./cli/ehealth-demo.ts")).ehealthDemoCommand,
    },
    {
      path: ["ehealth", "sample-cda"],
      summary:
        "write a CDA document about a demo patient that the portal's upload accepts (optionally signed)",
      load: async () => (await import("./cli/sample-cda.ts")).ehealthSampleCdaCommand,
    },
    {
      path: ["ehealth", "maintenance", "schedule"],
      summary:
        "schedule planned maintenance (3 working days ahead, outside working hours); institutions are told",
      load: async () => (await import("./cli/maintenance.ts")).maintenanceScheduleCommand,
    },
    {
      path: ["ehealth", "maintenance", "list"],
      summary: "list planned and current maintenance windows",
      load: async () => (await import("./cli/maintenance.ts")).maintenanceListCommand,
    },
    {
      path: ["ehealth", "maintenance", "cancel"],
      summary: "cancel a planned maintenance window; institutions are told",
      load: async () => (await import("./cli/maintenance.ts")).maintenanceCancelCommand,
    },
    {
      path: ["ehealth", "system", "bind"],
      summary: "bind an institution's connection certificate to one of its systems (mutual-TLS access)",
      load: async () => (await import("./system-access/index.ts")).ehealthSystemBindCommand,
    },
    {
      path: ["ehealth", "system", "approve-version"],
      summary: "approve a version of an institution's system (required to connect in production)",
      load: async () =>
        (await import("./system-access/applications/approve-version-command.ts"))
          .ehealthSystemApproveVersionCommand,
    },
    {
      path: ["ehealth", "copying", "list"],
      summary: "list the anti-copying detections (suspended professionals and systems, ANX2-18)",
      load: async () => (await import("./copying/copying-command.ts")).copyingListCommand,
    },
    {
      path: ["ehealth", "copying", "lift"],
      summary: "lift an anti-copying detection after review: the professional or system reads again",
      load: async () => (await import("./copying/copying-command.ts")).copyingLiftCommand,
    },
    {
      path: ["ehealth", "classifiers", "load"],
      summary:
        "load a classifier file the operator publishes (CSV or FHIR CodeSystem JSON) as its next version",
      load: async () => (await import("./classifiers/classifiers-command.ts")).classifiersLoadCommand,
    },
    {
      path: ["ehealth", "classifiers", "list"],
      summary: "list the classifiers with their versions and code counts",
      load: async () => (await import("./classifiers/classifiers-command.ts")).classifiersListCommand,
    },
    {
      path: ["ehealth", "classifiers", "contract"],
      summary: "record an institution's operator contract for classifier data (DEV-5)",
      load: async () => (await import("./classifiers/classifiers-command.ts")).classifiersContractCommand,
    },
    {
      path: ["ehealth", "attestation", "record"],
      summary: "record an attestation signed on paper (CON-7), with its evidence, so the person can work",
      load: async () => (await import("./attestation/record-command.ts")).attestationRecordCommand,
    },
    {
      path: ["calendar", "add"],
      summary: "enter a moved working day (Cabinet order) or an extra holiday in the working-day calendar",
      load: async () => (await import("./cli/calendar.ts")).calendarAddCommand,
    },
    {
      path: ["calendar", "list"],
      summary:
        "list the working-day calendar's entries (moved working days, extra holidays), withdrawn ones too",
      load: async () => (await import("./cli/calendar.ts")).calendarListCommand,
    },
    {
      path: ["calendar", "withdraw"],
      summary: "withdraw a working-day calendar entry (kept in history, with the reason)",
      load: async () => (await import("./cli/calendar.ts")).calendarWithdrawCommand,
    },
  ],
  jobs: [
    // SIG-2: archive time-stamps of kept signed documents renewed before their evidence weakens.
    {
      name: "archive-renewal",
      start: async (context) =>
        (await import("./documents/archive-renewal-job.ts")).startArchiveRenewal(context),
    },
    // CON-3: the anti-copying counters of windows long over are deleted hourly.
    {
      name: "copying-pruner",
      start: async (context) => (await import("./copying/prune.ts")).startCopyingPruner(context),
    },
  ],
  messages: async () => (await import("./i18n.ts")).ehealthMessages,
  routes: {
    // Each workplace route declares who may reach it (http/route-access.ts).
    access: "per-route",
    async load(config, hooks): Promise<ModuleServerPart | undefined> {
      const { ehealthModule } = await import("./module.ts");
      return ehealthModule(config, hooks);
    },
  },
});
