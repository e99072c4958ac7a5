import { type Kysely, type Migration, sql } from "kysely";

/**
 * The audit log is append-only in the database itself, not only in code: triggers refuse UPDATE,
 * DELETE and TRUNCATE of audit rows for every role. (A superuser can still disable a trigger;
 * that is what the hash chain and `tilts audit verify` are for.)
 */
export const auditMigrations: Record<string, Migration> = {
  "2026-11-25-01-audit-log": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("audit_log")
        .addColumn("seq", "bigint", (c) => c.primaryKey())
        .addColumn("recorded_at", "timestamptz", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("acting_for", "text")
        .addColumn("subject_person", "text")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("object", "text")
        .addColumn("purpose", "text")
        .addColumn("legal_ground", "text")
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("client_address", "text")
        .addColumn("correlation_id", "text")
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .execute();
      // Access reports ask "who touched this person's data" and "what did this user do", by time.
      await db.schema
        .createIndex("audit_log_subject_time")
        .on("audit_log")
        .columns(["subject_person", "recorded_at"])
        .execute();
      await db.schema
        .createIndex("audit_log_actor_time")
        .on("audit_log")
        .columns(["actor", "recorded_at"])
        .execute();
      await db.schema
        .createIndex("audit_log_acting_for_time")
        .on("audit_log")
        .columns(["acting_for", "recorded_at"])
        .execute();

      await db.schema
        .createTable("audit_head")
        .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn("last_seq", "bigint", (c) => c.notNull())
        .addColumn("last_hash", "text", (c) => c.notNull())
        .execute();
      await sql`insert into audit_head (id, last_seq, last_hash) values (1, 0, ${"0".repeat(64)})`.execute(
        db,
      );

      await sql`
        create function audit_log_refuse_change() returns trigger language plpgsql as $$
        begin
          raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
        end $$`.execute(db);
      await sql`create trigger audit_log_no_update before update or delete on audit_log
        for each row execute function audit_log_refuse_change()`.execute(db);
      await sql`create trigger audit_log_no_truncate before truncate on audit_log
        for each statement execute function audit_log_refuse_change()`.execute(db);
      await sql`create trigger audit_head_no_delete before delete or truncate on audit_head
        for each statement execute function audit_log_refuse_change()`.execute(db);
    },
  },
  // A checkpoint seals the chain at a position: the head hash signed with the audit key and
  // time-stamped by a TSA (RFC 3161). The same checkpoint is written to a folder outside the
  // database (seal-checkpoint.ts), so a superuser who rewrites the chain and its checkpoints here
  // still disagrees with the folder. Append-only like the log.
  "2026-12-07-01-audit-checkpoint": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("audit_checkpoint")
        .addColumn("seq", "bigint", (c) => c.primaryKey())
        .addColumn("head_hash", "text", (c) => c.notNull())
        .addColumn("sealed_at", "timestamptz", (c) => c.notNull())
        .addColumn("key_id", "text", (c) => c.notNull())
        .addColumn("file_name", "text", (c) => c.notNull())
        .addColumn("document", "text", (c) => c.notNull())
        .execute();
      await sql`create trigger audit_checkpoint_no_update before update or delete on audit_checkpoint
        for each row execute function audit_log_refuse_change()`.execute(db);
      await sql`create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
        for each statement execute function audit_log_refuse_change()`.execute(db);
    },
  },
  // Appends no longer take the head lock (it was held until commit, so appends went one at a time):
  // a record gets its position from a sequence and is inserted unlinked (prev_hash and hash NULL);
  // one linker (chain-linker.ts) links the new records' hashes in position order, in batches, and
  // records a rolled-back position explicitly. Linking is the only change a row may ever see:
  // NULL hashes become hex hashes, every other column unchanged.
  "2026-12-07-02-audit-linker": {
    async up(db: Kysely<unknown>) {
      await sql`create sequence audit_log_seq as bigint minvalue 1 cache 1`.execute(db);
      await sql`select setval('audit_log_seq', greatest(m, 1), m > 0)
        from (select greatest((select last_seq from audit_head where id = 1),
                              (select coalesce(max(seq), 0) from audit_log)) as m) t`.execute(db);
      await sql`alter table audit_log alter column prev_hash drop not null,
        alter column hash drop not null,
        add constraint audit_log_linked_whole check ((prev_hash is null) = (hash is null))`.execute(db);
      await sql`
        create function audit_log_refuse_change_but_linking() returns trigger language plpgsql as $$
        begin
          if tg_op = 'UPDATE' and old.hash is null
             and new.prev_hash ~ '^[0-9a-f]{64}$' and new.hash ~ '^[0-9a-f]{64}$'
             and (new.seq, new.recorded_at, new.actor, new.acting_for, new.subject_person, new.action,
                  new.object, new.purpose, new.legal_ground, new.outcome, new.client_address,
                  new.correlation_id)
                 is not distinct from
                 (old.seq, old.recorded_at, old.actor, old.acting_for, old.subject_person, old.action,
                  old.object, old.purpose, old.legal_ground, old.outcome, old.client_address,
                  old.correlation_id)
          then
            return new;
          end if;
          raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
        end $$`.execute(db);
      await sql`drop trigger audit_log_no_update on audit_log`.execute(db);
      await sql`create trigger audit_log_no_update before update or delete on audit_log
        for each row execute function audit_log_refuse_change_but_linking()`.execute(db);
    },
  },
};
