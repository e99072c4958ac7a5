/**
 * META-INF/manifest.xml of ASiC-E (EN 319 162-1 §A.1, borrowing the OpenDocument v1.2 manifest):
 *
 *   <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 *     <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.etsi.asic-e+zip"/>
 *     <manifest:file-entry manifest:full-path="līgums ēka.pdf" manifest:media-type="application/pdf"/>
 *   </manifest:manifest>
 *
 * full-path holds the entry name as it is in the ZIP (not percent-encoded), as real eDocs do.
 */
import { MalformedInputError } from "../errors.ts";
import { parseXml } from "../xml/index.ts";
import { ASIC_E_MEDIA_TYPE, ODF_MANIFEST_NS, ODF_MANIFEST_VERSION } from "./constants.ts";

export interface ManifestFileEntry {
  fullPath: string;
  mediaType: string;
}

export interface AsicManifest {
  /** manifest:version, "1.2" in eDocs; null when absent. */
  version: string | null;
  /** Media type of the `/` entry, the container's own type; null when there is no `/` entry. */
  rootMediaType: string | null;
  /** Every file-entry other than `/`, in document order. */
  entries: ManifestFileEntry[];
}

/** XML 1.0 §2.3 AttValue: `<` and `&` must be escaped, `"` inside "…", and literal tab/CR/LF would be normalised away. */
export function escapeXmlAttribute(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function buildManifest(dataFiles: ReadonlyArray<ManifestFileEntry>): Uint8Array {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>',
    `<manifest:manifest xmlns:manifest="${ODF_MANIFEST_NS}" manifest:version="${ODF_MANIFEST_VERSION}">`,
    `  <manifest:file-entry manifest:full-path="/" manifest:media-type="${ASIC_E_MEDIA_TYPE}"/>`,
    ...dataFiles.map(
      (f) =>
        `  <manifest:file-entry manifest:full-path="${escapeXmlAttribute(f.fullPath)}" manifest:media-type="${escapeXmlAttribute(f.mediaType)}"/>`,
    ),
    "</manifest:manifest>",
    "",
  ];
  return new TextEncoder().encode(lines.join("\n"));
}

function attribute(element: Element, localName: string): string | null {
  // ODF attributes are namespace-qualified; some writers drop the prefix, so fall back to the bare name.
  if (element.hasAttributeNS(ODF_MANIFEST_NS, localName))
    return element.getAttributeNS(ODF_MANIFEST_NS, localName);
  return element.hasAttribute(localName) ? element.getAttribute(localName) : null;
}

/** Parses a manifest with the hardened XML parser; throws MalformedInputError if it is not one. */
export function parseManifest(bytes: Uint8Array, maxBytes: number): AsicManifest {
  const { document } = parseXml(bytes, { limits: { maxBytes } });
  const root = document.documentElement;
  if (!root || root.namespaceURI !== ODF_MANIFEST_NS || root.localName !== "manifest") {
    throw new MalformedInputError("manifest root is not manifest:manifest");
  }
  const manifest: AsicManifest = { version: attribute(root, "version"), rootMediaType: null, entries: [] };
  for (let node = root.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    if (element.namespaceURI !== ODF_MANIFEST_NS || element.localName !== "file-entry") continue;
    const fullPath = attribute(element, "full-path");
    const mediaType = attribute(element, "media-type") ?? "";
    if (fullPath === null) throw new MalformedInputError("manifest:file-entry without manifest:full-path");
    if (fullPath === "/") manifest.rootMediaType = mediaType;
    else manifest.entries.push({ fullPath, mediaType });
  }
  return manifest;
}
