/** Hardened XML parsing, a faithful serializer, the XPath data model and a small XPath evaluator. */
export { XML_NAMESPACE, XMLNS_NAMESPACE } from "./dom.ts";
export { DEFAULT_XML_LIMITS, type XmlLimits } from "./limits.ts";
export {
  ExplicitNodeSet,
  inScopeNamespaces,
  isNamespaceNode,
  materialize,
  type NamespaceNode,
  type NodeSet,
  namespaceNodesOf,
  resetNamespaceCaches,
  SubtreeNodeSet,
  type XNode,
} from "./node-set.ts";
export { type ParsedXml, type ParseXmlOptions, parseXml } from "./parse-xml.ts";
export { declareNamespaces, type SerializeXmlOptions, serializeXml } from "./serialize.ts";
export { type XPathContext, XPathEvaluator, type XValue } from "./xpath-eval.ts";
export { parseXPath } from "./xpath-parse.ts";
