/**
 * A workplace's relying parties at our own broker (the identity module), one per sign-in kind,
 * registered on first start. Their secrets are stored nowhere: each is derived from the
 * key-encryption secret (HMAC of a label and the client id, core/keys) at start and presented at
 * the token endpoint, and the broker keeps only its hash — so a dump of the database cannot
 * authenticate as the workplace (CON-13). A start also sets the broker's hash to the derived
 * secret, which moves clients registered with a stored random secret over. A changed PUBLIC_URL
 * means a changed redirect URI, so a new client is registered for it (the old one stays, unused).
 *
 * The broker is another module, so the core does not call it: the mounting module hands in a
 * `ClientRegistry` made from the identity module's front door.
 */
import type { Kysely } from "kysely";
import type { KeyEncryption } from "../keys/index.ts";
import type { Level } from "../levels/index.ts";
import type { WebSessionTables } from "./tables.ts";

/** How a kind of sign-in is registered at the broker. */
export interface ClientSettings {
  /** The client's name the broker shows (Latvian: the people signing in read it). */
  name: string;
  /** Whether the broker offers professionals' means only (AUTH-2). */
  professional: boolean;
  /** The least level of assurance a sign-in of this kind needs; asked for and checked. */
  minLevel: Level;
}

/** The broker's client registration, as the identity module's front door offers it. */
export interface ClientRegistry {
  /** Ids of the clients the broker knows. */
  clientIds(): Promise<readonly string[]>;
  /** Registers a client; returns its id (the secret it was given is replaced at once). */
  register(client: {
    name: string;
    redirectUris: string[];
    postLogoutRedirectUris: string[];
    professional: boolean;
    minLevel: Level;
  }): Promise<string>;
  /** Sets the broker's hash to this secret. */
  ensureSecret(clientId: string, secret: string): Promise<void>;
}

export interface RelyingPartyClient<Kind extends string = string> {
  kind: Kind;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  minLevel: Level;
}

/** The client's secret at our broker: derived under the module's label, never stored. */
export function derivedClientSecret(encryption: KeyEncryption, label: string, clientId: string): string {
  return encryption.deriveSecret(`${label}:${clientId}`);
}

export interface EnsureClients<Kind extends string> {
  registry: ClientRegistry;
  kinds: Record<Kind, ClientSettings>;
  /** `${publicUrl}${callbackPath}/${kind}` is each kind's redirect URI. */
  publicUrl: string;
  callbackPath: string;
  signedOutPath: string;
  encryption: KeyEncryption;
  /** The label each client's secret is derived under (a changed label changes every secret). */
  secretLabel: string;
  now: Date;
}

/** Finds (or, on first start, registers) a client per kind, with its derived secret in place at the broker. */
export async function ensureClients<Kind extends string>(
  db: Kysely<WebSessionTables>,
  settings: EnsureClients<Kind>,
): Promise<Record<Kind, RelyingPartyClient<Kind>>> {
  const { registry, publicUrl, encryption, secretLabel, now } = settings;
  const known = new Set(await registry.clientIds());
  const result = {} as Record<Kind, RelyingPartyClient<Kind>>;
  for (const kind of Object.keys(settings.kinds) as Kind[]) {
    const { minLevel, ...registration } = settings.kinds[kind];
    const redirectUri = `${publicUrl}${settings.callbackPath}/${kind}`;
    const postLogoutRedirectUri = publicUrl + settings.signedOutPath;
    const row = await db.selectFrom("web_client").selectAll().where("kind", "=", kind).executeTakeFirst();
    let clientId: string;
    if (row && row.redirect_uri === redirectUri && known.has(row.client_id)) {
      clientId = row.client_id;
    } else {
      clientId = await registry.register({
        ...registration,
        minLevel,
        redirectUris: [redirectUri],
        postLogoutRedirectUris: [postLogoutRedirectUri],
      });
      const values = { client_id: clientId, redirect_uri: redirectUri, created_at: now };
      await db
        .insertInto("web_client")
        .values({ kind, ...values })
        .onConflict((oc) => oc.column("kind").doUpdateSet(values))
        .execute();
    }
    // A newly registered client's random secret is replaced by the derived one at once.
    const clientSecret = derivedClientSecret(encryption, secretLabel, clientId);
    await registry.ensureSecret(clientId, clientSecret);
    result[kind] = { kind, clientId, clientSecret, redirectUri, postLogoutRedirectUri, minLevel };
  }
  return result;
}
