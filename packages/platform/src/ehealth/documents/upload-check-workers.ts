/**
 * The upload checks (check-upload.ts) in worker threads (core/worker-pool): parse, schema and
 * signature are CPU work of 5–40 ms per document, which in the listener's thread serialises
 * every upload of the process on one core. With `UploadCheckPorts.workers` set, `checkUpload`
 * hands the bytes to a pool of one worker per core; each worker compiles the CDA schema once
 * and keeps its own memo of CA signatures (signature-check.ts).
 *
 * What crosses: the bytes, the patient code, the trust anchors (DER, read by the caller per
 * document so a changed configuration applies), the validation time and whether a valid
 * signature is required; back come the header and the signature result, or a DocumentError with
 * its code and schema errors. Revocation fetchers are functions and cannot cross: with
 * `trust.fetchers` set the checks run in the caller's thread (check-upload.ts).
 */
import {
  type CrossingError,
  createWorkerPool,
  platformSourceUrl,
  type WorkerPool,
} from "../../core/worker-pool/index.ts";
import type { CdaSchemaError } from "../core/cda-schema.ts";
import type { CdaHeader } from "./cda-header.ts";
import { DocumentError, type DocumentErrorCode } from "./errors.ts";
import type { DocumentSignatureResult } from "./signature-check.ts";

export interface UploadCheckTask {
  readonly bytes: Uint8Array;
  readonly patientCode: string;
  readonly anchors: Uint8Array[];
  /** The validation time, ms since the epoch. */
  readonly at: number;
  readonly requireValidSignature: boolean;
}

export interface UploadCheckAnswer {
  readonly header: CdaHeader;
  readonly signature: DocumentSignatureResult;
}

export interface UploadCheckWorkerOptions {
  /** The CDA schema folder (default: the one shipped with the platform). */
  readonly schemaDir?: string;
}

export interface UploadCheckWorkers {
  check(task: UploadCheckTask): Promise<UploadCheckAnswer>;
  close(): Promise<void>;
}

/** A document's checks take milliseconds; a minute means a worker is stuck, not busy. */
const TASK_TIMEOUT_MS = 60_000;

export const DOCUMENT_ERROR_KIND = "document-error";

export function encodeDocumentError(error: unknown): CrossingError | undefined {
  if (!(error instanceof DocumentError)) return undefined;
  return {
    kind: DOCUMENT_ERROR_KIND,
    message: error.message,
    fields: { code: error.code, schemaErrors: error.schemaErrors },
  };
}

function decodeDocumentError(error: CrossingError): Error | undefined {
  if (error.kind !== DOCUMENT_ERROR_KIND) return undefined;
  return new DocumentError(
    error.fields.code as DocumentErrorCode,
    error.message,
    error.fields.schemaErrors as CdaSchemaError[],
  );
}

export function createUploadCheckWorkers(
  options: UploadCheckWorkerOptions & { size?: number; maxQueue?: number } = {},
): UploadCheckWorkers {
  const pool: WorkerPool<UploadCheckTask, UploadCheckAnswer> = createWorkerPool({
    entry: platformSourceUrl("ehealth/documents/upload-check-worker.ts"),
    options: { schemaDir: options.schemaDir } satisfies UploadCheckWorkerOptions,
    taskTimeoutMs: TASK_TIMEOUT_MS,
    decodeError: decodeDocumentError,
    ...(options.size ? { size: options.size } : {}),
    ...(options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {}),
  });
  return { check: (task) => pool.run(task), close: () => pool.close() };
}
