import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { withQueryLog } from "../testing/query-log.ts";
import { ensureClientSecret, findClientRow, hashClientSecret, registerClient } from "./client-store.ts";

const client = {
  name: "Test e-service",
  redirectUris: ["https://rp.example.lv/callback"],
  professional: false,
  minLevel: "low" as const,
};

describe.each(testDatabaseKinds())("relying parties' rows on $name", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await kind.open();
  }, 300_000);
  afterAll(() => database?.close());

  it("reads a client's row once for the steps of a sign-in; a secret changed here counts at once", async () => {
    const { db, log } = withQueryLog(database.db);
    const { client: registered } = await registerClient(db, client);
    log.take();
    for (let step = 0; step < 7; step++)
      expect((await findClientRow(db, registered.clientId))?.name).toBe("Test e-service");
    expect(log.take()).toEqual(["select identity_client"]);

    expect(await ensureClientSecret(db, registered.clientId, "derived secret")).toBe(true);
    expect((await findClientRow(db, registered.clientId))?.secret_hash).toBe(
      hashClientSecret("derived secret"),
    );
  });

  it("does not remember a client that is not there, so one registered a moment later works at once", async () => {
    const { db } = withQueryLog(database.db);
    const { client: registered } = await registerClient(db, client);
    const { db: other } = withQueryLog(database.db);
    await other.deleteFrom("identity_client").where("client_id", "=", registered.clientId).execute();
    expect(await findClientRow(other, registered.clientId)).toBeUndefined();
    await other
      .insertInto("identity_client")
      .values({
        client_id: registered.clientId,
        name: "Registered again",
        secret_hash: hashClientSecret("s"),
        redirect_uris: "[]",
        post_logout_redirect_uris: "[]",
        professional: false,
        min_level: "low",
        created_at: new Date(),
      })
      .execute();
    expect((await findClientRow(other, registered.clientId))?.name).toBe("Registered again");
  });
});
