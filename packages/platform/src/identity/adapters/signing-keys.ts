/**
 * ID-token signing keys, kept in the database so every process signs with the same key and a
 * restart changes nothing — encrypted (PKCS#8 under the key-encryption secret, core/keys), so a
 * dump or stolen backup of the database alone holds no usable key (CON-13). The first start
 * generates one; `tilts identity keys rotate` adds a new key, which signs from then on, and
 * retires the old one, which stays in the JWKS for RETIRED_KEY_PUBLICATION_MS so tokens it signed
 * still verify (OIDC Core §10.1.1). Rows an older version wrote as clear JWKs are rewritten
 * encrypted on start (encryptClearSigningKeys).
 */
import {
  createPrivateKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomBytes,
} from "node:crypto";
import { calculateJwkThumbprint, type JWK } from "jose";
import { type Kysely, sql } from "kysely";
import { ConfigError } from "../../config/config-error.ts";
import { isEncryptedPem, type KeyEncryption, KeyEncryptionError } from "../../core/keys/index.ts";
import type { IdentityDatabase as Database } from "../database.ts";

/** Retired keys stay published this long: far beyond the ID token's 10-minute life, for RPs' caches. */
export const RETIRED_KEY_PUBLICATION_MS = 24 * 60 * 60 * 1000;

/** RS256 is the algorithm every OIDC relying party must support (OIDC Core §15.1). */
export const SIGNING_ALG = "RS256";

export interface SigningKeyInfo {
  kid: string;
  createdAt: Date;
  retiredAt: Date | null;
  state: "active" | "retired-published" | "retired-expired";
}

async function kidOf(privateKey: KeyObject): Promise<string> {
  const jwk = privateKey.export({ format: "jwk" });
  return calculateJwkThumbprint({ kty: jwk.kty!, n: jwk.n!, e: jwk.e! });
}

async function newKey(encryption: KeyEncryption): Promise<{ kid: string; private_key: string }> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid: await kidOf(privateKey), private_key: encryption.encrypt(privateKey) };
}

/**
 * The stored key: encrypted PKCS#8, or a clear JWK (JSON) as versions before encryption wrote it.
 * A key that does not open means this process has another key-encryption secret than the one
 * that stored it (a second node, or a new development data folder on a shared database): a
 * configuration error the start reports in one line, not a crash.
 */
function privateKeyOf(stored: string, encryption: KeyEncryption): KeyObject {
  if (!isEncryptedPem(stored))
    return createPrivateKey({ key: JSON.parse(stored) as JsonWebKey, format: "jwk" });
  try {
    return encryption.decrypt(stored);
  } catch (error) {
    if (!(error instanceof KeyEncryptionError)) throw error;
    throw new ConfigError(
      "KEY_ENCRYPTION_SECRET",
      "the ID-token signing keys in the database were encrypted under another key-encryption secret: give this process the secret the database's other processes use",
    );
  }
}

function jwkOf(privateKey: KeyObject, kid: string): JWK {
  return { ...(privateKey.export({ format: "jwk" }) as JWK), kid, alg: SIGNING_ALG, use: "sig" };
}

/**
 * Rewrites clear rows encrypted (keys written before keys were encrypted at rest). Returns how
 * many; each row is replaced in place, so its kid and dates stay.
 */
export async function encryptClearSigningKeys(
  db: Kysely<Database>,
  encryption: KeyEncryption,
): Promise<number> {
  const rows = await db.selectFrom("identity_signing_key").select(["kid", "private_key"]).execute();
  let rewritten = 0;
  for (const row of rows) {
    if (isEncryptedPem(row.private_key)) continue;
    const encrypted = encryption.encrypt(privateKeyOf(row.private_key, encryption));
    await db
      .updateTable("identity_signing_key")
      .set({ private_key: encrypted })
      .where("kid", "=", row.kid)
      .where("private_key", "=", row.private_key)
      .execute();
    rewritten++;
  }
  return rewritten;
}

/**
 * Encrypts clear rows left by older versions, then generates the first key if there is no active
 * one. Returns the active key's id.
 */
export async function ensureSigningKey(
  db: Kysely<Database>,
  encryption: KeyEncryption,
  now: Date = new Date(),
): Promise<string> {
  await encryptClearSigningKeys(db, encryption);
  const active = await activeKid(db);
  if (active) return active;
  const key = await newKey(encryption);
  return db.transaction().execute(async (trx) => {
    // Several nodes starting at once on an empty database would each create an active key, and
    // each publish only its own until the next reload: the first to take the lock creates it, the
    // others find it under the lock.
    await sql`select pg_advisory_xact_lock(${FIRST_KEY_LOCK})`.execute(trx);
    const created = await activeKid(trx);
    if (created) return created;
    await trx
      .insertInto("identity_signing_key")
      .values({ ...key, created_at: now, retired_at: null })
      .execute();
    return key.kid;
  });
}

/** One advisory-lock key for creating the first signing key ("tiltsKey"). */
const FIRST_KEY_LOCK = 0x74_69_6c_74_73_4b_65_79n;

async function activeKid(db: Kysely<Database>): Promise<string | undefined> {
  const active = await db
    .selectFrom("identity_signing_key")
    .select("kid")
    .where("retired_at", "is", null)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  return active?.kid;
}

/** Adds a new signing key and retires the others; prunes keys past their publication period. */
export async function rotateSigningKey(
  db: Kysely<Database>,
  encryption: KeyEncryption,
  now: Date = new Date(),
): Promise<{ newKid: string; retired: string[]; removed: string[] }> {
  const key = await newKey(encryption);
  return db.transaction().execute(async (trx) => {
    const retired = await trx
      .updateTable("identity_signing_key")
      .set({ retired_at: now })
      .where("retired_at", "is", null)
      .returning("kid")
      .execute();
    await trx
      .insertInto("identity_signing_key")
      .values({ ...key, created_at: now, retired_at: null })
      .execute();
    const removed = await trx
      .deleteFrom("identity_signing_key")
      .where("retired_at", "<", new Date(now.getTime() - RETIRED_KEY_PUBLICATION_MS))
      .returning("kid")
      .execute();
    return { newKid: key.kid, retired: retired.map((r) => r.kid), removed: removed.map((r) => r.kid) };
  });
}

/** The private JWKs oidc-provider loads: the active key first (it signs), then retired ones still published. */
export async function loadPublishedKeys(
  db: Kysely<Database>,
  encryption: KeyEncryption,
  now: Date = new Date(),
): Promise<JWK[]> {
  const rows = await db
    .selectFrom("identity_signing_key")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb("retired_at", "is", null),
        eb("retired_at", ">=", new Date(now.getTime() - RETIRED_KEY_PUBLICATION_MS)),
      ]),
    )
    .execute();
  rows.sort((a, b) => {
    if ((a.retired_at === null) !== (b.retired_at === null)) return a.retired_at === null ? -1 : 1;
    return new Date(b.created_at).getTime() - new Date(a.created_at).getTime();
  });
  return rows.map((r) => jwkOf(privateKeyOf(r.private_key, encryption), r.kid));
}

export async function listSigningKeys(
  db: Kysely<Database>,
  now: Date = new Date(),
): Promise<SigningKeyInfo[]> {
  const rows = await db
    .selectFrom("identity_signing_key")
    .select(["kid", "created_at", "retired_at"])
    .orderBy("created_at")
    .execute();
  return rows.map((r) => {
    const retiredAt = r.retired_at ? new Date(r.retired_at) : null;
    const state =
      retiredAt === null
        ? "active"
        : retiredAt.getTime() >= now.getTime() - RETIRED_KEY_PUBLICATION_MS
          ? "retired-published"
          : "retired-expired";
    return { kid: r.kid, createdAt: new Date(r.created_at), retiredAt, state };
  });
}

/** A secret generated once and kept (e.g. cookie signing keys), shared by every process. */
export async function ensureSecret(
  db: Kysely<Database>,
  name: string,
  now: Date = new Date(),
): Promise<string> {
  await db
    .insertInto("identity_secret")
    .values({ name, value: randomBytes(32).toString("base64url"), created_at: now })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db
    .selectFrom("identity_secret")
    .select("value")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.value;
}
