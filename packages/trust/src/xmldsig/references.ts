/**
 * Dereferencing and digesting one ds:Reference (XMLDSig 1.1 §4.4.3). Same-document URIs:
 * "" (whole document, no comments), "#id" (element, no comments), "#xpointer(/)" and
 * "#xpointer(id('x'))" (with comments). Anything else goes to the caller's resolver, which
 * supplies bytes (e.g. ASiC-E data files) or says "unavailable".
 * The result says exactly what the reference covers: callers must read only covered nodes.
 */
import { timingSafeEqual } from "node:crypto";
import { c14nAlgorithmOf } from "../c14n/algorithms.ts";
import { MalformedInputError } from "../errors.ts";
import { childElements, textOf } from "../xml/dom.ts";
import { type NodeSet, SubtreeNodeSet } from "../xml/node-set.ts";
import { digest } from "./digests.ts";
import { XmlDsigError } from "./errors.ts";
import { base64Bytes } from "./key-info.ts";
import { applyTransform, type TransformContext, type TransformData, toOctets } from "./transforms.ts";
import * as U from "./uris.ts";

export type ResolvedExternal = Uint8Array | "unavailable";
/** Supplies the bytes of a URI that is not a same-document reference. */
export type ExternalResolver = (
  uri: string | null,
  info: { type?: string; referenceIndex: number },
) => Promise<ResolvedExternal>;

export interface ReferenceResult {
  index: number;
  /** The URI attribute as written (null when absent). */
  uri: string | null;
  id?: string;
  type?: string;
  digestMethod: string;
  transforms: string[];
  status: "valid" | "digest-mismatch" | "skipped" | "error";
  digestValid: boolean;
  /** Same-document references: the element (or document) the URI designates. */
  target?: Element | Document;
  /** Same-document references: the node-set that was digested (after transforms). */
  coveredNodes?: NodeSet;
  /** False when transforms after the last same-document node-set may have narrowed what was
   *  digested: `coveredNodes` is then an upper bound. */
  coverageExact?: boolean;
  /** External references: the bytes the resolver supplied. */
  coveredBytes?: Uint8Array;
  /** The octets that were digested. */
  digestedOctets?: Uint8Array;
  /** True when `node` of the signed document is covered by this reference. */
  covers(node: Node): boolean;
}

const XPOINTER_ROOT = "#xpointer(/)";
const XPOINTER_ID = /^#xpointer\(id\((['"])([^'"]+)\1\)\)$/;

export interface ReferenceContext extends TransformContext {
  document: Document;
  resolver?: ExternalResolver | undefined;
}

function sameDocumentTarget(
  uri: string,
  ctx: ReferenceContext,
): { target: Element | Document; withComments: boolean } {
  if (uri === "") return { target: ctx.document, withComments: false };
  if (uri === XPOINTER_ROOT) return { target: ctx.document, withComments: true };
  const xp = XPOINTER_ID.exec(uri);
  if (uri.startsWith("#xpointer(") && !xp) {
    throw new XmlDsigError("xmldsig-reference-unresolved", `unsupported XPointer ${uri}`);
  }
  let id: string;
  try {
    id = xp ? xp[2]! : decodeURIComponent(uri.slice(1));
  } catch (cause) {
    throw new XmlDsigError("xmldsig-reference-unresolved", `malformed fragment ${uri}`, { cause });
  }
  const found = ctx.idIndex.lookup(id);
  if (found.length === 0)
    throw new XmlDsigError("xmldsig-reference-unresolved", `no element has the ID "${id}"`);
  if (found.length > 1)
    throw new XmlDsigError("xmldsig-reference-ambiguous", `${found.length} elements have the ID "${id}"`);
  return { target: found[0]!, withComments: !!xp };
}

export async function processReference(
  reference: Element,
  index: number,
  ctx: ReferenceContext,
): Promise<ReferenceResult> {
  const uri = reference.hasAttribute("URI") ? reference.getAttribute("URI") : null;
  const transformsEl = childElements(reference, U.DSIG_NAMESPACE, "Transforms")[0];
  const transforms = transformsEl ? childElements(transformsEl, U.DSIG_NAMESPACE, "Transform") : [];
  const digestMethodEl = childElements(reference, U.DSIG_NAMESPACE, "DigestMethod")[0];
  const digestValueEl = childElements(reference, U.DSIG_NAMESPACE, "DigestValue")[0];
  const result: ReferenceResult = {
    index,
    uri,
    digestMethod: digestMethodEl?.getAttribute("Algorithm") ?? "",
    transforms: transforms.map((t) => t.getAttribute("Algorithm") ?? ""),
    status: "error",
    digestValid: false,
    covers: () => false,
  };
  const id = reference.getAttribute("Id");
  if (id) result.id = id;
  const type = reference.getAttribute("Type");
  if (type) result.type = type;
  if (!digestMethodEl || !digestValueEl)
    throw new XmlDsigError("xmldsig-structure", "Reference lacks DigestMethod or DigestValue");

  let data: TransformData;
  if (uri !== null && (uri === "" || uri.startsWith("#"))) {
    const { target, withComments } = sameDocumentTarget(uri, ctx);
    result.target = target;
    data = {
      kind: "nodes",
      set: new SubtreeNodeSet(target, withComments),
      document: ctx.document,
      inSignedDocument: true,
    };
  } else {
    if (!ctx.resolver)
      throw new XmlDsigError("xmldsig-reference-unavailable", `no resolver for the external URI ${uri}`);
    const info: { type?: string; referenceIndex: number } = { referenceIndex: index };
    if (type) info.type = type;
    const bytes = await ctx.resolver(uri, info);
    if (bytes === "unavailable") {
      result.status = "skipped";
      return result;
    }
    result.coveredBytes = bytes;
    data = { kind: "octets", bytes };
  }
  if (data.kind === "nodes") result.coveredNodes = data.set;
  let exact = true;
  for (const t of transforms) {
    if (data.kind === "octets" && result.coveredNodes && !c14nAlgorithmOf(t.getAttribute("Algorithm") ?? ""))
      exact = false;
    try {
      data = applyTransform(t, data, ctx);
    } catch (cause) {
      if (cause instanceof MalformedInputError && !(cause instanceof XmlDsigError)) {
        throw new XmlDsigError("xmldsig-transform-failed", cause.message, { cause });
      }
      throw cause;
    }
    if (data.kind === "nodes" && data.inSignedDocument) {
      result.coveredNodes = data.set;
    }
  }
  if (data.kind === "nodes" && data.inSignedDocument) result.coveredNodes = data.set;
  result.coverageExact = exact;
  const set = result.coveredNodes;
  if (set) {
    // Only nodes in the final same-document node-set are covered (signature-wrapping defence).
    result.covers = (node: Node) => set.includes(node);
  }
  if (data.kind === "octets" && data.reserialized) {
    throw new XmlDsigError(
      "xmldsig-unsupported-transform",
      "the last transform is XSLT: its exact output serialization is not reproduced",
    );
  }
  const octets = toOctets(data);
  result.digestedOctets = octets;
  const computed = digest(result.digestMethod, octets, "verify");
  const expected = base64Bytes(textOf(digestValueEl));
  result.digestValid = expected.length === computed.length && timingSafeEqual(expected, computed);
  result.status = result.digestValid ? "valid" : "digest-mismatch";
  return result;
}
