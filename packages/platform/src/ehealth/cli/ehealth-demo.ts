/**
 * `tilts ehealth demo`: seeds the e-health demo data (ehealth/demo) into the configured database
 * — the same seeding `tilts start` does with the testbed — and prints who is who, so a newcomer
 * knows whom to sign in as (eParaksts stand-in: user number = personal code, PIN1 1234).
 */
import type { Command } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { loadConfig } from "../../config/config.ts";
import { migrateToLatest } from "../../db/migrations.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";
import { DEMO_INSTITUTIONS, demoPersonWithoutRights, seedEhealthDemo } from "../demo/index.ts";
import { createCdaSchemaValidator } from "../index.ts";
import { demoPeople } from "./demo-people.ts";

export const ehealthDemoCommand: Command = {
  path: ["ehealth", "demo"],
  summary: "seed the e-health demo data (testbed persons) and print who is who",
  help: `Usage: tilts ehealth demo [--data-dir DIR] [--json]

Brings the schema up to date and seeds the e-health demo: the operator with staff, three
institutions (a small pharmacy without an administrator), contracts, applications (one overdue),
administrators, a doctor, a nurse and a pharmacist, patients with consents and documents. Seeds
only a database without institutions (safe to run again). Sign in as a listed person through
the testbed's eParaksts stand-in (user number = personal code, PIN1 1234).

Options:
  --data-dir DIR   the platform's data directory (default $DATA_DIR or ./data)
  --json           print the result as JSON

Exit codes: 0 seeded or already there; 2 usage, bad configuration, or the testbed is off
(production); 3 the database is unavailable.`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: { "data-dir": { type: "string" }, json: { type: "boolean" } },
    });
    const config = loadConfig({ env: io.env, overrides: { dataDir: values["data-dir"] } });
    if (!config.testbed) {
      io.stderr(
        "tilts ehealth demo: the demo uses the testbed's persons; it runs only with the testbed on\n",
      );
      return 2;
    }
    const database = await openConfiguredDatabase(config);
    try {
      await migrateToLatest(database.db);
      const now = new Date();
      const { standInPersons, extraPatients } = demoPeople();
      const result = await seedEhealthDemo(database.db, {
        standInPersons,
        extraPatients,
        now,
        documentPorts: {
          schema: await createCdaSchemaValidator(),
          trust: { anchors: () => [], now: () => now },
        },
      });
      const { cast } = result;
      const who = (p: { personalCode: string; givenName: string; familyName: string }) =>
        `${p.givenName} ${p.familyName} (${p.personalCode})`;
      const roles: [string, string][] = [
        ...cast.operatorStaff.map((p): [string, string] => ["operator's staff", who(p)]),
        [`administrator, ${DEMO_INSTITUTIONS.hospital.name}`, who(cast.hospitalAdministrator)],
        [`administrator, ${DEMO_INSTITUTIONS.practice.name}`, who(cast.practiceAdministrator)],
        [`doctor, ${DEMO_INSTITUTIONS.hospital.name}`, who(cast.hospitalDoctor)],
        [`nurse, ${DEMO_INSTITUTIONS.hospital.name}`, who(cast.hospitalNurse)],
        [`doctor, ${DEMO_INSTITUTIONS.practice.name}`, who(cast.practiceDoctor)],
        [`pharmacist, ${DEMO_INSTITUTIONS.pharmacy.name}`, who(cast.pharmacist)],
      ];
      const nobody = demoPersonWithoutRights(standInPersons);
      if (nobody) roles.push(["no right anywhere", who(nobody)]);
      if (values.json) {
        io.stdout(
          `${JSON.stringify({ seeded: result.seeded, counts: result.counts ?? null, documents: result.documents, roles: roles.map(([role, person]) => ({ role, person })) })}\n`,
        );
      } else {
        io.stdout(
          `${result.seeded ? `Seeded the e-health demo (${database.kind}): ${JSON.stringify({ ...result.counts, documents: result.documents })}` : "The database already has institutions: nothing seeded."}\n` +
            roles.map(([role, person]) => `  ${role.padEnd(44)} ${person}\n`).join(""),
        );
      }
      return 0;
    } finally {
      await database.close();
    }
  },
};
