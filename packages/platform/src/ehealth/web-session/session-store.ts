/** E-health's use of the core's session store: ending the sessions of professionals whose access ended. */
import type { Kysely } from "kysely";
import { sharedHandle } from "../../core/module/index.ts";
import { endSessions, PERSON_CODE_PREFIX } from "../../core/web-session/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";

/**
 * Ends every professional session of these people (personal codes): their access was just
 * suspended or annulled, so a session opened before must not go on working. Call it in the
 * transaction of the suspension.
 */
export function endProfessionalSessions(
  db: Kysely<Database>,
  personCodes: readonly string[],
): Promise<number> {
  return endSessions(
    sharedHandle(db),
    "professional",
    personCodes.map((code) => `${PERSON_CODE_PREFIX}${code}`),
  );
}
