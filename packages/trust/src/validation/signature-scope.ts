/**
 * What a signature covers (SIG-3: only content the signature covers is reported as signed).
 * Containers: the data files named by intact detached references; FULL only when every data
 * file is covered. XML: FULL when an intact reference covers the whole document (enveloped), or
 * when every data reference is an intact external one (detached files).
 */
import type { ReferenceResult } from "../xmldsig/references.ts";
import type { SignatureReport } from "./types.ts";

export interface ScopeInput {
  document: Document;
  dataFiles?: string[];
  uriToFile?: (uri: string) => string | null;
}

function decodedUri(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

export function signatureScope(
  dataRefs: ReferenceResult[],
  input: ScopeInput,
): Pick<SignatureReport, "scope" | "coveredFiles"> {
  if (input.dataFiles) {
    const covered = new Set<string>();
    for (const r of dataRefs) {
      if (!r.digestValid || r.coveredBytes === undefined || r.uri === null) continue;
      const name = input.uriToFile?.(r.uri);
      if (name) covered.add(name);
    }
    const coveredFiles = input.dataFiles.filter((f) => covered.has(f));
    const full = input.dataFiles.length > 0 && coveredFiles.length === input.dataFiles.length;
    return { scope: full ? "FULL" : "PARTIAL", coveredFiles };
  }
  const whole = dataRefs.some(
    (r) => r.digestValid && (r.target === input.document || r.target === input.document.documentElement),
  );
  const external = dataRefs.filter((r) => r.coveredBytes !== undefined && r.uri !== null);
  const names = external.filter((r) => r.digestValid).map((r) => decodedUri(r.uri!));
  const allExternal =
    external.length > 0 && external.length === dataRefs.length && names.length === external.length;
  return { scope: whole || allExternal ? "FULL" : "PARTIAL", coveredFiles: whole ? ["(document)"] : names };
}
