/**
 * The validation report as a PDF (issue "Signing", verification): the report's lines laid out
 * on A4 pages with pdf-lib, in DejaVu Sans embedded as a subset (the standard PDF fonts are
 * WinAnsi only and have no ā, č, ē, ģ, ī, ķ, ļ, ņ, š, ū, ž). Written without object streams,
 * so the PAdES signer's incremental update (ISO 32000-1 §7.5.6) has a classic xref to extend.
 */
import { readFileSync } from "node:fs";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import type { Language } from "../../web/i18n.ts";
import type { ReportLine } from "./report-text.ts";

const FONT = new URL("../../../fonts/DejaVuSans.ttf", import.meta.url);
let fontBytes: Uint8Array | undefined;

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const WIDTH = A4[0] - 2 * MARGIN;
const SIZES: Record<ReportLine["kind"], number> = { title: 17, heading: 12.5, field: 10, text: 10 };

/** Words onto lines no wider than `width` (a word longer than a line stands alone). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

export async function renderReportPdf(
  lines: readonly ReportLine[],
  options: { title: string; language: Language; createdAt: Date },
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  fontBytes ??= new Uint8Array(readFileSync(FONT));
  const font = await doc.embedFont(fontBytes, { subset: true });
  doc.setTitle(options.title, { showInWindowTitleBar: true });
  doc.setLanguage(options.language === "lv" ? "lv-LV" : "en-GB");
  doc.setProducer("Tilts");
  doc.setCreator("Tilts");
  doc.setCreationDate(options.createdAt);
  doc.setModificationDate(options.createdAt);

  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const write = (text: string, size: number, indent = 0, gray = 0) => {
    for (const part of wrap(text, font, size, WIDTH - indent)) {
      if (y - size * 1.35 < MARGIN) {
        page = doc.addPage(A4);
        y = A4[1] - MARGIN;
      }
      y -= size * 1.35;
      page.drawText(part, { x: MARGIN + indent, y, size, font, color: rgb(gray, gray, gray) });
    }
  };
  for (const line of lines) {
    const size = SIZES[line.kind];
    if (line.kind === "title" || line.kind === "heading") y -= size * 0.6;
    if (line.kind === "field") {
      write(line.label, 8.5, 0, 0.35);
      write(line.text, size, 8);
    } else write(line.text, size);
  }
  return doc.save({ useObjectStreams: false });
}
