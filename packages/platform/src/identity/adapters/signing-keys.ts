/**
 * ID-token signing keys, kept in the database so every process signs with the same key and a
 * restart changes nothing. The first start generates one; `tilts identity keys rotate` adds a new
 * key, which signs from then on, and retires the old one, which stays in the JWKS for
 * RETIRED_KEY_PUBLICATION_MS so tokens it signed still verify (OIDC Core §10.1.1).
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { calculateJwkThumbprint, type JWK } from "jose";
import type { Kysely } from "kysely";
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

async function newKey(): Promise<{ kid: string; jwk: JWK }> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" }) as JWK;
  const kid = await calculateJwkThumbprint({ kty: jwk.kty!, n: jwk.n!, e: jwk.e! });
  return { kid, jwk: { ...jwk, kid, alg: SIGNING_ALG, use: "sig" } };
}

async function insertKey(db: Kysely<Database>, now: Date): Promise<string> {
  const { kid, jwk } = await newKey();
  await db
    .insertInto("identity_signing_key")
    .values({ kid, private_jwk: JSON.stringify(jwk), created_at: now, retired_at: null })
    .execute();
  return kid;
}

/** Generates the first key if there is no active one. Returns the active key's id. */
export async function ensureSigningKey(db: Kysely<Database>, now: Date = new Date()): Promise<string> {
  const active = await db
    .selectFrom("identity_signing_key")
    .select("kid")
    .where("retired_at", "is", null)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  return active?.kid ?? insertKey(db, now);
}

/** Adds a new signing key and retires the others; prunes keys past their publication period. */
export async function rotateSigningKey(
  db: Kysely<Database>,
  now: Date = new Date(),
): Promise<{ newKid: string; retired: string[]; removed: string[] }> {
  const { kid, jwk } = await newKey();
  return db.transaction().execute(async (trx) => {
    const retired = await trx
      .updateTable("identity_signing_key")
      .set({ retired_at: now })
      .where("retired_at", "is", null)
      .returning("kid")
      .execute();
    await trx
      .insertInto("identity_signing_key")
      .values({ kid, private_jwk: JSON.stringify(jwk), created_at: now, retired_at: null })
      .execute();
    const removed = await trx
      .deleteFrom("identity_signing_key")
      .where("retired_at", "<", new Date(now.getTime() - RETIRED_KEY_PUBLICATION_MS))
      .returning("kid")
      .execute();
    return { newKid: kid, retired: retired.map((r) => r.kid), removed: removed.map((r) => r.kid) };
  });
}

/** The private JWKs oidc-provider loads: the active key first (it signs), then retired ones still published. */
export async function loadPublishedKeys(db: Kysely<Database>, now: Date = new Date()): Promise<JWK[]> {
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
  return rows.map((r) => JSON.parse(r.private_jwk) as JWK);
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
