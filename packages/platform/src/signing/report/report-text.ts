/**
 * The validation report's content as lines of text — the same words as the result page, so the
 * report a person downloads says what the page said — independent of how a PDF lays them out.
 */
import type { Language } from "../../web/i18n.ts";
import { fileKindNames, levelNames, outcomeNames, showSize, verifyText } from "../pages/messages.ts";
import { reasonSentence } from "../pages/reason-sentences.ts";
import { showTime } from "../pages/show-time.ts";
import { fileKindOf } from "../verification/file-kind.ts";
import { summariseSignature } from "../verification/signature-summary.ts";
import type { VerificationOutcome } from "../verification/verify-upload.ts";

export type ReportLine =
  | { kind: "title"; text: string }
  | { kind: "heading"; text: string }
  | { kind: "field"; label: string; text: string }
  | { kind: "text"; text: string };

const TEXT = {
  lv: {
    title: "Elektroniskā paraksta pārbaudes pārskats",
    sealNote:
      "Pārskatu izveidojis pakalpojums Tilts un apliecinājis ar savu elektronisko zīmogu un laika zīmogu. Pārbaude veikta pēc Eiropas standarta parakstu pārbaudei.",
  },
  en: {
    title: "Electronic signature validation report",
    sealNote:
      "This report was made by the Tilts service and sealed with its electronic seal and a time-stamp. The validation follows ETSI EN 319 102-1.",
  },
} as const;

export function reportTitle(language: Language): string {
  return TEXT[language].title;
}

export function reportLines(outcome: VerificationOutcome, language: Language): ReportLine[] {
  const t = verifyText[language];
  const signatures = outcome.report.signatures.map(summariseSignature);
  const lines: ReportLine[] = [
    { kind: "title", text: TEXT[language].title },
    { kind: "field", label: t.documentName, text: outcome.documentName },
    { kind: "field", label: t.checkedAt, text: showTime(outcome.verifiedAt, language) },
    {
      kind: "text",
      text: signatures.length === 0 ? t.noSignatures : outcome.report.valid ? t.allValid : t.notAllValid,
    },
    { kind: "heading", text: t.filesHeading },
    ...outcome.files.map(
      (f): ReportLine => ({
        kind: "text",
        text: `${f.name} — ${fileKindNames[language][fileKindOf(f.name, f.mediaType)]}, ${showSize(f.content.length, language)}`,
      }),
    ),
    { kind: "heading", text: t.signaturesHeading },
  ];
  signatures.forEach((s, index) => {
    const signer = s.signerName ?? t.unknownSigner;
    lines.push({ kind: "heading", text: `${t.signature} ${index + 1}: ${signer}` });
    lines.push({ kind: "field", label: t.signer, text: signer });
    if (s.personalCode) lines.push({ kind: "field", label: t.personalCode, text: s.personalCode });
    if (s.otherIdentifier) lines.push({ kind: "field", label: t.otherIdentifier, text: s.otherIdentifier });
    lines.push({
      kind: "field",
      label: t.result,
      text: `${outcomeNames[language][s.outcome]}${s.outcome === "valid" ? `. ${t.validBody}` : ""}`,
    });
    if (s.outcome !== "valid") {
      const sentence = reasonSentence(s.reason, language);
      lines.push({ kind: "field", label: t.reason, text: sentence.reason });
      lines.push({ kind: "field", label: t.advice, text: sentence.advice });
    }
    const byCertificate = outcome.levelSource === "certificate" && s.level !== "unknown";
    lines.push({
      kind: "field",
      label: t.level,
      text: `${levelNames[language][s.level]}${byCertificate ? ` (${t.levelByCertificate})` : ""}`,
    });
    const time = s.time
      ? `${showTime(s.time.at, language)} — ${
          s.time.evidence === "time-stamp"
            ? `${t.provenBy}${s.time.tsa ? ` (${t.tsaIssuer} ${s.time.tsa})` : ""}`
            : t.claimedOnly
        }`
      : t.noTime;
    lines.push({ kind: "field", label: t.signingTime, text: time });
    lines.push({ kind: "field", label: t.covers, text: s.coveredFiles.join(", ") || "—" });
    if (s.partial) lines.push({ kind: "text", text: t.partial });
  });
  lines.push({ kind: "text", text: TEXT[language].sealNote });
  return lines;
}
