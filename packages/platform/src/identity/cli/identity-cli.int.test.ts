import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";

const dataDir = mkdtempSync(join(tmpdir(), "tilts-identity-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env: { DATA_DIR: dataDir, LOG_LEVEL: "silent" },
  });
  return { code, out, err };
}

describe("tilts identity", () => {
  // Each CLI run opens the on-disk database anew (seconds each on a loaded machine).
  it("registers relying parties, lists them without secrets, and rotates signing keys", {
    timeout: 600_000,
  }, async () => {
    const added = await run([
      "identity",
      "client",
      "add",
      "--name",
      "Clinic system",
      "--redirect-uri",
      "https://clinic.example/cb",
      "--redirect-uri",
      "https://clinic.example/cb2",
      "--professional",
      "--min-acr",
      "high",
      "--json",
    ]);
    expect(added.err).toBe("");
    expect(added.code).toBe(0);
    const client = JSON.parse(added.out) as Record<string, unknown>;
    expect(client).toMatchObject({
      name: "Clinic system",
      redirect_uris: ["https://clinic.example/cb", "https://clinic.example/cb2"],
      professional: true,
      min_acr: "high",
    });
    expect(String(client.client_secret).length).toBeGreaterThanOrEqual(43);

    const listed = await run(["identity", "client", "list", "--json"]);
    expect(listed.code).toBe(0);
    expect(listed.out).not.toContain(String(client.client_secret));
    expect(JSON.parse(listed.out)).toMatchObject([{ client_id: client.client_id, professional: true }]);

    expect(
      (await run(["identity", "client", "add", "--name", "x", "--redirect-uri", "not a url"])).code,
    ).toBe(2);
    expect(
      (
        await run([
          "identity",
          "client",
          "add",
          "--name",
          "x",
          "--redirect-uri",
          "https://a/",
          "--min-acr",
          "medium",
        ])
      ).code,
    ).toBe(2);
    expect((await run(["identity", "client", "add", "--redirect-uri", "https://a/"])).code).toBe(2);

    const first = JSON.parse((await run(["identity", "keys", "rotate", "--json"])).out) as {
      new_kid: string;
    };
    const second = JSON.parse((await run(["identity", "keys", "rotate", "--json"])).out) as {
      new_kid: string;
      retired: string[];
    };
    expect(second.retired).toEqual([first.new_kid]);
    const keys = JSON.parse((await run(["identity", "keys", "list", "--json"])).out) as {
      kid: string;
      state: string;
    }[];
    expect(keys.map((k) => [k.kid, k.state])).toEqual([
      [first.new_kid, "retired-published"],
      [second.new_kid, "active"],
    ]);
  });
});
