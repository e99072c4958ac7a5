import { Writable } from "node:stream";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.ts";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { PUBLIC } from "./route-access.ts";
import { buildServer } from "./server.ts";

const PERSONAL_CODE = "290156-11605";

describe.each(testDatabaseKinds())("a database error in the log ($name)", (kind) => {
  let database: TestDatabase;
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });

  beforeAll(async () => {
    database = await kind.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it("names the SQLSTATE, never the statement's parameters or the values in the message", async () => {
    const app = await buildServer({
      config: loadConfig({ env: {} }),
      database,
      logger: { level: "error", stream },
      modules: [
        {
          name: "leaky",
          register(app) {
            // A personal code where a uuid belongs: the database's message repeats the value.
            app.get("/leaky", { config: { access: PUBLIC } }, async () =>
              sql`select ${PERSONAL_CODE}::uuid as id`.execute(database.db),
            );
          },
        },
      ],
    });
    try {
      const response = await app.inject("/leaky");
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain(PERSONAL_CODE);
    } finally {
      await app.close();
    }
    const logged = lines.join("");
    expect(logged).toContain('"database":true');
    expect(logged).toContain('"code":"22P02"'); // invalid_text_representation
    expect(logged).not.toContain(PERSONAL_CODE);
  });
});
