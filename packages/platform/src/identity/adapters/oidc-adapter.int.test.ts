import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { registerClient } from "./client-store.ts";
import { createOidcAdapter, sweepExpired } from "./oidc-adapter.ts";

describe.each(testDatabaseKinds())("oidc-provider adapter on $name", (kind) => {
  let database: TestDatabase;
  let clock = new Date("2026-01-01T00:00:00Z");
  beforeAll(async () => {
    database = await kind.open();
  }, 300_000);
  afterAll(() => database?.close());

  it("stores artefacts with expiry, consumption, uid lookup and revocation by grant", async () => {
    const Adapter = createOidcAdapter(database.db, () => clock);
    const codes = new Adapter("AuthorizationCode");
    const sessions = new Adapter("Session");
    await codes.upsert("c1", { jti: "c1", grantId: "g1", kind: "AuthorizationCode" }, 60);
    await codes.upsert("c2", { jti: "c2", grantId: "g2" }, 60);
    await sessions.upsert("s1", { jti: "s1", uid: "u1", accountId: "PNOLV-1" }, 600);

    expect(await codes.find("c1")).toMatchObject({ jti: "c1", grantId: "g1" });
    expect(await sessions.findByUid("u1")).toMatchObject({ jti: "s1" });
    expect(await codes.find("s1")).toBeUndefined(); // models do not see each other's rows

    await codes.consume("c1");
    expect((await codes.find("c1"))?.consumed).toBe(Math.floor(clock.getTime() / 1000));

    await codes.revokeByGrantId("g1");
    expect(await codes.find("c1")).toBeUndefined();
    expect(await codes.find("c2")).toBeDefined();

    clock = new Date(clock.getTime() + 61_000);
    expect(await codes.find("c2")).toBeUndefined(); // expired: invisible before the sweep
    expect(await sessions.find("s1")).toBeDefined();
    expect(await sweepExpired(database.db, clock)).toBe(1);

    await sessions.destroy("s1");
    expect(await sessions.find("s1")).toBeUndefined();
  });

  it("serves registered relying parties as oidc-provider client metadata, secret only as a hash", async () => {
    const { client, clientSecret } = await registerClient(database.db, {
      name: "RP",
      redirectUris: ["https://rp.example/cb"],
      professional: true,
      minLevel: "high",
    });
    const Adapter = createOidcAdapter(database.db);
    const metadata = await new Adapter("Client").find(client.clientId);
    expect(metadata).toMatchObject({
      client_id: client.clientId,
      redirect_uris: ["https://rp.example/cb"],
      token_endpoint_auth_method: "client_secret_basic",
    });
    expect(metadata?.client_secret).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(metadata?.client_secret).not.toContain(clientSecret);
    await expect(new Adapter("Client").upsert("x", {})).rejects.toThrow();
  });
});
