/**
 * What of an error reaches the log. Database errors carry the statement's parameters (PGlite:
 * `query`, `params`; node-postgres: `detail`, `where`, and messages such as `invalid input syntax
 * for type uuid: "…"` or `Key (person_code)=(…) already exists`) — personal codes among them.
 * For those, only the SQLSTATE and the schema names (table, column, constraint, routine) are
 * logged, and the stack without its first line (which repeats the message). Other errors keep
 * their message and stack: our own messages never carry personal data (DESIGN: no personal data
 * in logs). A `cause` is treated the same way.
 */

const SQLSTATE = /^[0-9A-Z]{5}$/;
const MAX_CAUSE_DEPTH = 3;

type Loose = Error & Record<string, unknown>;

/** A database error by its shape: node-postgres' DatabaseError, PGlite's, or one carrying a query. */
export function isDatabaseError(error: Loose): boolean {
  if ("query" in error || "params" in error || "parameters" in error) return true;
  return (
    typeof error.code === "string" && SQLSTATE.test(error.code) && ("severity" in error || "routine" in error)
  );
}

function withoutFirstLine(stack: unknown): string | undefined {
  return typeof stack === "string" ? stack.split("\n").slice(1).join("\n") : undefined;
}

const textOrUndefined = (value: unknown): string | undefined =>
  typeof value === "string" ? value : undefined;

export interface LoggedError {
  type: string;
  message: string;
  stack: string;
  [detail: string]: unknown;
}

export function logSafeError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error))
    return { type: typeof error, message: "a thrown non-error value", stack: "" };
  const e = error as Loose;
  const cause =
    depth < MAX_CAUSE_DEPTH && e.cause !== undefined ? logSafeError(e.cause, depth + 1) : undefined;
  if (isDatabaseError(e)) {
    return {
      type: e.name,
      // The database's own message repeats values; the SQLSTATE says what went wrong.
      message: `database error ${textOrUndefined(e.code) ?? "(no SQLSTATE)"}`,
      database: true,
      code: textOrUndefined(e.code),
      table: textOrUndefined(e.table),
      column: textOrUndefined(e.column),
      constraint: textOrUndefined(e.constraint),
      routine: textOrUndefined(e.routine),
      stack: withoutFirstLine(e.stack) ?? "",
      ...(cause ? { cause } : {}),
    };
  }
  return {
    type: e.name,
    message: e.message,
    code: textOrUndefined(e.code),
    statusCode: typeof e.statusCode === "number" ? e.statusCode : undefined,
    stack: e.stack ?? "",
    ...(cause ? { cause } : {}),
  };
}
