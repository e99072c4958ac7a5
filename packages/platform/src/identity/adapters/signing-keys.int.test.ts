/**
 * ID-token signing keys at rest (CON-13): the database holds them encrypted under the
 * key-encryption secret, so a dump alone signs nothing; rows an older version wrote in clear are
 * rewritten encrypted on start, keeping their kid.
 */
import { execFileSync } from "node:child_process";
import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { calculateJwkThumbprint } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyEncryption, KeyEncryptionError } from "../../core/keys/index.ts";
import { openDatabase } from "../../db/database.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import {
  encryptClearSigningKeys,
  ensureSigningKey,
  loadPublishedKeys,
  rotateSigningKey,
} from "./signing-keys.ts";

const SECRET = "signing-keys-test-key-encryption-secret-0123456789";
const encryption = new KeyEncryption(SECRET);

describe.each(testDatabaseKinds())("ID-token signing keys at rest on $name", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await kind.open();
  }, 300_000);
  afterAll(() => database?.close());

  const rows = () =>
    database.db.selectFrom("identity_signing_key").selectAll().orderBy("created_at").execute();

  it("are stored as encrypted PKCS#8 that only the configured secret opens (openssl reads it)", async () => {
    const kid = await ensureSigningKey(database.db, encryption, new Date("2026-12-01T00:00:00Z"));
    const stored = await rows();
    expect(stored).toHaveLength(1);
    // What a dump shows: no clear key in any form.
    const dump = JSON.stringify(stored);
    expect(dump).toContain("BEGIN ENCRYPTED PRIVATE KEY");
    expect(dump).not.toContain("BEGIN PRIVATE KEY");
    expect(dump).not.toMatch(/"d"|\\"d\\"/);
    expect(() =>
      new KeyEncryption("another-secret-of-enough-length-0123456789abc").decrypt(stored[0]!.private_key),
    ).toThrow(KeyEncryptionError);
    const dir = mkdtempSync(join(tmpdir(), "tilts-signing-key-"));
    try {
      writeFileSync(join(dir, "k.pem"), stored[0]!.private_key);
      const modulus = execFileSync(
        "openssl",
        ["rsa", "-in", join(dir, "k.pem"), "-passin", `pass:${SECRET}`, "-noout", "-modulus"],
        {
          encoding: "utf8",
        },
      );
      const [published] = await loadPublishedKeys(database.db, encryption, new Date("2026-12-01T00:00:01Z"));
      expect(published!.kid).toBe(kid);
      expect(
        modulus
          .trim()
          .replace(/^Modulus=/, "")
          .toLowerCase(),
      ).toBe(Buffer.from(published!.n!, "base64url").toString("hex"));
      expect(published!.d).toBeDefined(); // oidc-provider gets the private JWK in memory only
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rotation writes the new key encrypted too", async () => {
    const { newKid } = await rotateSigningKey(database.db, encryption, new Date("2026-12-02T00:00:00Z"));
    const fresh = (await rows()).find((r) => r.kid === newKid)!;
    expect(fresh.private_key).toContain("BEGIN ENCRYPTED PRIVATE KEY");
    const published = await loadPublishedKeys(database.db, encryption, new Date("2026-12-02T00:00:01Z"));
    expect(published.map((k) => k.kid)[0]).toBe(newKid);
  });

  it("a clear JWK row from an older version is rewritten encrypted on start, same kid and key", async () => {
    await database.db.deleteFrom("identity_signing_key").execute();
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = privateKey.export({ format: "jwk" });
    const kid = await calculateJwkThumbprint({ kty: jwk.kty!, n: jwk.n!, e: jwk.e! });
    await database.db
      .insertInto("identity_signing_key")
      .values({
        kid,
        private_key: JSON.stringify({ ...jwk, kid, alg: "RS256", use: "sig" }),
        created_at: new Date("2026-12-03T00:00:00Z"),
        retired_at: null,
      })
      .execute();
    expect(await ensureSigningKey(database.db, encryption, new Date("2026-12-03T00:00:01Z"))).toBe(kid);
    const [row] = await rows();
    expect(row!.private_key).toContain("BEGIN ENCRYPTED PRIVATE KEY");
    expect(encryption.decrypt(row!.private_key).equals(createPrivateKey({ key: jwk, format: "jwk" }))).toBe(
      true,
    );
    expect(await encryptClearSigningKeys(database.db, encryption)).toBe(0);
    const [published] = await loadPublishedKeys(database.db, encryption, new Date("2026-12-03T00:00:02Z"));
    expect(published).toMatchObject({ kid, n: jwk.n, alg: "RS256", use: "sig" });
  });
});

const postgres = testDatabaseKinds().find((kind) => kind.name === "postgresql");

describe.skipIf(!postgres)(
  "the first signing key made by two nodes at once on PostgreSQL (needs TEST_DATABASE_URL)",
  () => {
    let first: TestDatabase;
    let second: Awaited<ReturnType<typeof openDatabase>>;
    beforeAll(async () => {
      first = await (postgres as NonNullable<typeof postgres>).open();
      second = await openDatabase({ kind: "postgresql", url: first.url as string });
    }, 60_000);
    afterAll(async () => {
      await second?.close();
      await first?.close();
    });

    it("both nodes sign with one key: one active key is created, not one per node", async () => {
      const kids = await Promise.all([
        ensureSigningKey(first.db, encryption),
        ensureSigningKey(second.db, encryption),
      ]);
      expect(kids[0]).toBe(kids[1]);
      const active = await first.db
        .selectFrom("identity_signing_key")
        .select("kid")
        .where("retired_at", "is", null)
        .execute();
      expect(active).toHaveLength(1);
    });
  },
);
