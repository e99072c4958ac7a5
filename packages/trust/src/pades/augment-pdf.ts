/**
 * Raising the PAdES signatures of an existing PDF (EN 319 142-1 §5.4–5.5; preservation,
 * TS 119 511): every step is one more incremental update, so every earlier byte — each signed
 * revision and its /Contents — stays exactly as it was.
 *   LT : a DSS with the certificates and OCSP/CRL of every signature and document time-stamp
 *        (`add-dss.ts`), unless every signature already has revocation data there;
 *   LTA: fresh validation data (DSS) for everything so far, then a document time-stamp over it.
 *        On a document that is already LTA this renews the archive evidence: the new
 *        time-stamp covers the old one and the data that validate it (§5.5, ISO 32000-2 §12.8.5).
 * A B-B signature cannot gain a signature time-stamp afterwards — it lives inside the signed
 * /Contents — so such a document is refused rather than silently left at B.
 */
import { createHash } from "node:crypto";
import { parseSignedData } from "../cms/parse-signed-data.ts";
import type { RevocationFetchers, TimeStampAuthority } from "../xades/ports.ts";
import { addDocumentTimeStamp } from "./add-document-time-stamp.ts";
import { addDss } from "./add-dss.ts";
import { PadesError } from "./errors.ts";
import { PdfDocument } from "./pdf-document.ts";
import { readDss } from "./read-dss.ts";
import { readSignatureFields } from "./read-signatures.ts";
import { timeStampTokensOf } from "./signature-cms.ts";

export interface AugmentPdfOptions {
  pdf: Uint8Array;
  level: "T" | "LT" | "LTA";
  tsa: TimeStampAuthority;
  fetchers: RevocationFetchers;
  hash?: "sha256" | "sha384" | "sha512";
  now?: () => Date;
}

export async function augmentPdf(options: AugmentPdfOptions): Promise<Uint8Array> {
  const doc = PdfDocument.open(options.pdf);
  const signatures = readSignatureFields(doc).filter((f) => f.type === "Sig");
  if (signatures.length === 0) throw new PadesError("pades-no-signature", "the document holds no signature");
  const untimed = signatures.filter((s) => !hasSignatureTimeStamp(s.contents));
  if (untimed.length > 0)
    throw new PadesError(
      "pades-bad-input",
      `${untimed.map((s) => s.fieldName).join(", ")}: a B-B signature has no signature time-stamp and cannot ` +
        "gain one without changing what was signed; sign at level T or above",
    );
  if (options.level === "T") return options.pdf;
  const now = options.now ?? (() => new Date());
  const vri = readDss(doc).vriWithRevocation;
  const keyOf = (contents: Uint8Array) => createHash("sha1").update(contents).digest("hex").toUpperCase();
  const hasLt = vri !== null && signatures.every((s) => vri.has(keyOf(s.contents)));
  let pdf = options.pdf;
  if (options.level === "LTA" || !hasLt) pdf = await addDss({ pdf, fetchers: options.fetchers, at: now() });
  if (options.level === "LTA")
    pdf = await addDocumentTimeStamp({
      pdf,
      tsa: options.tsa,
      ...(options.hash ? { hash: options.hash } : {}),
    });
  return pdf;
}

function hasSignatureTimeStamp(contents: Uint8Array): boolean {
  try {
    return timeStampTokensOf(parseSignedData(contents)).length > 0;
  } catch {
    return false;
  }
}
