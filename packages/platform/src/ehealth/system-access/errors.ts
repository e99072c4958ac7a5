/** Coded errors of the system-access slice (README.md lists them). */
export type SystemAccessErrorCode =
  | "system-name-invalid"
  | "institution-unknown"
  | "institution-inactive"
  | "binding-exists";

export class SystemAccessError extends Error {
  override name = "SystemAccessError";
  constructor(
    readonly code: SystemAccessErrorCode,
    message: string,
  ) {
    super(message);
  }
}
