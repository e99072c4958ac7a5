/**
 * `tilts as4 pmode import FILE`: reads a Domibus P-Mode file as the access point would
 * (AS4_PMODE_FILE) and prints its parties, processes, legs and services, or the dangling
 * reference that makes it unusable (OOTS-10).
 */
import { importDomibusPMode, type PModeConfiguration } from "@tilts/as4";
import { type Command, UsageError } from "../../cli/command.ts";
import { BadInput, readInputFile } from "../../cli/input-file.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";

const MAX_FILE_BYTES = 1024 * 1024;

const help = `Usage: tilts as4 pmode import FILE [--json]

Reads a Domibus P-Mode configuration (<db:configuration>) and prints our own party, every
party with its party ids and endpoint, and every process with its legs: service, action,
signing and encryption, retry schedule, duplicate detection, required message properties.
Certificates are not read here (AS4_PARTY_CERTIFICATES holds them for the server).

Options:
  --json   print one JSON object: {"self", "parties": [{"name", "partyIds", "endpoint"}],
           "processes": [{"name", "initiators", "responders", "legs": [...]}]}

Exit codes: 0 the file is a usable P-Mode; 1 it is not (the reason is printed); 2 usage, or
the file cannot be read (missing, unreadable, larger than ${MAX_FILE_BYTES} bytes).`;

function summary(config: PModeConfiguration) {
  return {
    self: config.self,
    parties: config.parties.map((p) => ({
      name: p.name,
      partyIds: p.partyIds.map((id) => ({ value: id.value, ...(id.type ? { type: id.type } : {}) })),
      endpoint: p.endpoint ?? null,
    })),
    processes: config.processes.map((p) => ({
      name: p.name,
      agreement: p.agreement?.value || null,
      initiators: p.initiators,
      responders: p.responders,
      legs: p.legs.map((l) => ({
        name: l.name,
        service: l.service.value,
        serviceType: l.service.type ?? null,
        action: l.action,
        sign: l.security.sign,
        encrypt: l.security.encrypt,
        signatureAlgorithm: l.security.signatureAlgorithm,
        compress: l.compressPayloads,
        retry: l.reliability.retry
          ? `${l.reliability.retry.timeoutMinutes};${l.reliability.retry.retries};${l.reliability.retry.strategy}`
          : null,
        duplicateDetection: l.reliability.duplicateDetection,
        requiredProperties: l.requiredProperties,
      })),
    })),
  };
}

function toText(s: ReturnType<typeof summary>): string {
  const lines = [`P-Mode of ${s.self}`, "Parties:"];
  for (const p of s.parties)
    lines.push(
      `  ${p.name}: ${p.partyIds.map((id) => id.value).join(", ")}${p.endpoint ? ` → ${p.endpoint}` : ""}`,
    );
  lines.push("Processes:");
  for (const p of s.processes) {
    lines.push(`  ${p.name}: ${p.initiators.join(", ")} → ${p.responders.join(", ")}`);
    for (const l of p.legs) {
      const security = [l.sign ? "signed" : "unsigned", l.encrypt ? "encrypted" : "clear"].join(", ");
      lines.push(`    ${l.name}: ${l.service} ${l.action} (${security}; retry ${l.retry ?? "none"})`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export const as4PmodeImportCommand: Command = {
  path: ["as4", "pmode", "import"],
  summary: "check a Domibus P-Mode file and print its parties, legs and services",
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { json: { type: "boolean" } },
    });
    if (positionals.length !== 1) throw new UsageError("give exactly one P-Mode FILE");
    const file = positionals[0]!;
    let bytes: Uint8Array;
    try {
      bytes = readInputFile(file, MAX_FILE_BYTES);
    } catch (error) {
      if (error instanceof BadInput) {
        io.stderr(`tilts as4 pmode import: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
    let config: PModeConfiguration;
    try {
      config = importDomibusPMode(new TextDecoder().decode(bytes), { certificates: {} });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (values.json) io.stdout(`${JSON.stringify({ file, valid: false, error: reason })}\n`);
      else io.stderr(`${file}: not a usable P-Mode: ${reason}\n`);
      return 1;
    }
    const result = summary(config);
    io.stdout(values.json ? `${JSON.stringify({ file, valid: true, ...result })}\n` : toText(result));
    return 0;
  },
};
