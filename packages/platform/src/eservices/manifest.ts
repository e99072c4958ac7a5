/**
 * The e-service registry's manifest (its light front door): configuration keys, migrations,
 * tables, the `tilts eservices …` commands, the public catalogue's routes and the representatives'
 * and the agency's workplaces (ESV-1..3, SIG-6).
 */
import { defineModule, type ModuleManifest, tableSet } from "../core/module/index.ts";
import { type EservicesConfig, eservicesConfigKeys } from "./config-keys.ts";
import type { EservicesDatabase } from "./database.ts";

export const eservicesManifest: ModuleManifest<EservicesConfig, EservicesDatabase> = defineModule({
  name: "eservices",
  config: eservicesConfigKeys,
  migrations: async () => (await import("./migrations.ts")).eservicesMigrations,
  tables: tableSet<EservicesDatabase>({
    eservice_representative: true,
    eservice_form: true,
    eservice_form_status: true,
    eservice_identifier_counter: true,
  }),
  commands: [
    {
      path: ["eservices", "form"],
      summary: "fill the e-service registration form and write it as an unsigned eDoc to sign (ESV-2)",
      load: async () => (await import("./cli/eservices-form.ts")).eservicesFormCommand,
    },
    {
      path: ["eservices", "submit"],
      summary: "submit a signed e-service registration eDoc to the agency's queue (ESV-2, SIG-6)",
      load: async () => (await import("./cli/eservices-submit.ts")).eservicesSubmitCommand,
    },
    {
      path: ["eservices", "queue"],
      summary: "list the submitted e-service registration forms waiting for the agency (ESV-3)",
      load: async () => (await import("./cli/eservices-agency.ts")).eservicesQueueCommand,
    },
    {
      path: ["eservices", "register"],
      summary:
        "register a submitted e-service: assign its identifier and the agency's contact person (ESV-3)",
      load: async () => (await import("./cli/eservices-agency.ts")).eservicesRegisterCommand,
    },
    {
      path: ["eservices", "refuse"],
      summary: "refuse a submitted e-service registration form, with the reason (ESV-3)",
      load: async () => (await import("./cli/eservices-agency.ts")).eservicesRefuseCommand,
    },
    {
      path: ["eservices", "representative", "add"],
      summary: "list a person who may sign an institution's e-service registration forms (SIG-6)",
      load: async () => (await import("./cli/eservices-representative.ts")).eservicesRepresentativeAddCommand,
    },
    {
      path: ["eservices", "catalogue"],
      summary:
        "list the registered e-services of the public catalogue, searched by words and audience (ESV-1)",
      load: async () => (await import("./cli/eservices-catalogue.ts")).eservicesCatalogueCommand,
    },
  ],
  routes: {
    // The catalogue is public, each route declaring PUBLIC itself; the workplaces' routes live in
    // their gated scopes (web/gates.ts). Both are reviewed in route-access.int.test.ts.
    access: "per-route",
    async load() {
      const { eservicesModule } = await import("./module.ts");
      return eservicesModule();
    },
  },
});
