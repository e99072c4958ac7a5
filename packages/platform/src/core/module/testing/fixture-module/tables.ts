/** The fixture module's one table. */
import type { Generated } from "kysely";

export interface FixtureTables {
  fixture_note: { id: Generated<number>; body: string };
}
