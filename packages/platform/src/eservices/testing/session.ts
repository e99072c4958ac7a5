/**
 * For tests only: a live e-services web session for a person, written straight into the core's
 * session table — what a completed sign-in at level high leaves behind, without the broker.
 */
import type { Kysely } from "kysely";
import { sharedHandle } from "../../core/module/index.ts";
import { createSession, sha256Hex, type WebSessionTables } from "../../core/web-session/index.ts";
import type { EservicesDatabase } from "../database.ts";
import { type EservicesKind, eservicesSession } from "../web/session.ts";

export interface TestSession {
  /** The `Cookie` header value that carries the session. */
  cookie: string;
  /** The session's CSRF token, for unsafe requests. */
  csrf: string;
}

export async function createEservicesTestSession(
  db: Kysely<EservicesDatabase>,
  person: { personalCode: string; givenName: string; familyName: string },
  kind: EservicesKind,
  options: { secureCookies: boolean },
): Promise<TestSession> {
  const sessions = sharedHandle<WebSessionTables>(db);
  const token = await createSession(
    sessions,
    kind,
    "test-session",
    {
      subject: `PNOLV-${person.personalCode}`,
      givenName: person.givenName,
      familyName: person.familyName,
      level: "high",
      amr: ["eparaksts-mobile"],
    },
    new Date(),
  );
  const row = await sessions
    .selectFrom("web_session")
    .select("csrf_token")
    .where("token_hash", "=", sha256Hex(token))
    .executeTakeFirstOrThrow();
  return {
    cookie: `${eservicesSession.cookieName(kind, options.secureCookies)}=${token}`,
    csrf: row.csrf_token,
  };
}

/** A multipart/form-data body as a browser sends the upload form: the token and one file. */
export function uploadBody(
  fields: Record<string, string>,
  file: Uint8Array,
): { body: Buffer; contentType: string } {
  const boundary = "----tilts-test-boundary-7f3a";
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="form.edoc"\r\nContent-Type: application/vnd.etsi.asic-e+zip\r\n\r\n`,
    ),
    Buffer.from(file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
