/**
 * The web session's relying-party state (owned by core/web-session; modules reach it only through
 * its front door): each workplace's clients at our own broker, sign-ins in progress, and
 * signed-in sessions. A row's `kind` is the sign-in kind a module mounted (e-health:
 * `professional`, `citizen`), unique across the platform.
 */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date, Date>;

/**
 * A workplace's clients at the identity broker, one per sign-in kind, registered on first start.
 * No secret: the module derives it from the key-encryption secret (clients.ts), the broker
 * stores its hash.
 */
export interface WebClientTable {
  /** The sign-in kind, e.g. `professional` or `citizen`. */
  kind: string;
  client_id: string;
  /** The redirect URI it was registered with: a changed PUBLIC_URL registers a new client. */
  redirect_uri: string;
  created_at: Timestamp;
}

/** A sign-in sent to the broker: state, nonce and PKCE verifier, bound to the browser. Single use. */
export interface WebSigninTable {
  state: string;
  kind: string;
  /** sha256 (hex) of the browser-binding cookie's value (login CSRF, RFC 9700 §4.7). */
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  /** A local path to return to after sign-in. */
  return_to: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Date | null;
}

/** A signed-in person's session; the cookie carries a random token, the table only its hash. */
export interface WebSessionTable {
  /** sha256 (hex) of the session cookie's value. */
  token_hash: string;
  kind: string;
  /** The ID token's `sub`, `PNOLV-<personal code>`. */
  subject: string;
  given_name: string;
  family_name: string;
  /** `low`, `substantial` or `high`, from the ID token's `acr`. */
  level: string;
  /** JSON array: the ID token's `amr`. */
  amr: string;
  /** The client the session signed in through (for RP-initiated logout). */
  client_id: string;
  /** The per-session token forms carry (CSRF). */
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  /** Absolute end; idle expiry is last_seen_at + the idle limit. */
  expires_at: Timestamp;
}

export interface WebSessionTables {
  web_client: WebClientTable;
  web_signin: WebSigninTable;
  web_session: WebSessionTable;
}
