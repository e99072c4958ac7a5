/**
 * What a file inside a verified document is, by its declared media type or, when the container
 * declares none, its name — and how it may be opened in the browser. Only kinds that cannot run
 * script are opened inline (PDF, raster images, text — XML shown as text); everything else,
 * HTML and SVG included, is offered as a download only.
 */
export type FileKind = "pdf" | "image" | "text" | "xml" | "other";

const INLINE_IMAGES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

const BY_EXTENSION: Record<string, string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  txt: "text/plain",
  xml: "application/xml",
};

function mediaTypeOf(name: string, declared: string): string {
  const type = declared.split(";")[0]!.trim().toLowerCase();
  if (type && type !== "application/octet-stream") return type;
  const extension = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toLowerCase();
  return (extension && BY_EXTENSION[extension]) || "application/octet-stream";
}

export function fileKindOf(name: string, declaredMediaType: string): FileKind {
  const type = mediaTypeOf(name, declaredMediaType);
  if (type === "application/pdf") return "pdf";
  if (INLINE_IMAGES.has(type)) return "image";
  if (type === "text/plain") return "text";
  if (type === "application/xml" || type === "text/xml" || type.endsWith("+xml"))
    return type === "image/svg+xml" ? "other" : "xml";
  return "other";
}

/** The Content-Type a file of this kind is served with when opened inline; undefined: download only. */
export function inlineContentType(name: string, declaredMediaType: string): string | undefined {
  const kind = fileKindOf(name, declaredMediaType);
  if (kind === "pdf") return "application/pdf";
  if (kind === "image") return mediaTypeOf(name, declaredMediaType);
  if (kind === "text" || kind === "xml") return "text/plain; charset=utf-8";
  return undefined;
}
