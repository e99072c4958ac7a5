/**
 * The shared core's web session: a module's signed-in workplace on our own broker (the identity
 * module's OpenID provider), with the module's own clients, sign-in kinds and wording.
 *
 *   // <module>/web-session.ts, at load time
 *   export const session = defineWebSession({ name: "ehealth", kinds: ["professional", "citizen"] });
 *   // at server start (the module's register)
 *   await mountWebSession(app, session, { db, publicUrl, registry, clients, encryption, secretLabel, pages, now });
 *   await workplace(app, { access: "ehealth:citizen", gate: session.gate("citizen") }, (scope) => …);
 *
 * Forms carry `<CsrfField token={person.csrfToken} />` (web/). Tables: web_client, web_signin,
 * web_session (tables.ts), migrated with the core's.
 */
export {
  type ClientRegistry,
  type ClientSettings,
  derivedClientSecret,
  type EnsureClients,
  ensureClients,
  type RelyingPartyClient,
} from "./clients.ts";
export { WebSessionError, type WebSessionErrorCode } from "./errors.ts";
export { type Level, levelAtLeast, levelOfAcrValue } from "./levels.ts";
export { webSessionMigrations } from "./migrations.ts";
export { type MountWebSession, mountWebSession } from "./mount.ts";
export { type FetchFunction, sha256Hex } from "./relying-party.ts";
export { DEFAULT_SIGN_IN_RATE_LIMIT_PER_MINUTE, safeReturnPath } from "./routes.ts";
export {
  createSession,
  endSessions,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  SIGNIN_TTL_MS,
} from "./session-store.ts";
export type { WebSessionTables } from "./tables.ts";
export {
  CSRF_FIELD,
  checkCsrf,
  defineWebSession,
  PERSON_CODE_PREFIX,
  type SignedInPerson,
  sessionCookieName,
  WebSession,
  type WebSessionDefinition,
  type WebSessionPages,
  type WebSessionPaths,
  type WebSessionService,
} from "./web-session.ts";
