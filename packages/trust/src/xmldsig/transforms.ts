/**
 * Reference transforms (XMLDSig 1.1 §6.6) over the node-set / octet-stream data model of
 * XMLDSig §4.4.3.2: enveloped-signature, the c14n family, base64, XPath, XPath Filter 2.0
 * (RFC 3653 of W3C "XML-Signature XPath Filter 2.0"), and of XSLT only the identity stylesheet
 * (recognised structurally; any other stylesheet is refused with a coded error).
 */
import { C14N_10, c14nAlgorithmOf, EXC_C14N_NAMESPACE } from "../c14n/algorithms.ts";
import { canonicalize } from "../c14n/canonicalize.ts";
import { MalformedInputError } from "../errors.ts";
import { childElements, isDescendantOrSelf, isElement, isText, NodeKind } from "../xml/dom.ts";
import type { XmlLimits } from "../xml/limits.ts";
import {
  ExplicitNodeSet,
  inScopeNamespaces,
  isNamespaceNode,
  materialize,
  type NodeSet,
  SubtreeNodeSet,
  type XNode,
  xparentOf,
} from "../xml/node-set.ts";
import { parseXml } from "../xml/parse-xml.ts";
import { toBool, XPathEvaluator } from "../xml/xpath-eval.ts";
import { parseXPath } from "../xml/xpath-parse.ts";
import { XmlDsigError } from "./errors.ts";
import type { IdIndex } from "./id-index.ts";
import { base64Bytes } from "./key-info.ts";
import * as U from "./uris.ts";

export type TransformData =
  | { kind: "nodes"; set: NodeSet; document: Document; inSignedDocument: boolean }
  | {
      kind: "octets";
      bytes: Uint8Array;
      /** True when the octets stand for a serialization we do not reproduce byte for byte
       *  (XSLT output): usable as input to a parsing transform, never as digest input. */
      reserialized?: boolean;
    };

/** A transform an application profile defines over octets (e.g. the WS-Security SwA
 *  Attachment-Content-Signature-Transform), keyed by its Algorithm URI. */
export type OctetTransform = (bytes: Uint8Array) => Uint8Array;

export interface TransformContext {
  signature: Element;
  idIndex: IdIndex;
  limits?: Partial<XmlLimits> | undefined;
  /** Caller-supplied transforms over octets, tried only for Algorithm URIs this core lacks. */
  octetTransforms?: ReadonlyMap<string, OctetTransform> | undefined;
}

/** Node-set → octets as XMLDSig §4.4.3.2 requires: inclusive c14n 1.0 without comments. */
export function toOctets(data: TransformData): Uint8Array {
  return data.kind === "octets" ? data.bytes : canonicalize(data.set, { algorithm: C14N_10 });
}

/** Octets → node-set: parse (hardened) and take the whole document. */
function toNodes(data: TransformData, ctx: TransformContext): Extract<TransformData, { kind: "nodes" }> {
  if (data.kind === "nodes") return data;
  const { document } = parseXml(data.bytes, ctx.limits ? { limits: ctx.limits } : {});
  return { kind: "nodes", set: new SubtreeNodeSet(document, true), document, inSignedDocument: false };
}

export function inclusivePrefixesOf(element: Element): string[] {
  const inc = childElements(element, EXC_C14N_NAMESPACE, "InclusiveNamespaces")[0];
  const list = inc?.getAttribute("PrefixList")?.trim();
  return list ? list.split(/\s+/) : [];
}

export function applyTransform(
  transform: Element,
  data: TransformData,
  ctx: TransformContext,
): TransformData {
  const algorithm = transform.getAttribute("Algorithm") ?? "";
  const c14n = c14nAlgorithmOf(algorithm);
  if (c14n) {
    const input = data.kind === "nodes" ? data.set : toNodes(data, ctx).set;
    return {
      kind: "octets",
      bytes: canonicalize(input, { algorithm: c14n, inclusivePrefixes: inclusivePrefixesOf(transform) }),
    };
  }
  switch (algorithm) {
    case U.TRANSFORM_ENVELOPED_SIGNATURE:
      return enveloped(toNodes(data, ctx), ctx);
    case U.TRANSFORM_BASE64:
      return { kind: "octets", bytes: base64Of(data) };
    case U.TRANSFORM_XPATH:
      return xpathTransform(transform, toNodes(data, ctx), ctx);
    case U.TRANSFORM_XPATH_FILTER2:
      return xpathFilter2(transform, toNodes(data, ctx), ctx);
    case U.TRANSFORM_XSLT:
      return identityXslt(transform, data);
    default: {
      const custom = ctx.octetTransforms?.get(algorithm);
      if (custom && data.kind === "octets") return { kind: "octets", bytes: custom(data.bytes) };
      throw new XmlDsigError("xmldsig-unsupported-transform", `unknown Transform ${algorithm}`);
    }
  }
}

/** §6.6.4: removes the Signature element (the one being verified) from the node-set. */
function enveloped(data: Extract<TransformData, { kind: "nodes" }>, ctx: TransformContext): TransformData {
  const sig = ctx.signature;
  const contains =
    data.inSignedDocument && (data.set.includes(sig) || isDescendantOrSelf(data.set.walkRoot, sig));
  if (!contains) {
    throw new XmlDsigError(
      "xmldsig-enveloped-misplaced",
      "enveloped-signature transform on data that does not contain the Signature",
    );
  }
  if (data.set instanceof SubtreeNodeSet) {
    const set = new SubtreeNodeSet(data.set.walkRoot, data.set.withComments, [...data.set.excluded, sig]);
    return { ...data, set };
  }
  const kept = materialize(data.set).filter(
    (n) => !isDescendantOrSelf(sig, isNamespaceNode(n) ? n.parent : n),
  );
  return { ...data, set: new ExplicitNodeSet(data.set.walkRoot, new Set(kept)) };
}

/** §6.6.2: a node-set is reduced to the string-value of its text nodes first. */
function base64Of(data: TransformData): Uint8Array {
  let text: string;
  if (data.kind === "octets") text = Buffer.from(data.bytes).toString("utf8");
  else {
    text = materialize(data.set)
      .filter((n): n is Node => !isNamespaceNode(n) && isText(n))
      .map((n) => n.nodeValue ?? "")
      .join("");
  }
  try {
    return base64Bytes(text);
  } catch (cause) {
    throw new XmlDsigError("xmldsig-transform-failed", "base64 transform input is not base64", { cause });
  }
}

function xpathOf(transform: Element, ns: string, local: string): Element[] {
  const els = childElements(transform, ns, local);
  if (els.length === 0) throw new XmlDsigError("xmldsig-structure", `Transform lacks its ${local} element`);
  return els;
}

function compile(source: string) {
  try {
    return parseXPath(source);
  } catch (cause) {
    const msg = cause instanceof MalformedInputError ? cause.message : String(cause);
    throw new XmlDsigError("xmldsig-unsupported-transform", msg, { cause });
  }
}

function evaluator(xpathElement: Element, ctx: TransformContext): XPathEvaluator {
  const lookup = (id: string) => {
    const found = ctx.idIndex.lookup(id);
    return found.length === 1 ? found[0] : undefined;
  };
  return new XPathEvaluator({
    namespaces: inScopeNamespaces(xpathElement),
    // XMLDSig §6.6.3.3: here() is the parent element of the text node bearing the expression.
    here: xpathElement,
    idLookup: lookup,
  });
}

/** §6.6.3: keeps each node of the input for which the expression is true. */
function xpathTransform(
  transform: Element,
  data: Extract<TransformData, { kind: "nodes" }>,
  ctx: TransformContext,
) {
  const el = xpathOf(transform, U.DSIG_NAMESPACE, "XPath")[0]!;
  const expr = compile(el.textContent ?? "");
  const ev = evaluator(el, ctx);
  const input = materialize(data.set);
  const kept = new Set<XNode>();
  try {
    for (const n of input) if (toBool(ev.evaluate(expr, n))) kept.add(n);
  } catch (cause) {
    if (cause instanceof MalformedInputError)
      throw new XmlDsigError("xmldsig-unsupported-transform", cause.message, { cause });
    throw cause;
  }
  return { ...data, set: new ExplicitNodeSet(data.set.walkRoot, kept) } satisfies TransformData;
}

/** XPath Filter 2.0 §3: intersect / subtract / union of subtrees, applied to the input. */
function xpathFilter2(
  transform: Element,
  data: Extract<TransformData, { kind: "nodes" }>,
  ctx: TransformContext,
) {
  const steps = xpathOf(transform, U.XPATH_FILTER2_NAMESPACE, "XPath").map((el) => {
    const op = el.getAttribute("Filter") ?? "";
    if (!["intersect", "subtract", "union"].includes(op)) {
      throw new XmlDsigError(
        "xmldsig-structure",
        `XPath Filter 2.0 Filter="${op}" is not intersect, subtract or union`,
      );
    }
    const value = evaluator(el, ctx).evaluate(compile(el.textContent ?? ""), data.document);
    if (!Array.isArray(value))
      throw new XmlDsigError("xmldsig-unsupported-transform", "filter expression is not a node-set");
    return { op, roots: value };
  });
  const inSubtrees = (n: XNode, roots: XNode[]) => {
    for (let p: XNode | null = n; p; p = xparentOf(p)) if (roots.includes(p)) return true;
    return false;
  };
  const kept = materialize(data.set).filter((n) => {
    let inside = true;
    for (const s of steps) {
      if (s.op === "intersect") inside = inside && inSubtrees(n, s.roots);
      else if (s.op === "subtract") inside = inside && !inSubtrees(n, s.roots);
      else inside = inside || inSubtrees(n, s.roots);
    }
    return inside;
  });
  return { ...data, set: new ExplicitNodeSet(data.set.walkRoot, new Set(kept)) } satisfies TransformData;
}

/** Only `<xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/>…` */
function identityXslt(transform: Element, data: TransformData): TransformData {
  const sheets = childElements(transform, U.XSLT_NAMESPACE, "stylesheet");
  const only = (parent: Element): Element | undefined => {
    for (let c = parent.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === NodeKind.TEXT && (c.nodeValue ?? "").trim() === "") continue;
      if (!isElement(c) || c !== childElements(parent)[0] || childElements(parent).length !== 1)
        return undefined;
    }
    const el = childElements(parent)[0];
    return el && el.namespaceURI === U.XSLT_NAMESPACE ? el : undefined;
  };
  const template = sheets.length === 1 ? only(sheets[0]!) : undefined;
  const copy =
    template?.localName === "template" && template.getAttribute("match") === "@*|node()"
      ? only(template)
      : undefined;
  const apply = copy?.localName === "copy" ? only(copy) : undefined;
  const isIdentity =
    apply?.localName === "apply-templates" &&
    apply.getAttribute("select") === "@*|node()" &&
    apply.childNodes.length === 0;
  if (!isIdentity)
    throw new XmlDsigError("xmldsig-unsupported-transform", "XSLT other than the identity stylesheet");
  // The identity stylesheet reproduces its input document; its output differs from the
  // input octets only in serialisation details that the canonicalization after it removes.
  return { kind: "octets", bytes: toOctets(data), reserialized: true };
}
