import { randomBytes } from "node:crypto";
import { type Kysely, type Migration, sql } from "kysely";
import { COPYING_SUBJECT_KINDS } from "./core/copying-policy.ts";
import { DETECTION_PATTERNS, DETECTION_STATUSES } from "./tables.ts";

const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

/** The anti-copying counters, the installation's hashing key and the detections (tables.ts). */
export const ehealthCopyingMigrations: Record<string, Migration> = {
  "2026-12-07-30-ehealth-copying": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("ehealth_copying_key")
        .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn("hmac_key", "text", (c) => c.notNull().check(sql`hmac_key ~ '^[0-9a-f]{64}$'`))
        .execute();
      // Made here, once, so every server process hashes with the same key without racing to make it.
      await sql`insert into ehealth_copying_key (id, hmac_key) values (1, ${randomBytes(32).toString("hex")})`.execute(
        db,
      );
      await db.schema
        .createTable("ehealth_copying_counter")
        .addColumn("subject_kind", "text", (c) =>
          c.notNull().check(oneOf("subject_kind", COPYING_SUBJECT_KINDS)),
        )
        .addColumn("subject_id", "text", (c) => c.notNull())
        .addColumn("window_seconds", "integer", (c) => c.notNull())
        .addColumn("window_start", "timestamptz", (c) => c.notNull())
        .addColumn("requests", "integer", (c) => c.notNull())
        .addColumn("patients", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("ehealth_copying_counter_pk", [
          "subject_kind",
          "subject_id",
          "window_seconds",
          "window_start",
        ])
        .execute();
      await db.schema
        .createTable("ehealth_copying_patient")
        .addColumn("subject_kind", "text", (c) => c.notNull())
        .addColumn("subject_id", "text", (c) => c.notNull())
        .addColumn("window_seconds", "integer", (c) => c.notNull())
        .addColumn("window_start", "timestamptz", (c) => c.notNull())
        .addColumn("patient_hash", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("ehealth_copying_patient_pk", [
          "subject_kind",
          "subject_id",
          "window_seconds",
          "window_start",
          "patient_hash",
        ])
        .execute();
      await db.schema
        .createTable("ehealth_copying_sequence")
        .addColumn("subject_kind", "text", (c) => c.notNull())
        .addColumn("subject_id", "text", (c) => c.notNull())
        .addColumn("run", "integer", (c) => c.notNull())
        .addColumn("successors", "text", (c) => c.notNull())
        .addColumn("updated_at", "timestamptz", (c) => c.notNull())
        .addPrimaryKeyConstraint("ehealth_copying_sequence_pk", ["subject_kind", "subject_id"])
        .execute();
      await db.schema
        .createTable("ehealth_copying_detection")
        .addColumn("id", "serial", (c) => c.primaryKey())
        .addColumn("subject_kind", "text", (c) =>
          c.notNull().check(sql`subject_kind in ('professional', 'system')`),
        )
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("registration_number", "text", (c) => c.notNull())
        .addColumn("pattern", "text", (c) => c.notNull().check(oneOf("pattern", DETECTION_PATTERNS)))
        .addColumn("detail", "text", (c) => c.notNull())
        .addColumn("detected_at", "timestamptz", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", DETECTION_STATUSES)))
        .addColumn("lifted_by", "text")
        .addColumn("lifted_at", "timestamptz")
        .addColumn("lift_reason", "text")
        .execute();
      // The guard asks on every read whether its subjects have an open detection.
      await sql`create index ehealth_copying_detection_open on ehealth_copying_detection (subject_kind, subject) where status = 'open'`.execute(
        db,
      );
    },
  },
};
