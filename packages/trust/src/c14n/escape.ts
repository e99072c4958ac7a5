/**
 * Character escaping of Canonical XML 1.0 §2.3 (shared by 1.1 and exclusive c14n).
 */

/** Text nodes: & < > and carriage return. */
export function escapeText(value: string): string {
  if (!/[&<>\r]/.test(value)) return value;
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#xD;");
}

/** Attribute values: & < " and the whitespace characters #x9, #xA, #xD. */
export function escapeAttribute(value: string): string {
  if (!/[&<"\t\n\r]/.test(value)) return value;
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#x9;")
    .replace(/\n/g, "&#xA;")
    .replace(/\r/g, "&#xD;");
}
