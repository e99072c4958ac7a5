/**
 * The API reference for people (ANX2-13, DEV-6), rendered from the OpenAPI document the listener
 * serves: each operation with its address, parameters, request body, answers and refusal type,
 * and example calls in curl and TypeScript. On the Latvian page the document's English texts are
 * replaced by their Latvian ones (messages.ts); addresses, header names and code stay as they are.
 */
import type { PageContext } from "../../web/layout.tsx";
import { PROBLEM_TYPE_PREFIX } from "../system-access/web-services/problems.ts";
import { ANX2_20 } from "../system-access/web-services/schemas.ts";
import { TECHNICAL_PORTAL_MESSAGES } from "./messages.ts";
import { TECHNICAL_PORTAL_PATHS } from "./paths.ts";
import { portalPage, ScrollBox } from "./portal-page.tsx";
import {
  curlExample,
  type ExampleRequest,
  exampleRequests,
  exampleValue,
  operationsOf,
  typeScriptExample,
} from "./request-examples.ts";
import type { OpenApiDocument, OpenApiOperation } from "./system-openapi.ts";

/** `GET /system/v1/documents/{id}` → `get-system-v1-documents-id`, an id for the heading. */
function anchorOf(key: string): string {
  return key
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function Operation(props: {
  ctx: PageContext;
  operationKey: string;
  operation: OpenApiOperation;
  example: ExampleRequest;
  base: string;
}) {
  const { ctx, operationKey, operation, example, base } = props;
  const all = TECHNICAL_PORTAL_MESSAGES[ctx.language];
  const t = all.api;
  const lv = ctx.language === "lv";
  const id = anchorOf(operationKey);
  const summary = (lv ? all.operations[operationKey] : operation.summary) ?? operationKey;
  const parameters = operation.parameters ?? [];
  const hasProblems = Object.values(operation.responses).some((r) => r.content?.["application/problem+json"]);
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{summary}</h2>
      <p>
        {t.address}: <code>{operationKey}</code>
      </p>
      {!lv && operation.description && <p>{operation.description}</p>}
      {lv && operation.description?.includes(ANX2_20) && <p>{all.personalData}</p>}
      {parameters.length > 0 && (
        <ScrollBox label={`${t.parameters}: ${operationKey}`}>
          <table>
            <caption>{t.parameters}</caption>
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.where}</th>
                <th scope="col">{t.required}</th>
                <th scope="col">{t.description}</th>
                <th scope="col">{t.example}</th>
              </tr>
            </thead>
            <tbody>
              {parameters.map((p) => (
                <tr key={`${p.in}:${p.name}`}>
                  <td>
                    <code>{p.name}</code>
                  </td>
                  <td>{t.in[p.in] ?? p.in}</td>
                  <td>{p.required ? t.yes : t.no}</td>
                  <td>{lv ? all.parameters[p.name] : (p.description ?? "")}</td>
                  <td>
                    <code>{exampleValue(p)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {operation.requestBody && (
        <p>
          {t.body}: {lv ? all.bodyDescription : requestBodyDescription(operation)}
        </p>
      )}
      <table>
        <caption>{t.responses}</caption>
        <thead>
          <tr>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.description}</th>
            <th scope="col">{t.mediaType}</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(operation.responses).map(([status, response]) => (
            <tr key={status}>
              <td>{status}</td>
              <td>{lv ? all.statuses[status] : (response.description ?? "")}</td>
              <td>
                {Object.keys(response.content ?? {}).map((type) => (
                  <code key={type}>{type} </code>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasProblems && (
        <p>
          <code>{t.problemType(PROBLEM_TYPE_PREFIX)}</code>
        </p>
      )}
      <h3>{t.curl}</h3>
      <ScrollBox label={`${t.curl}: ${operationKey}`}>
        <pre>
          <code>{curlExample(example, base)}</code>
        </pre>
      </ScrollBox>
      <h3>{t.typeScript}</h3>
      <ScrollBox label={`${t.typeScript}: ${operationKey}`}>
        <pre>
          <code>{typeScriptExample(example, base)}</code>
        </pre>
      </ScrollBox>
    </section>
  );
}

function requestBodyDescription(operation: OpenApiOperation): string {
  const content = operation.requestBody?.content ?? {};
  return Object.entries(content)
    .map(([type, media]) => {
      const described = (media as { schema?: { description?: string } }).schema?.description;
      return described ? `${described} (${type})` : type;
    })
    .join("; ");
}

/** `base`: the address of the system services, e.g. `https://e-veseliba.example:8443`. */
export function apiPage(ctx: PageContext, document: OpenApiDocument, base: string): string {
  const t = TECHNICAL_PORTAL_MESSAGES[ctx.language].api;
  const examples = exampleRequests(document);
  return portalPage(
    ctx,
    "api",
    t.title,
    <>
      <p class="lead">{t.intro}</p>
      <p>
        <a href={TECHNICAL_PORTAL_PATHS.openApi} download="tilts-system-services.openapi.json">
          {t.download}
        </a>
      </p>
      {operationsOf(document).map(({ key, operation }, index) => (
        <Operation
          key={key}
          ctx={ctx}
          operationKey={key}
          operation={operation}
          example={examples[index] as ExampleRequest}
          base={base}
        />
      ))}
    </>,
  );
}
