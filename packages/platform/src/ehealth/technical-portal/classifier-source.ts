/**
 * Where the technical portal reads the classifiers (ANX2-17, DEV-5): the operator's versioned
 * store, the same the system web services answer from — each code system at its current version
 * with the codes valid today (Riga date), as a vendor's system would receive them.
 */
import type { Kysely } from "kysely";
import { listCodeSystems, validCodes } from "../classifiers/index.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../database.ts";

export interface ClassifierCode {
  code: string;
  display: { lv: string; en: string };
}

export interface Classifier {
  name: string;
  title: { lv: string; en: string };
  version: number;
  system: string;
  codes: ClassifierCode[];
}

export async function readClassifiers(db: Kysely<Database>, now: Date): Promise<readonly Classifier[]> {
  const today = rigaDateOf(now);
  const systems = await listCodeSystems(db);
  return Promise.all(
    systems.map(async (system) => ({
      name: system.name,
      title: system.title,
      version: system.version,
      system: system.url,
      codes: (await validCodes(db, system.name, today)).map((code) => ({
        code: code.code,
        display: { lv: code.displayLv, en: code.displayEn },
      })),
    })),
  );
}
