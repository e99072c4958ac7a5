/**
 * The mail outbox's coded errors (a stable catalogue; never reuse a retired code). `field` names
 * the message's part, so a module can show the error at its form's field.
 * - `bad-address`: the recipient is not a usable e-mail address.
 * - `bad-subject`: the subject is too long or has a line break (a header injection).
 * - `too-long`: the body is over the outbox's limit.
 * - `bad-kind`: a module's mail kind is not `<module>.<event>`.
 */
export type OutboxErrorCode = "bad-address" | "bad-subject" | "too-long" | "bad-kind";

export class OutboxError extends Error {
  override name = "OutboxError";
  constructor(
    readonly code: OutboxErrorCode,
    message: string,
    readonly field: "to" | "subject" | "body" | "kind",
  ) {
    super(message);
  }
}
