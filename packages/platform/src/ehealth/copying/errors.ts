/**
 * Why a read of patient data was refused by the anti-copying guard (CON-3, ANX2-17, ANX2-18).
 * The portal shows a page naming whom to contact; the system web services answer 429 with
 * `Retry-After` (a limit) or 403 (a suspension) and the code as the problem's `code`.
 */
import type { CopyingLimit, CopyingSubjectKind } from "./core/copying-policy.ts";

export const COPYING_ERROR_CODES = ["copying-limit-reached", "copying-suspended"] as const;
export type CopyingErrorCode = (typeof COPYING_ERROR_CODES)[number];

export class CopyingRefusal extends Error {
  override name = "CopyingRefusal";
  constructor(
    readonly code: CopyingErrorCode,
    message: string,
    /** The limit crossed (limit reached only). */
    readonly crossed?: { kind: CopyingSubjectKind; limit: CopyingLimit; retryAfterSeconds: number },
  ) {
    super(message);
  }
}

/** A limit was crossed: which subject's, and when its window ends. */
export function limitRefusal(
  kind: CopyingSubjectKind,
  limit: CopyingLimit,
  retryAfterSeconds: number,
): CopyingRefusal {
  const whose = {
    professional: "the professional's",
    system: "the system's",
    institution: "the institution's",
  }[kind];
  return new CopyingRefusal(
    "copying-limit-reached",
    `${whose} limit of ${limit.max} ${limit.measure} per ${limit.window} is reached; try again in ${retryAfterSeconds} s or ask the operator to review it`,
    { kind, limit, retryAfterSeconds },
  );
}

export function suspendedRefusal(): CopyingRefusal {
  return new CopyingRefusal(
    "copying-suspended",
    "reading patient data is suspended after a pattern of mass copying was detected; the operator reviews it",
  );
}
