/**
 * For tests only: a live e-health web session for a person, written straight into the session
 * table — what a completed sign-in leaves behind, without driving the broker and the stand-in.
 * Route tests that are about what happens after sign-in use this; the few that are about the
 * sign-in itself use signInToEhealth (sign-in.ts).
 */
import type { Kysely } from "kysely";
import type { Level } from "../../core/levels/index.ts";
import { createSession, sha256Hex } from "../../core/web-session/index.ts";
import type { Database } from "../../db/schema.ts";
import { type SignInKind, sessionCookieName } from "../web-session/web-session.ts";

export interface TestSession {
  /** The `Cookie` header value that carries the session. */
  cookie: string;
  /** The session's CSRF token, for unsafe requests. */
  csrf: string;
}

export async function createTestSession(
  db: Kysely<Database>,
  person: { personalCode: string; givenName: string; familyName: string },
  kind: SignInKind,
  options: { level?: Level; now?: Date; secureCookies?: boolean } = {},
): Promise<TestSession> {
  const token = await createSession(
    db,
    kind,
    "test-session",
    {
      subject: `PNOLV-${person.personalCode}`,
      givenName: person.givenName,
      familyName: person.familyName,
      level: options.level ?? "high",
      amr: ["eparaksts-mobile"],
    },
    options.now ?? new Date(),
  );
  const row = await db
    .selectFrom("web_session")
    .select("csrf_token")
    .where("token_hash", "=", sha256Hex(token))
    .executeTakeFirstOrThrow();
  return {
    cookie: `${sessionCookieName(kind, options.secureCookies ?? false)}=${token}`,
    csrf: row.csrf_token,
  };
}
