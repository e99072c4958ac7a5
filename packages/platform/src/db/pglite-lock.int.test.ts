/**
 * PGlite is one process's database: a CLI command beside a running server on the same data
 * folder would lose its writes (audit records among them) without a word. The folder's lock
 * file refuses the second process with a clear message; a lock left by a dead process is taken over.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { DatabaseUnavailableError, openDatabase, PGLITE_LOCK_FILE } from "./database.ts";

const bin = fileURLToPath(new URL("../../bin/tilts.js", import.meta.url));
const folders: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function dataFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "tilts-pglite-lock-"));
  folders.push(dir);
  return dir;
}

/** A live process other than this one, holding the lock as a running server would. */
function lockHeldByAnotherProcess(dataDir: string): ChildProcess {
  const holder = spawn("sleep", ["60"]);
  children.push(holder);
  mkdirSync(join(dataDir, "pglite"), { recursive: true });
  writeFileSync(join(dataDir, "pglite", PGLITE_LOCK_FILE), `${holder.pid}\n`);
  return holder;
}

describe("the embedded database's folder lock", () => {
  it("is taken while the database is open and given back on close", async () => {
    const dataDir = dataFolder();
    const lock = join(dataDir, "pglite", PGLITE_LOCK_FILE);
    const opened = await openDatabase({ kind: "pglite", dataDir });
    expect(readFileSync(lock, "utf8").trim()).toBe(String(process.pid));
    await opened.close();
    expect(existsSync(lock)).toBe(false);
  });

  it("refuses a second process, naming the holder; takes over once the holder is gone", async () => {
    const dataDir = dataFolder();
    const holder = lockHeldByAnotherProcess(dataDir);
    const refused = await openDatabase({ kind: "pglite", dataDir }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DatabaseUnavailableError);
    expect((refused as Error).message).toContain(`in use by another tilts process (pid ${holder.pid})`);

    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));
    const opened = await openDatabase({ kind: "pglite", dataDir });
    await opened.close();
  }, 60_000);

  it("a CLI command on a folder in use exits with the 'cannot run' code and one clear line", async () => {
    const dataDir = dataFolder();
    const holder = lockHeldByAnotherProcess(dataDir);
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, "migrate", "--data-dir", dataDir], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      });
      let stderr = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`in use by another tilts process (pid ${holder.pid})`);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  }, 120_000);

  it("tilts audit verify on a folder without a database says so, exits 3 and creates nothing", async () => {
    const dataDir = dataFolder();
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, "audit", "verify", "--data-dir", dataDir], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      });
      let stderr = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`there is no database in ${dataDir}`);
    expect(existsSync(join(dataDir, "pglite"))).toBe(false);
  }, 120_000);

  it("a data folder the CLI creates is its owner's alone: folder 0700, files 0600", async () => {
    const dataDir = join(dataFolder(), "data");
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [bin, "migrate", "--data-dir", dataDir], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      });
      child.on("close", resolve);
    });
    expect(code).toBe(0);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const open: string[] = [];
    for (const name of readdirSync(dataDir, { recursive: true, encoding: "utf8" })) {
      const mode = statSync(join(dataDir, name)).mode;
      if ((mode & 0o077) !== 0) open.push(`${name} ${(mode & 0o777).toString(8)}`);
    }
    expect(open).toEqual([]);
  }, 120_000);
});
