/** The fixture's background job: it leaves a note when it starts and another when it stops. */
import type { Kysely } from "kysely";
import type { JobContext, RunningJob } from "../../index.ts";
import type { FixtureTables } from "./tables.ts";

export async function startFixtureJob(context: Pick<JobContext, "db">): Promise<RunningJob> {
  const db: Kysely<FixtureTables> = context.db;
  await db.insertInto("fixture_note").values({ body: "the job started" }).execute();
  return {
    async stop() {
      await db.insertInto("fixture_note").values({ body: "the job stopped" }).execute();
    },
  };
}
