/**
 * CDA schema validation (ANX2-12) per document: the HL7 sample CCD (shared specs, read in place)
 * against the CDA R2 + SDTC schema shipped in packages/platform/schemas/cda. Measured in the
 * same run:
 *  - the hardened parser alone (@tilts/trust `parseXml`), stage 1 of every validation;
 *  - `createCdaSchemaValidator().validate()`: stage 1 plus libxml2-wasm against the schema
 *    compiled once per process; the compilation itself is timed once, in a fresh process so the
 *    cache of this one does not hide it;
 *  - libxml2-wasm's stage alone (parse the text into libxml2, validate, dispose), on a schema
 *    compiled here with libxml2-wasm's own file provider;
 *  - the previous path, xmllint-wasm's `validateXML` with every .xsd preloaded, which compiles
 *    the schema again on every call (kept as a devDependency only for this comparison).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ParseOption, XmlDocument, XsdValidator } from "libxml2-wasm";
import { xmlRegisterFsInputProviders } from "libxml2-wasm/lib/nodejs.mjs";
import { validateXML } from "xmllint-wasm";
import {
  CDA_ROOT_SCHEMA,
  createCdaSchemaValidator,
  defaultCdaSchemaDir,
} from "../packages/platform/src/ehealth/core/cda-schema.ts";
import { parseXml } from "../packages/trust/src/xml/parse-xml.ts";
import { formatRate, measure, median } from "./measure.ts";

const SAMPLE = readFileSync(
  fileURLToPath(new URL("../../shared/specs/cda/sampleCCD.xml", import.meta.url)),
  "utf8",
);
const VALIDATOR_MODULE = fileURLToPath(
  new URL("../packages/platform/src/ehealth/core/cda-schema.ts", import.meta.url),
);
const REPO = fileURLToPath(new URL("..", import.meta.url));

/** Milliseconds a fresh process spends in its first createCdaSchemaValidator (read + compile). */
function compileOnceMs(): number {
  const script = `
    const { createCdaSchemaValidator } = await import(${JSON.stringify(VALIDATOR_MODULE)});
    const start = performance.now();
    await createCdaSchemaValidator();
    console.log(performance.now() - start);
  `;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: REPO,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`compile probe failed: ${result.stderr}`);
  return Number(result.stdout.trim());
}

export default async function bench(): Promise<void> {
  const schemaDir = defaultCdaSchemaDir();
  const preload = readdirSync(schemaDir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".xsd"))
    .map((name) => ({
      fileName: name.split("\\").join("/"),
      contents: readFileSync(join(schemaDir, name), "utf8"),
    }));
  const root = preload.find((f) => f.fileName === CDA_ROOT_SCHEMA)!;
  const others = preload.filter((f) => f !== root);

  const validator = await createCdaSchemaValidator();
  const check = await validator.validate(SAMPLE);
  if (!check.valid) throw new Error(`the sample does not validate: ${JSON.stringify(check.errors)}`);
  const old = await validateXML({
    xml: { fileName: "document.xml", contents: SAMPLE },
    schema: root,
    preload: others,
  });
  if (!old.valid) throw new Error(`xmllint-wasm refuses the sample: ${old.rawOutput}`);

  const compiles = [compileOnceMs(), compileOnceMs(), compileOnceMs()];
  console.log(`sample CCD ${(SAMPLE.length / 1024).toFixed(0)} kB; schema: ${preload.length} .xsd files`);
  console.log(
    `${"schema read + compiled once per process (3 runs)".padEnd(48)} ${compiles.map((ms) => ms.toFixed(0)).join(", ")} ms (median ${median(compiles).toFixed(0)})`,
  );
  const parse = await measure(() => parseXml(SAMPLE), 5, 500);
  console.log(formatRate("stage 1 only: hardened parser (parseXml)", parse));
  const current = await measure(() => validator.validate(SAMPLE), 5, 500);
  console.log(formatRate("validate(): parser + libxml2-wasm, compiled", current));
  xmlRegisterFsInputProviders();
  const rootPath = join(schemaDir, CDA_ROOT_SCHEMA);
  const xsd = XsdValidator.fromDoc(
    XmlDocument.fromBuffer(readFileSync(rootPath), { url: pathToFileURL(rootPath).href }),
  );
  const utf8 = new TextEncoder().encode(SAMPLE);
  const libxml2Only = await measure(
    () => {
      const doc = XmlDocument.fromBuffer(utf8, { option: ParseOption.XML_PARSE_NONET });
      try {
        xsd.validate(doc);
      } finally {
        doc.dispose();
      }
    },
    5,
    500,
  );
  console.log(formatRate("stage 2 only: libxml2-wasm parse + validate", libxml2Only));
  const previous = await measure(
    () => validateXML({ xml: { fileName: "document.xml", contents: SAMPLE }, schema: root, preload: others }),
    3,
    1000,
  );
  console.log(formatRate("previous: xmllint-wasm validateXML per call", previous));
  console.log(
    `${"previous upload path (parser + xmllint-wasm)".padEnd(48)} ${(parse.msPerOp + previous.msPerOp).toFixed(3).padStart(27)} ms/op`,
  );
}
