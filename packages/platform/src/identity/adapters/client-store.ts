/**
 * Relying parties: registration (CLI), lookup (oidc-provider's Client model and the sign-in
 * pages). The secret is shown once and stored only as `sha256:<hex>`; oidc-provider compares a
 * presented secret through `verifyClientSecret` (wired in provider.ts), never the plain text.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { isLevel, type Level } from "../core/levels.ts";
import type { IdentityDatabase as Database } from "../database.ts";
import { IdentityError } from "../errors.ts";
import type { IdentityClientTable } from "../tables.ts";
import { cacheFor, ShortLivedCache } from "./short-lived-cache.ts";

export type ClientRow = Selectable<IdentityClientTable>;

export interface RegisteredClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  professional: boolean;
  minLevel: Level;
  createdAt: Date;
}

export interface NewClient {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  professional: boolean;
  minLevel: Level;
}

const SECRET_HASH_PREFIX = "sha256:";

export function hashClientSecret(secret: string): string {
  return SECRET_HASH_PREFIX + createHash("sha256").update(secret, "utf8").digest("hex");
}

export function verifyClientSecret(storedHash: unknown, presented: string): boolean {
  if (typeof storedHash !== "string" || !storedHash.startsWith(SECRET_HASH_PREFIX)) return false;
  const expected = Buffer.from(storedHash);
  const actual = Buffer.from(hashClientSecret(presented));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Redirect URIs are matched exactly (OAuth 2.0 Security BCP §4.1.3), so they must be absolute and clean. */
export function checkRedirectUri(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new IdentityError("client-bad-redirect-uri", `not an absolute URL: ${uri}`);
  }
  if (url.hash) throw new IdentityError("client-bad-redirect-uri", `a redirect URI has no fragment: ${uri}`);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new IdentityError("client-bad-redirect-uri", `expected http or https: ${uri}`);
  }
  return uri;
}

export async function registerClient(
  db: Kysely<Database>,
  input: NewClient,
  now: Date = new Date(),
): Promise<{ client: RegisteredClient; clientSecret: string }> {
  const name = input.name.trim();
  if (!name || name.length > 200) throw new IdentityError("client-bad-name", "a name of 1 to 200 characters");
  if (input.redirectUris.length === 0)
    throw new IdentityError("client-bad-redirect-uri", "at least one redirect URI");
  const redirectUris = input.redirectUris.map(checkRedirectUri);
  const postLogout = (input.postLogoutRedirectUris ?? []).map(checkRedirectUri);
  const clientId = `rp-${randomBytes(9).toString("base64url")}`;
  const clientSecret = randomBytes(32).toString("base64url");
  await db
    .insertInto("identity_client")
    .values({
      client_id: clientId,
      name,
      secret_hash: hashClientSecret(clientSecret),
      redirect_uris: JSON.stringify(redirectUris),
      post_logout_redirect_uris: JSON.stringify(postLogout),
      professional: input.professional,
      min_level: input.minLevel,
      created_at: now,
    })
    .execute();
  return {
    client: {
      clientId,
      name,
      redirectUris,
      postLogoutRedirectUris: postLogout,
      professional: input.professional,
      minLevel: input.minLevel,
      createdAt: now,
    },
    clientSecret,
  };
}

/**
 * Sets a client's secret to one its owner derives rather than stores (the portal's clients:
 * ehealth/web-session/clients.ts); only the hash is kept, as for every client. Returns whether
 * the stored hash changed.
 */
export async function ensureClientSecret(
  db: Kysely<Database>,
  clientId: string,
  secret: string,
): Promise<boolean> {
  const hash = hashClientSecret(secret);
  const result = await db
    .updateTable("identity_client")
    .set({ secret_hash: hash })
    .where("client_id", "=", clientId)
    .where("secret_hash", "!=", hash)
    .executeTakeFirst();
  clientRowCache(db).delete(clientId);
  return result.numUpdatedRows > 0n;
}

/**
 * How long a client row read from the database is reused. A sign-in reads its relying party's row
 * on every step (authorize, the sign-in page, the method start, the finish, the code, the token,
 * user info). Changes made through this process (ensureClientSecret) drop the entry at once;
 * changes by another process (the CLI, another server node) are seen within this bound — a
 * rotated secret or a removed redirect URI stops working everywhere within 5 seconds. Clients not
 * found are not remembered, so a client registered a moment ago works at once on every node.
 */
export const CLIENT_ROW_TTL_MS = 5_000;
const CLIENT_ROW_CACHE_LIMIT = 1_000;

function clientRowCache(db: Kysely<Database>): ShortLivedCache<ClientRow> {
  return cacheFor(
    db,
    "identity_client",
    () => new ShortLivedCache(CLIENT_ROW_TTL_MS, CLIENT_ROW_CACHE_LIMIT),
  );
}

export async function findClientRow(db: Kysely<Database>, clientId: string): Promise<ClientRow | undefined> {
  if (clientId.length > 200) return undefined;
  const cache = clientRowCache(db);
  const cached = cache.get(clientId);
  if (cached) return cached;
  const row = await db
    .selectFrom("identity_client")
    .selectAll()
    .where("client_id", "=", clientId)
    .executeTakeFirst();
  if (row) cache.set(clientId, row);
  return row;
}

export function clientOf(row: ClientRow): RegisteredClient {
  return {
    clientId: row.client_id,
    name: row.name,
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    postLogoutRedirectUris: JSON.parse(row.post_logout_redirect_uris) as string[],
    professional: row.professional,
    minLevel: isLevel(row.min_level) ? row.min_level : "high",
    createdAt: new Date(row.created_at),
  };
}

export async function findClient(
  db: Kysely<Database>,
  clientId: string,
): Promise<RegisteredClient | undefined> {
  const row = await findClientRow(db, clientId);
  return row ? clientOf(row) : undefined;
}

export async function listClients(db: Kysely<Database>): Promise<RegisteredClient[]> {
  const rows = await db.selectFrom("identity_client").selectAll().orderBy("created_at").execute();
  return rows.map(clientOf);
}

/**
 * The client as oidc-provider's Client model reads it. Only the code flow, only Basic client
 * authentication, RS256 ID tokens: no HMAC algorithm needs the secret in clear.
 */
export function clientMetadataOf(row: ClientRow): Record<string, unknown> {
  const client = clientOf(row);
  return {
    client_id: client.clientId,
    client_name: client.name,
    client_secret: row.secret_hash,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
    id_token_signed_response_alg: "RS256",
  };
}
