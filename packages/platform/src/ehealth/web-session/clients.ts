/**
 * The portal's two relying parties at our own broker, through the core's web session
 * (core/web-session): `professional` (a professional client, minimum level high: AUTH-2, the
 * two-button page) and `citizen` (minimum low: every means the citizens' page offers). Their
 * secrets are derived from the key-encryption secret under the label below, never stored (CON-13).
 */
import type { Kysely } from "kysely";
import type { KeyEncryption } from "../../core/keys/index.ts";
import { sharedHandle } from "../../core/module/index.ts";
import {
  type ClientRegistry,
  type ClientSettings,
  derivedClientSecret,
  ensureClients,
  type RelyingPartyClient,
} from "../../core/web-session/index.ts";
import { ensureClientSecret, listClients, registerClient } from "../../identity/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { ehealthSession, type SignInKind } from "./web-session.ts";

export { isSignInKind, SIGN_IN_KINDS, type SignInKind } from "./web-session.ts";

export type PortalClient = RelyingPartyClient<SignInKind>;

/** The label the portal's client secrets are derived under (changing it re-keys both clients). */
export const PORTAL_SECRET_LABEL = "ehealth-portal-client";

export const PORTAL_CLIENTS: Record<SignInKind, ClientSettings> = {
  professional: { name: "E-veselības portāls: ārstniecības personas", professional: true, minLevel: "high" },
  citizen: { name: "E-veselības portāls: iedzīvotāji", professional: false, minLevel: "low" },
};

/** The broker's client registration, from the identity module's front door, on e-health's handle. */
export function brokerClientRegistry(db: Kysely<Database>, now: () => Date): ClientRegistry {
  return {
    clientIds: async () => (await listClients(sharedHandle(db))).map((c) => c.clientId),
    register: async (client) => (await registerClient(sharedHandle(db), client, now())).client.clientId,
    ensureSecret: async (clientId, secret) => {
      await ensureClientSecret(sharedHandle(db), clientId, secret);
    },
  };
}

/** The portal client's secret at our broker: derived, never stored. */
export function portalClientSecret(encryption: KeyEncryption, clientId: string): string {
  return derivedClientSecret(encryption, PORTAL_SECRET_LABEL, clientId);
}

/** Finds (or, on first start, registers) both clients, with their derived secrets in place at the broker. */
export function ensurePortalClients(
  db: Kysely<Database>,
  publicUrl: string,
  encryption: KeyEncryption,
  now: Date = new Date(),
): Promise<Record<SignInKind, PortalClient>> {
  return ensureClients(sharedHandle(db), {
    registry: brokerClientRegistry(db, () => now),
    kinds: PORTAL_CLIENTS,
    publicUrl,
    callbackPath: ehealthSession.paths.callback,
    signedOutPath: ehealthSession.paths.signedOut,
    encryption,
    secretLabel: PORTAL_SECRET_LABEL,
    now,
  });
}
