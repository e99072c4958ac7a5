import type { Kysely, Migration } from "kysely";

export const identityMigrations: Record<string, Migration> = {
  "2026-11-25-10-identity-broker": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("identity_client")
        .addColumn("client_id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("secret_hash", "text", (c) => c.notNull())
        .addColumn("redirect_uris", "text", (c) => c.notNull())
        .addColumn("post_logout_redirect_uris", "text", (c) => c.notNull())
        .addColumn("professional", "boolean", (c) => c.notNull())
        .addColumn("min_level", "text", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("identity_oidc_record")
        .addColumn("model", "text", (c) => c.notNull())
        .addColumn("id", "text", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("grant_id", "text")
        .addColumn("uid", "text")
        .addColumn("user_code", "text")
        .addColumn("expires_at", "timestamptz")
        .addColumn("consumed_at", "timestamptz")
        .addPrimaryKeyConstraint("identity_oidc_record_pk", ["model", "id"])
        .execute();
      // revokeByGrantId, Session.findByUid and the expiry sweep each look rows up by these.
      await db.schema
        .createIndex("identity_oidc_record_grant")
        .on("identity_oidc_record")
        .column("grant_id")
        .execute();
      await db.schema
        .createIndex("identity_oidc_record_uid")
        .on("identity_oidc_record")
        .columns(["model", "uid"])
        .execute();
      await db.schema
        .createIndex("identity_oidc_record_expiry")
        .on("identity_oidc_record")
        .column("expires_at")
        .execute();

      await db.schema
        .createTable("identity_signing_key")
        .addColumn("kid", "text", (c) => c.primaryKey())
        .addColumn("private_jwk", "text", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .addColumn("retired_at", "timestamptz")
        .execute();

      await db.schema
        .createTable("identity_secret")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("identity_account")
        .addColumn("sub", "text", (c) => c.primaryKey())
        .addColumn("given_name", "text", (c) => c.notNull())
        .addColumn("family_name", "text", (c) => c.notNull())
        .addColumn("birth_date", "text")
        .addColumn("previous_codes", "text", (c) => c.notNull())
        .addColumn("updated_at", "timestamptz", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("identity_method_attempt")
        .addColumn("state", "text", (c) => c.primaryKey())
        .addColumn("interaction_uid", "text", (c) => c.notNull())
        .addColumn("method", "text", (c) => c.notNull())
        .addColumn("nonce", "text", (c) => c.notNull())
        .addColumn("code_verifier", "text", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .addColumn("expires_at", "timestamptz", (c) => c.notNull())
        .addColumn("consumed_at", "timestamptz")
        .addColumn("outcome", "text")
        .addColumn("outcome_taken_at", "timestamptz")
        .execute();
      await db.schema
        .createIndex("identity_method_attempt_expiry")
        .on("identity_method_attempt")
        .column("expires_at")
        .execute();
    },
  },
  // Keys at rest are encrypted PKCS#8 now (CON-13): the column holds a PEM, not a JWK. The rows
  // themselves are encrypted by the server's start (it holds the secret; a migration does not).
  "2026-12-07-10-identity-signing-key-encrypted": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("identity_signing_key").renameColumn("private_jwk", "private_key").execute();
    },
  },
};
