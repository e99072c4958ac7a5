/**
 * The light command list (commands.ts) that `tilts --help` prints without loading any command
 * must agree with the commands themselves, and every entry must load.
 */
import { describe, expect, it } from "vitest";
import { commands } from "./commands.ts";
import { main } from "./main.ts";

describe("the command list", () => {
  it.each(commands.map((entry) => [entry.path.join(" "), entry] as const))(
    "%s: loads a command with the listed path and summary",
    async (_name, entry) => {
      const command = await entry.load();
      expect(command.path).toEqual(entry.path);
      expect(command.summary).toBe(entry.summary);
      expect(command.help).toContain(`tilts ${entry.path.join(" ")}`);
    },
  );

  it("has no two commands with the same words", () => {
    const names = commands.map((entry) => entry.path.join(" "));
    expect(new Set(names).size).toBe(names.length);
  });

  it("lists every command in --help and dispatches a command's own --help to its module", async () => {
    let out = "";
    const io = { stdout: (t: string) => (out += t), stderr: () => {}, env: {} };
    expect(await main(["--help"], io)).toBe(0);
    for (const entry of commands) expect(out).toContain(`  ${entry.path.join(" ")}`);
    out = "";
    expect(await main(["cert", "verify", "--help"], io)).toBe(0);
    expect(out).toContain("Usage: tilts cert verify");
  });
});
