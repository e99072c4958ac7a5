/**
 * Limits applied to every XML document parsed from outside input (DESIGN "Data and security
 * rules": parsers have size, depth and time limits). They are checked by a linear pre-scan
 * before the DOM is built, so a hostile document costs at most one pass over its text.
 */
export interface XmlLimits {
  /** Maximum input size in bytes (UTF-8 length for string input). */
  maxBytes: number;
  /** Maximum element nesting depth. */
  maxDepth: number;
  /** Maximum attributes on one element (namespace declarations included). */
  maxAttributesPerElement: number;
  /** Maximum namespace declarations (xmlns, xmlns:p) on one element. */
  maxNamespaceDeclarationsPerElement: number;
  /** Maximum nodes in the document (elements, attributes, text, comments, PIs). */
  maxNodes: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 256,
  maxAttributesPerElement: 256,
  maxNamespaceDeclarationsPerElement: 64,
  maxNodes: 500_000,
});

export function resolveLimits(partial?: Partial<XmlLimits>): XmlLimits {
  return { ...DEFAULT_XML_LIMITS, ...(partial ?? {}) };
}
