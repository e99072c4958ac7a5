/**
 * PAdES baseline signing (ETSI EN 319 142-1 §6): B-B → B-T → B-LT → B-LTA, each step one
 * incremental update on top of the previous bytes (SIG-2: eParaksts users sign PDFs).
 *   B-B : a signature field whose /V has /SubFilter /ETSI.CAdES.detached, /M the claimed
 *         signing time, /Contents a CAdES detached CMS (content-type, message-digest,
 *         signing-certificate-v2; no signing-time — §6.3 table 1);
 *   B-T : + signature-time-stamp unsigned attribute over the signature value (EN 319 122-1 §5.3);
 *   B-LT: + a DSS dictionary with the certificates and revocation data (§5.4, `add-dss.ts`);
 *   B-LTA: + a document time-stamp over everything before it (§5.5, `add-document-time-stamp.ts`).
 * The TSA and the revocation sources are the injected ports the XAdES code uses.
 */
import type { KeyObject } from "node:crypto";
import { buildSignedData, hashForKey, signAttributes } from "../cms/build-signed-data.ts";
import { OID_AA_SIGNATURE_TIME_STAMP } from "../cms/oids.ts";
import { commonNameOf } from "../validation/check-time-stamps.ts";
import type { RevocationFetchers, TimeStampAuthority } from "../xades/ports.ts";
import { requestTimeStamp } from "../xades/request-time-stamp.ts";
import { addDocumentTimeStamp } from "./add-document-time-stamp.ts";
import { addDss } from "./add-dss.ts";
import type { VisibleSignature } from "./appearance.ts";
import { PadesError } from "./errors.ts";
import { pdfDate, pdfText, type SignatureFieldInput, signatureFieldUpdate } from "./signature-field.ts";

export type PadesLevel = "B" | "T" | "LT" | "LTA";

export interface PadesSigner {
  key: KeyObject;
  certificate: Uint8Array;
  /** CA certificates, leaf's issuer first (embedded in the CMS, used for B-LT). */
  chain: Uint8Array[];
}

export interface SignPdfOptions {
  pdf: Uint8Array;
  signer: PadesSigner;
  level?: PadesLevel;
  tsa?: TimeStampAuthority;
  fetchers?: RevocationFetchers;
  /** The claimed signing time (/M); the caller's clock. */
  signingTime?: Date;
  reason?: string;
  location?: string;
  contactInfo?: string;
  visible?: VisibleSignature;
  /** Bytes reserved for the CMS (default 16 KiB). */
  reserve?: number;
}

const DEFAULT_RESERVE = 16 * 1024;

export async function signPdf(options: SignPdfOptions): Promise<Uint8Array> {
  const level = options.level ?? "B";
  if (level !== "B" && !options.tsa) throw new PadesError("pades-bad-input", `level ${level} needs a TSA`);
  if ((level === "LT" || level === "LTA") && !options.fetchers)
    throw new PadesError("pades-bad-input", `level ${level} needs revocation fetchers`);
  const update = await signatureUpdate(options, level);
  let pdf: Uint8Array = new Uint8Array(options.pdf.length + update.length);
  pdf.set(options.pdf, 0);
  pdf.set(update, options.pdf.length);
  const signingTime = options.signingTime ?? new Date();
  const hash = hashForKey(options.signer.key);
  if (level === "LT" || level === "LTA")
    pdf = await addDss({ pdf, fetchers: options.fetchers!, at: signingTime });
  if (level === "LTA") pdf = await addDocumentTimeStamp({ pdf, tsa: options.tsa!, hash });
  return pdf;
}

/**
 * B-B or B-T as only the incremental update to append to `options.pdf` (SIG-2 for large files:
 * the caller writes the original and this update to its output stream; the original is hashed
 * in place and never copied). B-LT and B-LTA read the signed file again: use `signPdf`.
 */
export async function signPdfUpdate(options: SignPdfOptions & { level?: "B" | "T" }): Promise<Uint8Array> {
  const level = options.level ?? "B";
  if (level !== "B" && level !== "T")
    throw new PadesError("pades-bad-input", "signPdfUpdate makes B-B or B-T only");
  if (level === "T" && !options.tsa) throw new PadesError("pades-bad-input", "level T needs a TSA");
  return signatureUpdate(options, level);
}

export async function signatureUpdate(
  options: SignPdfOptions,
  level: PadesLevel,
  source: Pick<SignatureFieldInput, "doc" | "hashOriginal"> = {},
): Promise<Uint8Array> {
  const { signer } = options;
  const signingTime = options.signingTime ?? new Date();
  const hash = hashForKey(signer.key);
  const signerName = commonNameOf(signer.certificate) ?? "signer";
  const entries = [
    "/Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached",
    `/M ${pdfText(pdfDate(signingTime))}`,
    `/Name ${pdfText(signerName)}`,
    options.reason ? `/Reason ${pdfText(options.reason)}` : "",
    options.location ? `/Location ${pdfText(options.location)}` : "",
    options.contactInfo ? `/ContactInfo ${pdfText(options.contactInfo)}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return signatureFieldUpdate({
    ...source,
    pdf: options.pdf,
    dictionaryEntries: entries,
    reserve: options.reserve ?? DEFAULT_RESERVE,
    hash,
    ...(options.visible ? { visible: { ...options.visible, signer: signerName, time: signingTime } } : {}),
    contents: async (digest) => {
      let signed: ReturnType<typeof signAttributes>;
      try {
        signed = signAttributes({
          key: signer.key,
          certificate: signer.certificate,
          contentDigest: digest,
          hash,
        });
      } catch (cause) {
        throw new PadesError("pades-unsupported-key", `cannot sign with this key: ${String(cause)}`, {
          cause,
        });
      }
      const unsignedAttrs: [string, Uint8Array[]][] = [];
      if (level !== "B") {
        const ts = await timeStamp(options.tsa!, signed.signature, hash);
        unsignedAttrs.push([OID_AA_SIGNATURE_TIME_STAMP, [ts]]);
      }
      return buildSignedData({
        ...signed,
        certificate: signer.certificate,
        certificates: signer.chain,
        hash,
        unsignedAttrs,
      });
    },
  });
}

/** A time-stamp token through the TSA port, its failures as PadesError. */
export async function timeStamp(
  tsa: TimeStampAuthority,
  data: Uint8Array,
  hash: "sha256" | "sha384" | "sha512",
): Promise<Uint8Array> {
  try {
    return (await requestTimeStamp(tsa, data, hash)).token;
  } catch (cause) {
    throw new PadesError("pades-tsa-failed", cause instanceof Error ? cause.message : String(cause), {
      cause,
    });
  }
}
