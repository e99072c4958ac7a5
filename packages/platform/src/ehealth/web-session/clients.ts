/**
 * The portal's two relying parties at our own broker (the identity module), registered on first
 * start: `professional` (a professional client, minimum level high: AUTH-2, the two-button page)
 * and `citizen` (minimum low: every means the citizens' page offers). Their secrets are stored
 * nowhere: each is derived from the key-encryption secret (HMAC of the client id, core/keys) at
 * start and presented at the token endpoint, and the broker keeps only its hash — so a dump of
 * the database cannot authenticate as the portal (CON-13). A start also sets the broker's hash
 * to the derived secret, which moves clients registered with a stored random secret over. A
 * changed PUBLIC_URL means a changed redirect URI, so a new client is registered for it (the old
 * one stays, unused).
 */
import type { Kysely } from "kysely";
import type { KeyEncryption } from "../../core/keys/index.ts";
import { sharedHandle } from "../../core/module/index.ts";
import { ensureClientSecret, type Level, listClients, registerClient } from "../../identity/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";

export const SIGN_IN_KINDS = ["professional", "citizen"] as const;
export type SignInKind = (typeof SIGN_IN_KINDS)[number];

export function isSignInKind(value: unknown): value is SignInKind {
  return typeof value === "string" && (SIGN_IN_KINDS as readonly string[]).includes(value);
}

export interface PortalClient {
  kind: SignInKind;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
}

export const CALLBACK_PATH = "/ehealth/signin/callback";
export const SIGNED_OUT_PATH = "/ehealth/signed-out";

const CLIENT_SETTINGS: Record<SignInKind, { name: string; professional: boolean; minLevel: Level }> = {
  professional: { name: "E-veselības portāls: ārstniecības personas", professional: true, minLevel: "high" },
  citizen: { name: "E-veselības portāls: iedzīvotāji", professional: false, minLevel: "low" },
};

export function redirectUriOf(publicUrl: string, kind: SignInKind): string {
  return `${publicUrl}${CALLBACK_PATH}/${kind}`;
}

/** The portal client's secret at our broker: derived, never stored. */
export function portalClientSecret(encryption: KeyEncryption, clientId: string): string {
  return encryption.deriveSecret(`ehealth-portal-client:${clientId}`);
}

/** Finds (or, on first start, registers) both clients, with their derived secrets in place at the broker. */
export async function ensurePortalClients(
  db: Kysely<Database>,
  publicUrl: string,
  encryption: KeyEncryption,
  now: Date = new Date(),
): Promise<Record<SignInKind, PortalClient>> {
  const known = new Set((await listClients(sharedHandle(db))).map((c) => c.clientId));
  const result = {} as Record<SignInKind, PortalClient>;
  for (const kind of SIGN_IN_KINDS) {
    const redirectUri = redirectUriOf(publicUrl, kind);
    const postLogoutRedirectUri = publicUrl + SIGNED_OUT_PATH;
    const row = await db
      .selectFrom("ehealth_web_client")
      .selectAll()
      .where("kind", "=", kind)
      .executeTakeFirst();
    if (row && row.redirect_uri === redirectUri && known.has(row.client_id)) {
      const clientSecret = portalClientSecret(encryption, row.client_id);
      await ensureClientSecret(sharedHandle(db), row.client_id, clientSecret);
      result[kind] = { kind, clientId: row.client_id, clientSecret, redirectUri, postLogoutRedirectUri };
      continue;
    }
    const settings = CLIENT_SETTINGS[kind];
    const { client } = await registerClient(
      sharedHandle(db),
      {
        name: settings.name,
        redirectUris: [redirectUri],
        postLogoutRedirectUris: [postLogoutRedirectUri],
        professional: settings.professional,
        minLevel: settings.minLevel,
      },
      now,
    );
    // The random secret registration made is replaced by the derived one at once.
    const clientSecret = portalClientSecret(encryption, client.clientId);
    await ensureClientSecret(sharedHandle(db), client.clientId, clientSecret);
    const values = {
      client_id: client.clientId,
      redirect_uri: redirectUri,
      created_at: now,
    };
    await db
      .insertInto("ehealth_web_client")
      .values({ kind, ...values })
      .onConflict((oc) => oc.column("kind").doUpdateSet(values))
      .execute();
    result[kind] = { kind, clientId: client.clientId, clientSecret, redirectUri, postLogoutRedirectUri };
  }
  return result;
}
