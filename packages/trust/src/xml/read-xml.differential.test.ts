/**
 * Differential test of the strict reader against @xmldom/xmldom (the parser parseXml used
 * before): on every XML file the tests and ../shared use (W3C and merlin XML-DSig vectors,
 * CDA/OOTS/AS4 schemas and Schematron, fixtures), on signed documents, and on generated
 * documents, both must build the same tree (names, namespaces, values, attribute order,
 * line/column) with byte-identical canonical forms; and whatever xmldom refuses, the reader
 * refuses too. Where the reader is stricter than xmldom, the XML 1.0 rule is named below.
 */
import { generateKeyPairSync } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { C14N_11 } from "../c14n/algorithms.ts";
import { MalformedInputError } from "../errors.ts";
import { signXml } from "../xmldsig/sign.ts";
import * as U from "../xmldsig/uris.ts";
import { parseXml } from "./parse-xml.ts";
import { describeDocument } from "./testing/compare-trees.ts";
import { parseWithXmldom } from "./testing/xmldom-reference.ts";

const ROOTS = ["../../../../../shared", "../../../../packages"].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
);
const XML_FILE = /\.(xml|xsd|sch|wsdl|xsl|xslt)$/i;

function xmlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) xmlFiles(path, out);
    else if (XML_FILE.test(name)) out.push(path);
  }
  return out;
}

type Outcome = { ok: true; tree: string[] } | { ok: false; error: unknown };

function attempt(parse: () => Document): Outcome {
  try {
    return { ok: true, tree: describeDocument(parse()) };
  } catch (error) {
    return { ok: false, error };
  }
}

const messageOf = (o: Outcome) => (o.ok ? "accepted" : String((o.error as Error).message ?? o.error));

/** Both accept with identical trees, or both refuse (the reader with MalformedInputError). */
function expectSameOutcome(text: string, label = text): "accepted" | "refused" {
  const old = attempt(() => parseWithXmldom(text));
  const now = attempt(() => parseXml(text).document);
  if (!now.ok) expect(now.error).toBeInstanceOf(MalformedInputError);
  expect({ label, reader: now.ok || messageOf(now) }).toEqual({ label, reader: old.ok || messageOf(now) });
  if (old.ok && now.ok) expect(now.tree).toEqual(old.tree);
  return now.ok ? "accepted" : "refused";
}

/** A clinical-document-like body of about `targetBytes` (as bench/xmldsig.bench.ts builds). */
function clinicalDocument(targetBytes: number): string {
  const entries: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const e = `<entry typeCode="DRIV"><observation classCode="OBS"><id root="2.16.840.1.113883.3.${i}"/><code code="${1000 + i}" displayName="Mērījums ${i} &amp; piezīme"/><value xsi:type="PQ" value="${i}" unit="mmol/L"/><text>Stāvoklis stabils &#x2014; ${i}.</text></observation></entry>\r\n`;
    entries.push(e);
    size += e.length;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- izraksts -->\n<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><title>Izraksts</title><component>\n${entries.join("")}</component></ClinicalDocument>\n<?after end?>\n`;
}

describe("strict reader against xmldom", () => {
  it("builds the same tree for every XML file of the tests and ../shared", () => {
    const files = ROOTS.flatMap((root) => xmlFiles(root));
    expect(files.length).toBeGreaterThan(60);
    let accepted = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      if (expectSameOutcome(text, file) === "accepted") accepted++;
    }
    // A few merlin vectors carry a DOCTYPE, which both refuse; the rest must parse.
    expect(accepted).toBeGreaterThan(files.length - 10);
  });

  it("builds the same tree for a 100 kB clinical document and for its signed form (XAdES-like data)", async () => {
    const body = clinicalDocument(100_000);
    expect(expectSameOutcome(body)).toBe("accepted");
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const signed = await signXml({
      document: parseXml(body).document,
      references: [
        {
          uri: "",
          digestAlgorithm: U.DIGEST_SHA256,
          transforms: [{ algorithm: U.TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: C14N_11 }],
        },
      ],
      canonicalizationAlgorithm: C14N_11,
      signatureAlgorithm: U.SIG_ECDSA_SHA256,
      key: privateKey,
    });
    expect(expectSameOutcome(signed.xml)).toBe("accepted");
  });

  it("agrees on generated documents with every construct XML 1.0 allows without a DTD", () => {
    fc.assert(
      fc.property(documentArbitrary, (text) => {
        expect(expectSameOutcome(text)).toBe("accepted");
      }),
      { numRuns: 400 },
    );
  });

  it("refuses whatever xmldom refuses when generated documents are damaged", () => {
    const damaged = fc
      .tuple(documentArbitrary, fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...DAMAGE))
      .map(([text, at, cut, insert]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(Math.min(text.length, i + cut));
      });
    fc.assert(
      fc.property(damaged, (text) => {
        const old = attempt(() => parseWithXmldom(text));
        const now = attempt(() => parseXml(text).document);
        if (!now.ok) expect(now.error).toBeInstanceOf(MalformedInputError);
        if (!old.ok) expect(now.ok).toBe(false);
        if (old.ok && now.ok) expect(now.tree).toEqual(old.tree);
      }),
      { numRuns: 1500 },
    );
  });
});

const DAMAGE = [
  "",
  "<",
  ">",
  "&",
  "&bogus;",
  "&#0;",
  "&#x110000;",
  '"',
  "'",
  "=",
  "/",
  "</a>",
  "<a>",
  "<!--",
  "-->",
  "--",
  "<![CDATA[",
  "]]>",
  "<?",
  "?>",
  "<?xml version='1.0'?>",
  "<!DOCTYPE a>",
  "xmlns:q=''",
  ' xmlns:z="urn:z"',
  " z:a='1'",
  ":",
  "a:b:c",
  " ",
  "\r",
  "\u00e9",
  "\ud83d\ude00",
];

// ---- a generator of well-formed documents ----

const text = fc.string({
  unit: fc.constantFrom("x", " ", "\n", "\r", "\r\n", "\t", "ž", "\u2014", "\ud83d\ude00", ">", "]"),
  maxLength: 12,
});
const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/]]>/g, "]]&gt;");
const reference = fc.constantFrom(
  "&amp;",
  "&lt;",
  "&gt;",
  "&quot;",
  "&apos;",
  "&#13;",
  "&#x9;",
  "&#10;",
  "&#xD7FF;",
  "&#128512;",
  "&#x1F600;",
);
const attrValue = fc
  .array(
    fc.oneof(
      text.map((s) => s.replace(/[&<"]/g, "")),
      reference,
    ),
    { maxLength: 3 },
  )
  .map((parts) => parts.join(""));
const localName = fc.constantFrom("a", "b", "Ā-ā", "_x.1", "é");
const prefix = fc.constantFrom("", "p", "q", "xml");

interface ElementShape {
  prefix: string;
  local: string;
  declarations: string[];
  attributes: [string, string, string][];
  children: readonly string[];
  quote: string;
  space: string;
}

function renderElement(e: ElementShape): string {
  const tag = e.prefix && e.prefix !== "xml" ? `${e.prefix}:${e.local}` : e.local;
  const seen = new Set<string>();
  const attrs: string[] = [];
  for (const [p, l, v] of e.attributes) {
    const name = p ? `${p}:${l}` : l;
    const key = p === "p" || p === "q" ? `${p}|${l}` : name;
    if (seen.has(key) || seen.has(`p|${l}`) || seen.has(`q|${l}`)) continue;
    seen.add(key);
    attrs.push(`${e.space}${name}${e.space === " " ? "" : " "}=${e.quote}${v}${e.quote}`);
  }
  const open = `<${tag}${e.declarations.join("")}${attrs.join("")}`;
  return e.children.length === 0 ? `${open}/>` : `${open}>${e.children.join("")}</${tag}\n>`;
}

const elementArbitrary: fc.Memo<string> = fc.memo((depth) =>
  fc
    .record({
      prefix,
      local: localName,
      declarations: fc
        .tuple(
          fc.constantFrom("", ' xmlns="urn:d"', ' xmlns=""'),
          fc.subarray([" xmlns:p='urn:p2'", ' xmlns:q="urn:q&amp;2"']),
        )
        .map(([d, prefixed]) => [d, ...prefixed]),
      attributes: fc.array(fc.tuple(fc.constantFrom("", "p", "xml"), localName, attrValue), { maxLength: 3 }),
      children:
        depth > 1
          ? fc.array(
              fc.oneof(
                elementArbitrary(depth - 1),
                text.map(escapeText),
                reference,
                text.map((s) => `<![CDATA[${s.replace(/]]>/g, "")}]]>`),
                text.map((s) => `<!--${s.replace(/-/g, "")}-->`),
                text.map((s) => `<?pi-x ${s.replace(/\?>/g, "")}?>`),
              ),
              { maxLength: 4 },
            )
          : fc.constant([]),
      quote: fc.constantFrom('"', "'"),
      space: fc.constantFrom(" ", "\n\t", "\r\n "),
    })
    .map(renderElement),
);

const documentArbitrary = fc
  .record({
    declaration: fc.constantFrom(
      "",
      '<?xml version="1.0"?>',
      "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\r\n",
    ),
    bom: fc.boolean(),
    before: fc.constantFrom("", "\n", "<!-- c -->\n", "<?pi data?>"),
    root: elementArbitrary(4),
    after: fc.constantFrom("", "\n", "\n<!-- end -->", "<?pi?>\r\n"),
  })
  .map(
    ({ declaration, bom, before, root, after }) =>
      `${bom ? "\ufeff" : ""}${declaration}${before}<root xmlns:p="urn:p" xmlns:q="urn:q">${root}</root>${after}`,
  );
