/**
 * CSV for access reports (issue 6 item 5): RFC 4180 (CRLF line ends; a field with a comma,
 * quote, CR or LF is quoted, quotes doubled), a UTF-8 byte order mark first so that Excel opens
 * Latvian letters correctly, and safe against formula injection (OWASP "CSV injection"): a cell
 * starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, so a spreadsheet
 * shows it as text instead of running it. Audit fields are partly user-chosen (object names,
 * names from the registry), so every cell goes through `csvCell`.
 */

/** U+FEFF, written first: Excel reads the file as UTF-8 only with it. */
export const CSV_BOM = "\uFEFF";
export const CSV_LINE_END = "\r\n";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: neutralised if it could start a formula, then quoted if RFC 4180 requires it. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  // Numbers we write ourselves (a count, a sequence number) are data, never a formula; a
  // negative number is not written by the reports, so only text is neutralised.
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record with its CRLF. */
export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvCell).join(",") + CSV_LINE_END;
}

/**
 * The whole file as a stream of chunks: BOM + header, then one chunk per batch of rows, so a
 * large report is never held in memory at once.
 */
export async function* csvChunks<T>(
  header: readonly string[],
  batches: AsyncIterable<readonly T[]>,
  toValues: (row: T) => readonly (string | number | null | undefined)[],
): AsyncGenerator<string> {
  yield CSV_BOM + csvRow(header);
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    let chunk = "";
    for (const row of batch) chunk += csvRow(toValues(row));
    yield chunk;
  }
}
