/**
 * Coded refusals of the classifier slice (a stable catalogue; never reuse a retired code):
 * - `classifier-file-invalid`: the operator's file breaks the format; `problems` says where (line
 *   of a CSV file, concept index of a FHIR CodeSystem) and why, at most MAX_FILE_PROBLEMS of them.
 * - `classifier-file-too-large`: the file is over MAX_CLASSIFIER_FILE_BYTES or MAX_CODES codes.
 * - `classifier-not-found`: no classifier has the name given.
 * - `classifier-code-unbound`: the classifier is one the platform's rules name (purposes, roles,
 *   actions, institution kinds) and the file adds a code those rules do not know.
 * - `institution-not-found`: the classifier contract names no registered institution (DEV-5).
 * - `bad-contract`: the contract's number or date is malformed.
 * Messages are safe to show: they quote the operator's file, never personal data.
 */

export type ClassifierErrorCode =
  | "classifier-file-invalid"
  | "classifier-file-too-large"
  | "classifier-not-found"
  | "classifier-code-unbound"
  | "institution-not-found"
  | "bad-contract";

/** Where in the file a problem is: the CSV line (1 = header) or the FHIR concept's index. */
export interface FileProblem {
  readonly where: string;
  readonly message: string;
}

export const MAX_FILE_PROBLEMS = 50;

export class ClassifierError extends Error {
  override name = "ClassifierError";
  constructor(
    readonly code: ClassifierErrorCode,
    message: string,
    readonly problems: readonly FileProblem[] = [],
  ) {
    super(message);
  }
}
