/** The fixture module's routes: a public greeting, and its notes behind a workplace gate. */
import type { FastifyInstance } from "fastify";
import { PUBLIC, workplace } from "../../../../http/route-access.ts";
import type { ServerContext } from "../../../../http/server.ts";
import { sharedHandle } from "../../index.ts";
import type { FixtureTables } from "./tables.ts";

export async function registerFixtureRoutes(
  app: FastifyInstance,
  { database }: ServerContext,
  greeting: string,
): Promise<void> {
  const db = sharedHandle<FixtureTables>(database.db);
  app.get("/fixture/greeting", { config: { access: PUBLIC } }, async () => ({ greeting }));
  await workplace(
    app,
    {
      access: "fixture:reader",
      // Stands in for a sign-in check: only a request carrying the reader's header passes.
      gate: async (request, reply) =>
        request.headers["x-fixture-reader"] === "yes" ? undefined : reply.code(403).send({ refused: true }),
    },
    (scope) => {
      scope.get("/fixture/notes", async () => ({
        notes: (await db.selectFrom("fixture_note").select("body").orderBy("id").execute()).map(
          (n) => n.body,
        ),
      }));
    },
  );
}
