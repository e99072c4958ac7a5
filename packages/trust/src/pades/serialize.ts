/** PDF object serialization (ISO 32000-2 §7.3) for the objects an incremental update writes. */
import type { PdfObject } from "./objects.ts";

export function serialize(o: PdfObject): string {
  if (o === null) return "null";
  if (typeof o === "boolean") return o ? "true" : "false";
  if (typeof o === "number") return formatNumber(o);
  if (Array.isArray(o)) return `[${o.map(serialize).join(" ")}]`;
  switch (o.kind) {
    case "name":
      return `/${escapeName(o.name)}`;
    case "ref":
      return `${o.num} ${o.gen} R`;
    case "string":
      return o.hex ? `<${Buffer.from(o.bytes).toString("hex")}>` : literal(o.bytes);
    case "dict":
      return `<<${[...o.map].map(([k, v]) => `/${escapeName(k)} ${serialize(v)}`).join(" ")}>>`;
    case "stream":
      throw new Error("internal: streams are written by the incremental writer");
  }
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  // §7.3.3: no exponent form.
  return n.toFixed(6).replace(/\.?0+$/, "");
}

/** §7.3.5: regular characters as is, everything else as #xx. */
function escapeName(n: string): string {
  let out = "";
  for (const ch of n) {
    const c = ch.charCodeAt(0);
    out += c > 0x20 && c < 0x7f && !"()<>[]{}/%#".includes(ch) ? ch : `#${c.toString(16).padStart(2, "0")}`;
  }
  return out;
}

function literal(bytes: Uint8Array): string {
  let out = "(";
  for (const c of bytes) {
    if (c === 0x28 || c === 0x29 || c === 0x5c) out += `\\${String.fromCharCode(c)}`;
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += `\\${c.toString(8).padStart(3, "0")}`;
  }
  return `${out})`;
}
