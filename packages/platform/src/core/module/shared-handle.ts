/**
 * A module's code is typed to its own tables (`Kysely<ModuleTables>`). When it calls another
 * module through that module's front door and the work must share its connection or transaction
 * (e-health registering its portal's clients with the sign-in broker), it hands the same handle
 * on, seen as the other module's tables: this is the one place that view is granted. The
 * composition root runs every composed module's migrations, so those tables exist.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: any module's handle may be handed on; the result is typed to the callee's tables.
export function sharedHandle<Tables>(db: Kysely<any>): Kysely<Tables> {
  return db as Kysely<Tables>;
}
