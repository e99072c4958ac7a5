/**
 * The verification page's service: one uploaded document (eDoc / ASiC-E, XML or PDF) validated
 * with the same entry point as `tilts verify` (`verifyDocument`, EN 319 102-1), and the files it
 * holds, so the result page can list them and let the person open them.
 */
import {
  type DocumentReport,
  type QualifySignature,
  type RevocationFetchers,
  readAsicE,
  TrustError,
  type TrustedList,
  verifyDocument,
} from "@tilts/trust";

export interface VerificationPorts {
  anchors: () => Uint8Array[];
  trustedLists: () => TrustedList[];
  /** The qualification when no trusted list is at hand: what the certificate states itself. */
  qualifyWithoutList: QualifySignature;
  fetchers: RevocationFetchers;
  now: () => Date;
}

export interface ContainedFile {
  name: string;
  mediaType: string;
  content: Uint8Array;
}

export interface VerificationOutcome {
  /** The uploaded file's name, without any folder. */
  documentName: string;
  report: DocumentReport;
  files: ContainedFile[];
  /** When the validation ran (the report's validation time). */
  verifiedAt: Date;
  /** Where the kind of signature comes from: a trusted list, or only the certificate's own statements. */
  levelSource: LevelSource;
}

/** The upload is not a document the validator reads (not ASiC-E, XML or PDF; broken; hostile). */
export class UnreadableDocumentError extends Error {
  override name = "UnreadableDocumentError";
  readonly code = "signing-unreadable-document";
}

export type LevelSource = "trusted-list" | "certificate";

export async function verifyUpload(
  bytes: Uint8Array,
  fileName: string,
  ports: VerificationPorts,
): Promise<VerificationOutcome> {
  const verifiedAt = ports.now();
  const lists = ports.trustedLists();
  const levelSource: LevelSource = lists.length > 0 ? "trusted-list" : "certificate";
  let report: DocumentReport;
  try {
    report = await verifyDocument(bytes, {
      anchors: ports.anchors(),
      ...(lists.length > 0 ? { trustedLists: lists } : { qualify: ports.qualifyWithoutList }),
      fetchers: ports.fetchers,
      validationTime: verifiedAt,
      fileName,
      // A detached signature's files are not at hand on a web page: they are reported missing.
      resolver: async () => "unavailable",
    });
  } catch (error) {
    // Every reader of @tilts/trust (ZIP, XML, PDF, ASN.1) fails with a TrustError on bad input.
    if (error instanceof TrustError) throw new UnreadableDocumentError(error.message, { cause: error });
    throw error;
  }
  if (report.container === null)
    throw new UnreadableDocumentError("not an eDoc, ASiC-E, XML or PDF document");
  return { documentName: fileName, report, files: filesOf(report, bytes, fileName), verifiedAt, levelSource };
}

/** A container's data files; a PDF or XML document is itself the one file. */
function filesOf(report: DocumentReport, bytes: Uint8Array, fileName: string): ContainedFile[] {
  if (report.container === "ASiC-E")
    return readAsicE(bytes).dataFiles.map((f) => ({
      name: f.name,
      mediaType: f.mediaType,
      content: f.content,
    }));
  const [only] = report.files;
  return [
    {
      name: only?.name ?? fileName,
      mediaType: only?.mediaType ?? "application/octet-stream",
      content: bytes,
    },
  ];
}
