import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import type { LatvianPerson } from "../core/evidence.ts";
import { withQueryLog } from "../testing/query-log.ts";
import { findAccountClaims, recordAccount } from "./account-store.ts";

const now = new Date("2026-12-07T10:00:00Z");

function person(code: string, previousCodes: string[], familyName = "Kalniņa"): LatvianPerson {
  return { kind: "latvian", personalCode: code, givenName: "Anna", familyName, previousCodes };
}

describe.each(testDatabaseKinds())("the account store on $name", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await kind.open();
  }, 300_000);
  afterAll(() => database?.close());

  it("keeps every earlier code a sign-in brought, oldest first, and refreshes the names", async () => {
    const db = database.db;
    const first = await recordAccount(db, person("321412-91101", ["290156-11605"]), now);
    expect(first.previous_personal_codes).toEqual(["PNOLV-290156-11605"]);
    // A later method knows another earlier code (and the one already known); the name changed.
    const second = await recordAccount(
      db,
      person("321412-91101", ["161175-19997", "290156-11605"], "Ozola"),
      now,
    );
    expect(second).toEqual({
      sub: "PNOLV-321412-91101",
      given_name: "Anna",
      family_name: "Ozola",
      previous_personal_codes: ["PNOLV-290156-11605", "PNOLV-161175-19997"],
    });
    // A method that knows no history (eParaksts) does not forget it.
    const third = await recordAccount(db, person("321412-91101", []), now);
    expect(third.previous_personal_codes).toEqual(["PNOLV-290156-11605", "PNOLV-161175-19997"]);
    // What relying parties read is what was stored, also through another handle (no shared cache).
    const { db: other } = withQueryLog(db);
    expect(await findAccountClaims(other, "PNOLV-321412-91101")).toEqual(third);
  });

  it("loses no code when the same person signs in several times at once", async () => {
    const db = database.db;
    const codes = ["010101-10006", "020202-10009", "030303-10002", "040404-10005"];
    await Promise.all(codes.map((code) => recordAccount(db, person("050505-10008", [code]), now)));
    const { db: other } = withQueryLog(db);
    const claims = await findAccountClaims(other, "PNOLV-050505-10008");
    expect(new Set(claims?.previous_personal_codes)).toEqual(new Set(codes.map((c) => `PNOLV-${c}`)));
  });

  it("writes an account in one statement and serves the claims just written without a read", async () => {
    const { db, log } = withQueryLog(database.db);
    await recordAccount(db, person("060606-10001", []), now);
    expect(log.take()).toEqual(["insert identity_account"]);
    expect(await findAccountClaims(db, "PNOLV-060606-10001")).toMatchObject({ family_name: "Kalniņa" });
    expect(log.take()).toEqual([]);
  });
});
