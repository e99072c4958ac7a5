/**
 * The OpenAPI document of the system web services as the technical portal publishes it on the web
 * port (ANX2-13, DEV-6). It is not a copy: the listener's own route registration
 * (`registerSystemRoutes`) runs on a Fastify instance that never listens, and @fastify/swagger
 * turns the same typebox schemas into the same document the mutual-TLS listener serves at
 * `/system/v1/openapi.json`. Built once per process: the document changes only with the code.
 */
import Fastify from "fastify";
import type { Kysely } from "kysely";
import { DEFAULT_COPYING_SETTINGS } from "../copying/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import type { UploadCheckPorts } from "../documents/index.ts";
import { registerSystemRoutes } from "../system-access/routes.ts";

/** The parts of OpenAPI 3.1 the portal's pages read (the document carries more). */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
}

export interface OpenApiParameter {
  name: string;
  in: "header" | "path" | "query" | "cookie";
  required?: boolean;
  description?: string;
  /** @fastify/swagger moves a header schema's first example here. */
  example?: unknown;
  schema?: { type?: string; format?: string; enum?: string[]; examples?: unknown[] };
}

export interface OpenApiOperation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { description?: string; content?: Record<string, unknown> };
  responses: Record<string, { description?: string; content?: Record<string, unknown> }>;
}

/** This instance serves no request: a port that is called means a handler ran where none may. */
const NO_CHECKS_HERE = "the technical portal's OpenAPI instance checks no documents";
const NO_DOCUMENT_CHECKS: UploadCheckPorts = {
  schema: {
    validate: () => Promise.reject(new Error(NO_CHECKS_HERE)),
    validateHardened: () => {
      throw new Error(NO_CHECKS_HERE);
    },
  },
  trust: { anchors: () => [] },
};

let built: Promise<OpenApiDocument> | undefined;

/**
 * The document the listener serves. The database handle is only held by the route registration
 * (its handlers, which never run here, would use it).
 */
export function systemOpenApiDocument(db: Kysely<Database>): Promise<OpenApiDocument> {
  built ??= build(db).catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function build(db: Kysely<Database>): Promise<OpenApiDocument> {
  const app = Fastify({ logger: false });
  try {
    await registerSystemRoutes(app, {
      db,
      documents: NO_DOCUMENT_CHECKS,
      bindingOf: () => undefined,
      now: () => new Date(),
      copying: DEFAULT_COPYING_SETTINGS,
    });
    await app.ready();
    return app.swagger() as unknown as OpenApiDocument;
  } finally {
    await app.close();
  }
}
