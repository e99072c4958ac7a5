/**
 * Database load per sign-in, as an operator sees it: one complete sign-in (authorize → sign-in
 * page → eParaksts → back to the relying party → token → user info) sends a known number of
 * statements. A sign-in is bound by its sequential round trips (docs/performance.md, "Sign-in
 * broker"), so a change that adds reads shows up here before it shows up as a slower broker.
 */
import { defaultStandInPersons } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../db/testing.ts";
import { type QueryLog, withQueryLog } from "./testing/query-log.ts";
import {
  completeSignIn,
  registerTestRelyingParty,
  startTestPlatform,
  type TestPlatform,
  type TestRelyingParty,
} from "./testing/test-platform.ts";

const person = defaultStandInPersons()[0]!;
/**
 * Statements of one complete sign-in: 25 (it was 38, plus a transaction's BEGIN and COMMIT),
 * one more when its relying party's row is not cached yet, and two of margin for a sign-in that
 * outlasts the 5-second caches on a loaded machine (the relying party and the account read again).
 */
const MAX_STATEMENTS_PER_SIGN_IN = 28;

function tally(statements: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const statement of statements) counts[statement] = (counts[statement] ?? 0) + 1;
  return counts;
}

describe.each(testDatabaseKinds())("statements per sign-in on $name", (kind) => {
  let platform: TestPlatform;
  let rp: TestRelyingParty;
  let log: QueryLog;

  beforeAll(async () => {
    const database = await kind.open();
    const logged = withQueryLog(database.db);
    log = logged.log;
    platform = await startTestPlatform(kind, { database: { ...database, db: logged.db } });
    rp = await registerTestRelyingParty(platform);
  }, 300_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it("a complete sign-in reads its relying party once, not the account it wrote, within its statements", async () => {
    log.take();
    const info = await completeSignIn(platform, rp, { personalCode: person.personalCode, pin1: "1234" });
    expect(info.sub).toBe(`PNOLV-${person.personalCode}`);
    const statements = log.take();
    const counts = tally(statements);
    // Once (it was seven times); twice, or the account once, only if the flow outlasts the caches.
    expect(counts["select identity_client"] ?? 0, statements.join("\n")).toBeLessThanOrEqual(2);
    expect(counts["select identity_account"] ?? 0, statements.join("\n")).toBeLessThanOrEqual(1);
    expect(statements.length, statements.join("\n")).toBeLessThanOrEqual(MAX_STATEMENTS_PER_SIGN_IN);
    // Fewer statements, the same record: the sign-in is audited.
    const audited = await platform.database.db
      .selectFrom("audit_log")
      .select("subject_person")
      .where("action", "=", "identity.signin.success")
      .execute();
    expect(audited).toEqual([{ subject_person: `PNOLV-${person.personalCode}` }]);
  });
});
