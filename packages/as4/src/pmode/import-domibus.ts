/**
 * Imports a Domibus P-Mode file — the `<db:configuration>` document member states publish
 * for OOTS (DIGEST §3.2) — into the P-Mode model. Names in the file reference each other
 * (a leg names its service, action, security, reliability…); every reference is resolved
 * here, and a dangling one is a `PModeImportError`, never a silently missing setting.
 * Certificates are not in the file (Domibus keeps them in a truststore keyed by party name):
 * the caller passes them by party name.
 */
import { MalformedInputError, parseXml } from "@tilts/trust";
import { children } from "../message/xml-builder.ts";
import { parseRetryPolicy } from "../reliability/retry-schedule.ts";
import type { SignatureAlgorithmName } from "../security/algorithms.ts";
import type { LegSecurity, PModeConfiguration, PModeLeg, PModeParty, PModeProcess } from "./model.ts";

export const DOMIBUS_NS = "http://domibus.eu/configuration";

export class PModeImportError extends Error {
  override name = "PModeImportError";
  readonly code = "pmode-invalid";
}

export interface ImportDomibusOptions {
  /** DER certificates by party name (the truststore aliases). */
  certificates?: Record<string, Uint8Array[]>;
}

const fail = (detail: string) => new PModeImportError(detail);

/** Unqualified children by local name, searched under `parent` at any depth of wrapper elements. */
function all(parent: Element, local: string): Element[] {
  return Array.from(parent.getElementsByTagName(local)).filter((e) => e.namespaceURI === null);
}

function attr(e: Element, name: string): string {
  const v = e.getAttribute(name);
  if (v === null) throw fail(`<${e.localName}> lacks the attribute ${name}`);
  return v;
}

function byName(elements: Element[], kind: string): (name: string) => Element {
  const map = new Map(elements.map((e) => [e.getAttribute("name") ?? "", e]));
  return (name) => {
    const found = map.get(name);
    if (!found) throw fail(`${kind} "${name}" is referenced but not defined`);
    return found;
  };
}

export function importDomibusPMode(
  xml: string | Uint8Array,
  options: ImportDomibusOptions = {},
): PModeConfiguration {
  let root: Element;
  try {
    root = parseXml(xml, { limits: { maxBytes: 4 * 1024 * 1024, maxDepth: 32 } }).document.documentElement!;
  } catch (cause) {
    if (cause instanceof MalformedInputError)
      throw new PModeImportError(`not well-formed: ${cause.message}`, { cause });
    throw cause;
  }
  if (root.namespaceURI !== DOMIBUS_NS || root.localName !== "configuration")
    throw fail("the root is not a Domibus <db:configuration>");
  const bp = children(root).find((e) => e.localName === "businessProcesses");
  if (!bp) throw fail("no <businessProcesses>");
  const value = (kind: string, els: Element[]) => {
    const get = byName(els, kind);
    return (name: string) => attr(get(name), "value");
  };
  const role = value("role", all(bp, "role"));
  const mep = value("mep", all(bp, "mep"));
  const binding = value("binding", all(bp, "binding"));
  const partyIdType = value("partyIdType", all(bp, "partyIdType"));
  const parties = all(bp, "party").map((p): PModeParty => {
    const name = attr(p, "name");
    const party: PModeParty = {
      name,
      partyIds: all(p, "identifier").map((id) => {
        const type = id.getAttribute("partyIdType");
        return type
          ? { value: attr(id, "partyId"), type: partyIdType(type) }
          : { value: attr(id, "partyId") };
      }),
      certificates: options.certificates?.[name] ?? [],
    };
    const endpoint = p.getAttribute("endpoint");
    if (endpoint) party.endpoint = endpoint;
    if (party.partyIds.length === 0) throw fail(`party ${name} has no identifier`);
    return party;
  });
  const partyNames = new Set(parties.map((p) => p.name));
  const self = attr(root, "party");
  if (!partyNames.has(self)) throw fail(`the configuration's own party ${self} is not defined`);

  const legs = legConfigurations(bp, root);
  const processes = all(bp, "process").map((p): PModeProcess => {
    const names = (wrapper: string, item: string) =>
      all(p, wrapper).flatMap((w) =>
        all(w, item).map((e) => {
          const n = attr(e, "name");
          if (!partyNames.has(n)) throw fail(`process ${attr(p, "name")} names an undefined party ${n}`);
          return n;
        }),
      );
    const process: PModeProcess = {
      name: attr(p, "name"),
      mep: mep(attr(p, "mep")),
      binding: binding(attr(p, "binding")),
      initiatorRole: role(attr(p, "initiatorRole")),
      responderRole: role(attr(p, "responderRole")),
      initiators: names("initiatorParties", "initiatorParty"),
      responders: names("responderParties", "responderParty"),
      legs: all(p, "leg").map((l) => legs(attr(l, "name"))),
    };
    const agreement = p.getAttribute("agreement");
    if (agreement) {
      const a = byName(all(bp, "agreement"), "agreement")(agreement);
      const v = attr(a, "value");
      if (v) process.agreement = a.getAttribute("type") ? { value: v, type: attr(a, "type") } : { value: v };
    }
    return process;
  });
  return { self, parties, processes };
}

function legConfigurations(bp: Element, root: Element): (name: string) => PModeLeg {
  const service = byName(all(bp, "service"), "service");
  const action = byName(all(bp, "action"), "action");
  const security = byName(all(bp, "security"), "security");
  const reliability = byName(all(bp, "reliability"), "reliability");
  const awareness = byName(all(bp, "receptionAwareness"), "receptionAwareness");
  const propertySet = byName(all(bp, "propertySet"), "propertySet");
  const property = byName(all(bp, "property"), "property");
  const mpc = byName(all(root, "mpc"), "mpc");
  const leg = byName(all(bp, "legConfiguration"), "legConfiguration");
  return (name) => {
    const l = leg(name);
    const s = service(attr(l, "service"));
    const rel = reliability(attr(l, "reliability"));
    const ra = awareness(attr(l, "receptionAwareness"));
    const out: PModeLeg = {
      name,
      service: s.getAttribute("type")
        ? { value: attr(s, "value"), type: attr(s, "type") }
        : { value: attr(s, "value") },
      action: attr(action(attr(l, "action")), "value"),
      security: legSecurity(security(attr(l, "security"))),
      reliability: {
        nonRepudiation: rel.getAttribute("nonRepudiation") === "true",
        replyPattern: rel.getAttribute("replyPattern") === "callback" ? "callback" : "response",
        duplicateDetection: ra.getAttribute("duplicateDetection") === "true",
      },
      compressPayloads: l.getAttribute("compressPayloads") === "true",
      requiredProperties: [],
    };
    const retry = ra.getAttribute("retry");
    if (retry) {
      try {
        out.reliability.retry = parseRetryPolicy(retry);
      } catch {
        throw fail(
          `receptionAwareness ${attr(ra, "name")}: retry "${retry}" is not "timeout;count;strategy"`,
        );
      }
    }
    const setName = l.getAttribute("propertySet");
    if (setName)
      out.requiredProperties = all(propertySet(setName), "propertyRef")
        .map((r) => property(attr(r, "property")))
        .filter((p) => p.getAttribute("required") === "true")
        .map((p) => attr(p, "key"));
    const mpcName = l.getAttribute("defaultMpc");
    if (mpcName) out.mpc = attr(mpc(mpcName), "qualifiedName");
    return out;
  };
}

/** Domibus policy files: doNothingPolicy (none), signOnly (sign), eDeliveryAS4Policy* (both). */
function legSecurity(s: Element): LegSecurity {
  const policy = attr(s, "policy");
  const method = s.getAttribute("signatureMethod") ?? "";
  const profile = (s.getAttribute("profile") ?? "").toUpperCase();
  const algorithm: SignatureAlgorithmName =
    method.startsWith("ECC") || profile === "ECC" ? "ecdsa-sha256" : "rsa-sha256";
  if (method && !["RSA_SHA256", "ECC_SHA256"].includes(method))
    throw fail(`security ${attr(s, "name")}: signatureMethod ${method} is not supported`);
  const none = /doNothing/i.test(policy);
  const signOnly = /signOnly/i.test(policy);
  return { name: attr(s, "name"), sign: !none, encrypt: !none && !signOnly, signatureAlgorithm: algorithm };
}
