/**
 * The e-service registry's signed-in workplaces on the core's web session (core/web-session):
 * `representative` (an institution's representative fills, signs and uploads registration forms)
 * and `agency` (the agency's staff decide them), both at level high (ESV-2, ESV-3: acts for an
 * institution or the agency). Each kind has its own client at our broker and its own cookie.
 */
import type { Kysely } from "kysely";
import { sharedHandle } from "../../core/module/index.ts";
import { type ClientRegistry, type ClientSettings, defineWebSession } from "../../core/web-session/index.ts";
import { ensureClientSecret, listClients, registerClient } from "../../identity/index.ts";
import type { EservicesDatabase } from "../database.ts";

export const ESERVICES_KINDS = ["representative", "agency"] as const;
export type EservicesKind = (typeof ESERVICES_KINDS)[number];

export const eservicesSession = defineWebSession<EservicesKind>({
  name: "eservices",
  kinds: ESERVICES_KINDS,
});

/** How the broker shows each client (Latvian: the people signing in read it). */
export const ESERVICES_CLIENTS: Record<EservicesKind, ClientSettings> = {
  representative: { name: "E-pakalpojumu reģistrs: iestāžu pārstāvji", professional: true, minLevel: "high" },
  agency: { name: "E-pakalpojumu reģistrs: aģentūra", professional: true, minLevel: "high" },
};

/** The label the clients' secrets are derived under: never change it (it re-keys both clients). */
export const ESERVICES_SECRET_LABEL = "eservices-workplace-client";

/** The broker's client registration, from the identity module's front door. */
export function eservicesClientRegistry(db: Kysely<EservicesDatabase>, now: () => Date): ClientRegistry {
  const shared = sharedHandle(db);
  return {
    clientIds: async () => (await listClients(shared)).map((c) => c.clientId),
    register: async (client) => (await registerClient(shared, client, now())).client.clientId,
    ensureSecret: async (clientId, secret) => {
      await ensureClientSecret(shared, clientId, secret);
    },
  };
}
