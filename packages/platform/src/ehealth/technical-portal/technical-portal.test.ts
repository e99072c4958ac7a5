/**
 * The technical portal's pure parts: the example calls written from the OpenAPI document name
 * only its routes and headers; every operation and parameter has its Latvian text; the security
 * rules follow the configuration; the test persons data set is RFC 4180 CSV and JSON of
 * synthetic people with the demo's roles.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_KEY_POLICY } from "../system-access/index.ts";
import { TECHNICAL_PORTAL_MESSAGES } from "./messages.ts";
import { curlExample, exampleRequests, operationsOf, typeScriptExample } from "./request-examples.ts";
import { securityRules } from "./security-rules.ts";
import { type OpenApiDocument, systemOpenApiDocument } from "./system-openapi.ts";
import { testPersonRows, testPersonsCsv, testPersonsJson } from "./test-persons.ts";

const BASE = "https://e-veseliba.example:8443";
// The registration never touches the database; the handlers that would are not called.
const documentOf = (): Promise<OpenApiDocument> => systemOpenApiDocument({} as never);

describe("example calls", () => {
  it("call every operation of the document on its own path, with its headers and body", async () => {
    const document = await documentOf();
    const operations = operationsOf(document);
    expect(operations.map((o) => o.key)).toEqual(
      expect.arrayContaining([
        "GET /system/v1/whoami",
        "POST /system/v1/documents",
        "GET /system/v1/rights/{action}",
      ]),
    );
    const examples = exampleRequests(document);
    expect(examples).toHaveLength(operations.length);
    for (const [index, { method, path, operation }] of operations.entries()) {
      const example = examples[index]!;
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/{}]+")}$`);
      expect(example.method).toBe(method);
      expect(example.path).toMatch(pattern);
      const headerNames = (operation.parameters ?? []).filter((p) => p.in === "header").map((p) => p.name);
      expect(Object.keys(example.headers).sort()).toEqual(headerNames.sort());

      const curl = curlExample(example, BASE);
      expect(curl).toContain("--cert client.crt --key client.key --cacert e-health-ca.crt");
      expect(curl).toContain(`'${BASE}${example.path}'`);
      for (const [name, value] of Object.entries(example.headers))
        expect(curl).toContain(`-H '${name}: ${value}'`);
      const ts = typeScriptExample(example, BASE);
      expect(ts).toContain(JSON.stringify(`${BASE}${example.path}`));
      expect(ts).toContain(`method: ${JSON.stringify(method)}`);
      for (const name of headerNames) expect(ts).toContain(JSON.stringify(name));
    }
    const submit = examples.find((e) => e.operation === "POST /system/v1/documents")!;
    expect(curlExample(submit, BASE)).toContain(
      "-H 'content-type: application/xml' \\\n  --data-binary @signed-document.xml",
    );
    expect(typeScriptExample(submit, BASE)).toContain('req.end(readFileSync("signed-document.xml"));');
  });

  it("quote header values for the shell", () => {
    const curl = curlExample(
      { operation: "GET /x", method: "GET", path: "/x", headers: { a: "it's" } },
      BASE,
    );
    expect(curl).toContain(`-H 'a: it'\\''s'`);
  });

  it("have a Latvian text for every operation and parameter of the document", async () => {
    const lv = TECHNICAL_PORTAL_MESSAGES.lv;
    for (const { key, operation } of operationsOf(await documentOf())) {
      expect(lv.operations[key], key).toBeTruthy();
      for (const p of operation.parameters ?? [])
        expect(lv.parameters[p.name], `${key} ${p.name}`).toBeTruthy();
      for (const status of Object.keys(operation.responses))
        expect(lv.statuses[status], `${key} ${status}`).toBeTruthy();
    }
  });
});

describe("security rules", () => {
  it("follow the configuration and the listener's TLS settings", () => {
    const config = {
      systemAccessMinRsaBits: 3072,
      systemAccessMinEcBits: 384,
      systemAccessCrlRefreshSeconds: 1800,
      systemAccessPort: 8443,
    };
    const rules = securityRules(config);
    expect(rules.tlsVersions).toEqual(["TLSv1.2", "TLSv1.3"]);
    expect(rules.minRsaBits).toBe(3072);
    expect(rules.curves).toEqual(["P-384", "P-521"]);
    expect(rules.crlRefreshSeconds).toBe(1800);
    expect(rules.tls12Ciphers.every((c) => /GCM|CHACHA20-POLY1305/.test(c))).toBe(true);
    expect(rules.signatureAlgorithms.some((a) => /sha1/i.test(a))).toBe(false);
    expect(securityRules({ ...config, systemAccessMinEcBits: DEFAULT_KEY_POLICY.minEcBits }).curves).toEqual([
      "P-256",
      "P-384",
      "P-521",
    ]);
  });
});

describe("test persons data set", () => {
  it("lists the demo's staff with their roles and the patients with where they are treated", () => {
    const rows = testPersonRows();
    const roles = new Set(rows.map((r) => r.role));
    for (const role of ["operator", "institution-administrator", "doctor", "nurse", "pharmacist", "patient"])
      expect(roles).toContain(role);
    expect(new Set(rows.map((r) => r.personalCode)).size).toBe(rows.length);
    expect(rows.filter((r) => r.role === "patient").every((r) => r.institution !== null)).toBe(true);
    expect(rows.filter((r) => r.role === "operator").every((r) => r.institution === null)).toBe(true);
  });

  it("writes RFC 4180 CSV and JSON with the same people", () => {
    const rows = testPersonRows();
    const csv = testPersonsCsv(rows);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "personal_code,given_name,family_name,birth_date,gender,role,institution_registration_number,institution_name",
    );
    expect(lines).toHaveLength(rows.length + 2); // header, rows, the empty rest after the last CRLF
    expect(lines[1]!.startsWith(`${rows[0]!.personalCode},`)).toBe(true);
    const quoted = testPersonsCsv([{ ...rows[0]!, givenName: 'Anna, "Annija"' }]);
    expect(quoted).toContain(`,"Anna, ""Annija""",`);
    const json = JSON.parse(testPersonsJson(rows)) as { synthetic: boolean; persons: unknown[] };
    expect(json.synthetic).toBe(true);
    expect(json.persons).toEqual(rows);
  });
});
