/**
 * `tilts as4 send --leg NAME --to PARTY FILE…`: stores a user message for PARTY on the P-Mode
 * leg NAME (its service and action), makes one sending pass, and prints the MessageId and
 * whether a verified receipt came (OOTS-10). A message without a receipt stays queued in the
 * store: the running server's sender retries it on the leg's schedule.
 */
import { extname } from "node:path";
import type { OutgoingPayload, PartyId, PModeConfiguration, PModeLeg } from "@tilts/as4";
import { type Command, UsageError } from "../../cli/command.ts";
import { BadInput, readInputFile } from "../../cli/input-file.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { ConfigError, loadConfig } from "../../config/config.ts";
import { migrateToLatest } from "../../db/migrations.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";
import { configuredAccessPoint } from "../configured-access-point.ts";
import { findMessage } from "../message-store.ts";
import { createAs4Sender, send } from "../sender.ts";

const MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;
const MIME_TYPES: Record<string, string> = {
  ".xml": "application/xml",
  ".pdf": "application/pdf",
  ".json": "application/json",
  ".txt": "text/plain",
};

const help = `Usage: tilts as4 send --leg NAME --to PARTY [--property NAME=VALUE]... [--json] FILE...

Sends FILEs as the payloads of one AS4 user message on the P-Mode leg NAME (AS4_PMODE_FILE)
to the party whose party id is PARTY: packed as the leg says (gzip, signed, encrypted), stored,
posted once to the party's endpoint; the receipt is verified against what was signed. Without
a receipt the message stays queued and the server (tilts start) resends it on the leg's retry
schedule. Message properties the leg requires are given with --property.

Options:
  --leg NAME              the P-Mode leg (its service and action)
  --to PARTY              the recipient's party id
  --property NAME=VALUE   a message property (repeatable)
  --json                  print {"messageId", "status", "attempts", "error"} (status: receipted,
                          queued or failed)

Exit codes: 0 receipted; 1 not receipted (queued for a resend, or refused: failed); 2 usage,
bad configuration, a leg or party not in the P-Mode, or an unreadable file; 3 the database is
unavailable.`;

function findLeg(pmode: PModeConfiguration, name: string, toValue: string): { leg: PModeLeg; to: PartyId } {
  const party = pmode.parties.find((p) => p.partyIds.some((id) => id.value === toValue));
  if (!party) throw new UsageError(`no party in the P-Mode has the id ${toValue}`);
  const to = party.partyIds.find((id) => id.value === toValue)!;
  for (const process of pmode.processes)
    if (process.initiators.includes(pmode.self) && process.responders.includes(party.name))
      for (const leg of process.legs) if (leg.name === name) return { leg, to };
  throw new UsageError(`no leg ${name} from ${pmode.self} to ${party.name} in the P-Mode`);
}

export const as4SendCommand: Command = {
  path: ["as4", "send"],
  summary: "send files as one AS4 user message on a P-Mode leg and print the receipt status",
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: {
        leg: { type: "string" },
        to: { type: "string" },
        property: { type: "string", multiple: true },
        json: { type: "boolean" },
        "data-dir": { type: "string" },
      },
    });
    if (!values.leg || !values.to) throw new UsageError("--leg and --to are required");
    if (positionals.length === 0) throw new UsageError("give at least one payload FILE");
    const properties = (values.property ?? []).map((p) => {
      const at = p.indexOf("=");
      if (at < 1) throw new UsageError(`--property ${p}: expected NAME=VALUE`);
      return { name: p.slice(0, at), value: p.slice(at + 1) };
    });
    const config = loadConfig({ env: io.env, overrides: { dataDir: values["data-dir"] } });
    if (!config.as4PmodeFile)
      throw new ConfigError("AS4_PMODE_FILE", "tilts as4 send needs the AS4 configuration");
    const accessPoint = configuredAccessPoint(config);
    const { leg, to } = findLeg(accessPoint.pmode, values.leg, values.to);
    let payloads: OutgoingPayload[];
    try {
      payloads = positionals.map((file, i) => ({
        contentId: `payload-${i + 1}@tilts`,
        mimeType: MIME_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
        bytes: readInputFile(file, MAX_PAYLOAD_BYTES),
      }));
    } catch (error) {
      if (error instanceof BadInput) {
        io.stderr(`tilts as4 send: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
    const database = await openConfiguredDatabase(config);
    try {
      await migrateToLatest(database.db);
      const messageId = await send(
        { db: database.db, accessPoint },
        { to, service: leg.service, action: leg.action, payloads, properties },
      );
      await createAs4Sender({ db: database.db, accessPoint }).runOnce();
      const row = await findMessage(database.db, "out", messageId);
      const result = {
        messageId,
        status: row?.status ?? "queued",
        attempts: row?.attempts ?? 0,
        error: row?.last_error ?? null,
      };
      if (values.json) io.stdout(`${JSON.stringify(result)}\n`);
      else {
        io.stdout(`${messageId}\n${result.status}${result.error ? `: ${result.error}` : ""}\n`);
      }
      return result.status === "receipted" ? 0 : 1;
    } finally {
      await database.close();
    }
  },
};
