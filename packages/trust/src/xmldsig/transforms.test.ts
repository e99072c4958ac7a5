import { generateKeyPairSync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { C14N_10, EXC_C14N } from "../c14n/algorithms.ts";
import { parseXml } from "../xml/parse-xml.ts";
import { XMLDSIG_ERROR_CODES } from "./errors.ts";
import { readKeyInfo } from "./key-info.ts";
import { signXml, type TransformSpec } from "./sign.ts";
import * as U from "./uris.ts";
import { verifyXmlSignature } from "./verify.ts";

const keys = generateKeyPairSync("ec", { namedCurve: "P-256" });
const DOC = '<r xmlns:x="urn:x"><a>1</a><b><c>2</c><x:e>3</x:e></b><d/><!--note--></r>';

async function digestedBy(transforms: TransformSpec[]): Promise<string> {
  const { document } = parseXml(DOC);
  const signed = await signXml({
    document,
    references: [{ uri: "", digestAlgorithm: U.DIGEST_SHA256, transforms }],
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: U.SIG_ECDSA_SHA256,
    key: keys.privateKey,
  });
  const r = await verifyXmlSignature(parseXml(signed.xml), { key: keys.publicKey });
  expect(r.errors).toEqual([]);
  expect(r.valid).toBe(true);
  return Buffer.from(r.references[0]!.digestedOctets!).toString("utf8");
}

describe("XPath Filter 2.0 (intersect, subtract, union of subtrees)", () => {
  it("intersect then subtract", async () => {
    const out = await digestedBy([
      {
        algorithm: U.TRANSFORM_XPATH_FILTER2,
        filters: [
          { filter: "intersect", xpath: "//b" },
          { filter: "subtract", xpath: "//c" },
        ],
      },
      { algorithm: C14N_10 },
    ]);
    expect(out).toBe('<b xmlns:x="urn:x"><x:e>3</x:e></b>');
  });
  it("union restores a subtree removed before", async () => {
    const out = await digestedBy([
      { algorithm: U.TRANSFORM_ENVELOPED_SIGNATURE },
      {
        algorithm: U.TRANSFORM_XPATH_FILTER2,
        filters: [
          { filter: "subtract", xpath: "//b" },
          { filter: "union", xpath: "//x:e" },
        ],
        namespaces: { x: "urn:x" },
      },
      { algorithm: EXC_C14N },
    ]);
    // Comments are not in a URI="" node-set.
    expect(out).toBe('<r><a>1</a><x:e xmlns:x="urn:x">3</x:e><d></d></r>');
  });
  it("with the enveloped-signature transform, as XAdES/SAML use it", async () => {
    const out = await digestedBy([
      { algorithm: U.TRANSFORM_ENVELOPED_SIGNATURE },
      { algorithm: U.TRANSFORM_XPATH_FILTER2, filters: [{ filter: "subtract", xpath: "//a" }] },
      { algorithm: EXC_C14N },
    ]);
    expect(out).toBe('<r><b><c>2</c><x:e xmlns:x="urn:x">3</x:e></b><d></d></r>');
  });
});

describe("XPath transform", () => {
  it("keeps the nodes for which the expression is true", async () => {
    const out = await digestedBy([
      { algorithm: U.TRANSFORM_ENVELOPED_SIGNATURE },
      { algorithm: U.TRANSFORM_XPATH, xpath: "not(ancestor-or-self::b) and not(self::comment())" },
      { algorithm: C14N_10 },
    ]);
    expect(out).toBe('<r xmlns:x="urn:x"><a>1</a><d></d></r>');
  });
  it("evaluates predicates, positions and string functions", async () => {
    const out = await digestedBy([
      { algorithm: U.TRANSFORM_ENVELOPED_SIGNATURE },
      {
        algorithm: U.TRANSFORM_XPATH,
        xpath:
          "ancestor-or-self::*[position() = 1][starts-with(local-name(), 'c')] or self::text()[normalize-space(.) = '3']",
      },
      { algorithm: C14N_10 },
    ]);
    expect(out).toBe('<c xmlns:x="urn:x">2</c>3');
  });
});

describe("KeyInfo", () => {
  it("reads a dsig11:ECKeyValue", () => {
    const jwk = keys.publicKey.export({ format: "jwk" });
    const point = Buffer.concat([
      Buffer.from([4]),
      Buffer.from(jwk.x!, "base64url"),
      Buffer.from(jwk.y!, "base64url"),
    ]);
    const { document } = parseXml(
      `<ds:KeyInfo xmlns:ds="${U.DSIG_NAMESPACE}" xmlns:dsig11="${U.DSIG11_NAMESPACE}"><ds:KeyValue><dsig11:ECKeyValue><dsig11:NamedCurve URI="${U.CURVE_P256}"/><dsig11:PublicKey>${point.toString("base64")}</dsig11:PublicKey></dsig11:ECKeyValue></ds:KeyValue><ds:KeyName>k1</ds:KeyName></ds:KeyInfo>`,
    );
    const content = readKeyInfo(document.documentElement!);
    expect(content.keyNames).toEqual(["k1"]);
    expect(content.keyValues[0]!.export({ format: "jwk" })).toEqual(jwk);
  });
});

describe("error code catalogue", () => {
  it("every xmldsig-* code used in the sources is catalogued", () => {
    const dir = fileURLToPath(new URL(".", import.meta.url));
    const used = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".ts") && !n.includes(".test."))) {
      for (const m of readFileSync(`${dir}${f}`, "utf8").matchAll(/"(xmldsig-[a-z0-9-]+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(10);
    for (const code of used) expect(Object.keys(XMLDSIG_ERROR_CODES)).toContain(code);
  });
});

describe("XPath work limit", () => {
  it("an expression that would visit too many nodes is refused, not run for ever", async () => {
    const { XPathEvaluator } = await import("../xml/xpath-eval.ts");
    const { parseXPath } = await import("../xml/xpath-parse.ts");
    const { document } = parseXml(`<r>${"<a><b/></a>".repeat(200)}</r>`);
    const ev = new XPathEvaluator({ namespaces: new Map(), maxWork: 100_000 });
    const expr = parseXPath("count(//*) > 0");
    // As an XPath transform does: the expression is evaluated once per node of the input.
    const all = Array.from(document.getElementsByTagName("*"));
    expect(() => {
      for (const n of all) ev.evaluate(expr, n);
    }).toThrow(/exceeds 100000 node visits/);
  });
});
