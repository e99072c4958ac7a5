/**
 * Example calls of every system web service, written from the OpenAPI document itself (DEV-6: a
 * developer starts from a working call): the method and path of each operation, its path
 * parameters and headers filled with the examples the schemas carry, and its body sent from a
 * file. A curl command and a TypeScript (node:https) snippet are rendered from the same request,
 * so neither can name a route or header the listener does not have.
 */
import type { OpenApiDocument, OpenApiOperation, OpenApiParameter } from "./system-openapi.ts";

export interface ExampleRequest {
  /** `GET /system/v1/documents/{id}`: the operation as the OpenAPI document names it. */
  operation: string;
  method: string;
  /** The path with its parameters filled in. */
  path: string;
  headers: Record<string, string>;
  /** The body is read from this file (a signed CDA for a submission). */
  body?: { contentType: string; file: string };
}

/** Files the examples read: the connection certificate, its key, and the e-health system's CA. */
export const EXAMPLE_FILES = {
  certificate: "client.crt",
  key: "client.key",
  ca: "e-health-ca.crt",
} as const;

/** Body files by media type (the only body today is a signed CDA document). */
const BODY_FILES: Record<string, string> = { "application/xml": "signed-document.xml" };

/** A document id for paths that need one (the DocumentMetadata example's shape). */
const EXAMPLE_UUID = "0b7f2c1e-6a55-4a8e-9f0c-3d2b1a0e9f11";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** The operations of the document in its own order, each with its key (`METHOD /path`). */
export function operationsOf(
  document: OpenApiDocument,
): { key: string; method: string; path: string; operation: OpenApiOperation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({
      key: `${m.toUpperCase()} ${path}`,
      method: m.toUpperCase(),
      path,
      operation: item[m] as OpenApiOperation,
    })),
  );
}

/** The example value of a parameter; a parameter without one is a gap in the service description. */
export function exampleValue(parameter: OpenApiParameter): string {
  const schema = parameter.schema ?? {};
  const value =
    parameter.example ??
    schema.examples?.[0] ??
    schema.enum?.[0] ??
    (schema.format === "uuid" ? EXAMPLE_UUID : undefined);
  if (value === undefined)
    throw new Error(
      `the service description gives no example for parameter ${parameter.in}:${parameter.name}`,
    );
  return String(value);
}

export function exampleRequests(document: OpenApiDocument): ExampleRequest[] {
  return operationsOf(document).map(({ key, method, path, operation }) => {
    const parameters = operation.parameters ?? [];
    const filled = parameters
      .filter((p) => p.in === "path")
      .reduce(
        (p, parameter) => p.replace(`{${parameter.name}}`, encodeURIComponent(exampleValue(parameter))),
        path,
      );
    const headers = Object.fromEntries(
      parameters.filter((p) => p.in === "header").map((p) => [p.name, exampleValue(p)]),
    );
    const contentType = Object.keys(operation.requestBody?.content ?? {})[0];
    const request: ExampleRequest = { operation: key, method, path: filled, headers };
    if (contentType) {
      const file = BODY_FILES[contentType];
      if (!file) throw new Error(`no example body file for ${contentType} (${key})`);
      request.body = { contentType, file };
    }
    return request;
  });
}

/** Single-quoted for a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function curlExample(request: ExampleRequest, base: string): string {
  const lines = [
    `curl --cert ${EXAMPLE_FILES.certificate} --key ${EXAMPLE_FILES.key} --cacert ${EXAMPLE_FILES.ca}`,
  ];
  // curl sends GET, and POST when it has data; any other method is named.
  if (request.method !== "GET" && !(request.method === "POST" && request.body))
    lines.push(`-X ${request.method}`);
  for (const [name, value] of Object.entries(request.headers))
    lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (request.body)
    lines.push(
      `-H ${shellQuote(`content-type: ${request.body.contentType}`)}`,
      `--data-binary @${request.body.file}`,
    );
  lines.push(shellQuote(`${base}${request.path}`));
  return lines.join(" \\\n  ");
}

export function typeScriptExample(request: ExampleRequest, base: string): string {
  const headers = {
    ...request.headers,
    ...(request.body ? { "content-type": request.body.contentType } : {}),
  };
  const headerLines = Object.entries(headers).map(
    ([name, value]) => `      ${JSON.stringify(name)}: ${JSON.stringify(value)},`,
  );
  return [
    `import { readFileSync } from "node:fs";`,
    `import { request } from "node:https";`,
    "",
    "const req = request(",
    `  ${JSON.stringify(`${base}${request.path}`)},`,
    "  {",
    `    method: ${JSON.stringify(request.method)},`,
    `    cert: readFileSync(${JSON.stringify(EXAMPLE_FILES.certificate)}),`,
    `    key: readFileSync(${JSON.stringify(EXAMPLE_FILES.key)}),`,
    `    ca: readFileSync(${JSON.stringify(EXAMPLE_FILES.ca)}),`,
    ...(headerLines.length > 0 ? ["    headers: {", ...headerLines, "    },"] : []),
    "  },",
    "  (res) => {",
    `    let body = "";`,
    `    res.setEncoding("utf8");`,
    `    res.on("data", (chunk: string) => (body += chunk));`,
    `    res.on("end", () => console.log(res.statusCode, res.headers["content-type"], body));`,
    "  },",
    ");",
    `req.on("error", (error) => console.error(error));`,
    request.body ? `req.end(readFileSync(${JSON.stringify(request.body.file)}));` : "req.end();",
  ].join("\n");
}
