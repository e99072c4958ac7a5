import type { ParseArgsConfig } from "node:util";
import { appendAuditRecord } from "../../audit/index.ts";
import { type Command, UsageError } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { loadConfig } from "../../config/config.ts";
import { migrateToLatest } from "../../db/migrations.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";

function parse<T>(args: string[], options: ParseArgsConfig["options"]): T {
  return parseCommandArgs({ args, options, allowPositionals: false }).values as T;
}

export const identityClientAddCommand: Command = {
  path: ["identity", "client", "add"],
  summary: "register a relying party of the sign-in broker; prints its client_id and secret once",
  help: `Usage: tilts identity client add --name NAME --redirect-uri URI [--redirect-uri URI…]
         [--post-logout-redirect-uri URI…] [--professional] [--min-acr low|substantial|high]
         [--data-dir DIR] [--json]

Registers a relying party (an e-service, the e-health portal, an institution's system) for the
OpenID Connect authorization code flow with PKCE. Redirect URIs are matched exactly.
--professional marks a health-professional service: from 2024-01-01 (Europe/Riga) only level
"high" (eID card, eParaksts Mobile) is accepted for it (AUTH-1, AUTH-3). --min-acr sets the
least level the relying party accepts (default low).

The client secret is printed ONCE and stored only as its SHA-256 hash (it is 256 random bits,
so a fast hash suffices); a lost secret means registering the client again.

Options:
  --json   print {"client_id","client_secret","name","redirect_uris",
           "post_logout_redirect_uris","professional","min_acr"}

Exit codes: 0 registered; 2 bad usage or input; 3 the database is unavailable.`,
  async run(args, io) {
    const values = parse<{
      name?: string;
      "redirect-uri"?: string[];
      "post-logout-redirect-uri"?: string[];
      professional?: boolean;
      "min-acr"?: string;
      "data-dir"?: string;
      json?: boolean;
    }>(args, {
      name: { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "post-logout-redirect-uri": { type: "string", multiple: true },
      professional: { type: "boolean" },
      "min-acr": { type: "string" },
      "data-dir": { type: "string" },
      json: { type: "boolean" },
    });
    const { IdentityError, isLevel, registerClient } = await import("../index.ts");
    if (!values.name) throw new UsageError("--name is required");
    if (!values["redirect-uri"]?.length) throw new UsageError("at least one --redirect-uri is required");
    const minLevel = values["min-acr"] ?? "low";
    if (!isLevel(minLevel)) throw new UsageError("--min-acr must be low, substantial or high");
    const config = loadConfig({ env: io.env, overrides: { dataDir: values["data-dir"] } });
    const database = await openConfiguredDatabase(config);
    try {
      await migrateToLatest(database.db);
      let registered: Awaited<ReturnType<typeof registerClient>>;
      try {
        registered = await registerClient(database.db, {
          name: values.name,
          redirectUris: values["redirect-uri"],
          postLogoutRedirectUris: values["post-logout-redirect-uri"] ?? [],
          professional: values.professional ?? false,
          minLevel,
        });
      } catch (error) {
        if (error instanceof IdentityError) throw new UsageError(error.message);
        throw error;
      }
      const { client, clientSecret } = registered;
      await appendAuditRecord(database.db, {
        actor: "cli",
        action: "identity.client.registered",
        object: `relying-party:${client.clientId}`,
        outcome: "success",
      });
      if (values.json) {
        io.stdout(
          `${JSON.stringify({
            client_id: client.clientId,
            client_secret: clientSecret,
            name: client.name,
            redirect_uris: client.redirectUris,
            post_logout_redirect_uris: client.postLogoutRedirectUris,
            professional: client.professional,
            min_acr: client.minLevel,
          })}\n`,
        );
      } else {
        io.stdout(
          [
            `Registered relying party "${client.name}".`,
            `  client_id:      ${client.clientId}`,
            `  client_secret:  ${clientSecret}`,
            "                  (shown once; only its hash is stored)",
            `  redirect URIs:  ${client.redirectUris.join(" ")}`,
            `  professional:   ${client.professional ? "yes" : "no"}`,
            `  minimum level:  ${client.minLevel}`,
            "",
          ].join("\n"),
        );
      }
      return 0;
    } finally {
      await database.close();
    }
  },
};

export const identityClientListCommand: Command = {
  path: ["identity", "client", "list"],
  summary: "list the sign-in broker's relying parties (never their secrets)",
  help: `Usage: tilts identity client list [--data-dir DIR] [--json]

Lists registered relying parties: client_id, name, redirect URIs, professional flag, minimum level.
Options:
  --json   print a JSON array of {"client_id","name","redirect_uris","post_logout_redirect_uris",
           "professional","min_acr","created_at"}

Exit codes: 0 listed; 2 bad usage; 3 the database is unavailable.`,
  async run(args, io) {
    const values = parse<{ "data-dir"?: string; json?: boolean }>(args, {
      "data-dir": { type: "string" },
      json: { type: "boolean" },
    });
    const config = loadConfig({ env: io.env, overrides: { dataDir: values["data-dir"] } });
    const database = await openConfiguredDatabase(config);
    try {
      await migrateToLatest(database.db);
      const { listClients } = await import("../index.ts");
      const clients = await listClients(database.db);
      if (values.json) {
        io.stdout(
          `${JSON.stringify(
            clients.map((c) => ({
              client_id: c.clientId,
              name: c.name,
              redirect_uris: c.redirectUris,
              post_logout_redirect_uris: c.postLogoutRedirectUris,
              professional: c.professional,
              min_acr: c.minLevel,
              created_at: c.createdAt.toISOString(),
            })),
          )}\n`,
        );
      } else if (clients.length === 0) {
        io.stdout("No relying party is registered.\n");
      } else {
        for (const c of clients) {
          io.stdout(
            `${c.clientId}  ${c.name}  ${c.professional ? "professional" : "citizen"}  min ${c.minLevel}  ${c.redirectUris.join(" ")}\n`,
          );
        }
      }
      return 0;
    } finally {
      await database.close();
    }
  },
};
