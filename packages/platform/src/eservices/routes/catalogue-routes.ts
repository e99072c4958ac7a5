/**
 * The public catalogue's routes (ESV-1), reachable without sign-in — each declares
 * `config.access: PUBLIC`, reviewed in route-access.int.test.ts. They only read registered
 * e-services; nothing here changes data. Queries are bounded (length, words, results).
 */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import { PUBLIC } from "../../http/route-access.ts";
import { pageContext } from "../../web/layout.tsx";
import { catalogueEntryJson, findCatalogueEntry, MAX_QUERY_LENGTH, searchCatalogue } from "../catalogue.ts";
import { dcatCatalogue } from "../core/dcat-feed.ts";
import { isIdentifier } from "../core/identifier.ts";
import { AUDIENCES, CHANNELS } from "../core/registration-form.ts";
import type { EservicesDatabase } from "../database.ts";
import { cataloguePage, eserviceNotFoundPage, eservicePage } from "../pages/catalogue-page.tsx";

const Texts = Type.Object({ lv: Type.String(), en: Type.String() });

/** The response of GET /api/eservices: one object per registered e-service. */
export const CatalogueResponse = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  eservices: Type.Array(
    Type.Object({
      identifier: Type.String({ pattern: "^ESP-[0-9]{4}-[0-9]{5}$" }),
      name: Texts,
      description: Texts,
      audiences: Type.Array(Type.Union(AUDIENCES.map((a) => Type.Literal(a)))),
      channels: Type.Array(Type.Union(CHANNELS.map((c) => Type.Literal(c)))),
      legal_basis: Type.String(),
      institution: Type.Object({ registration_number: Type.String(), name: Type.String() }),
      registered_at: Type.String({ format: "date-time" }),
    }),
  ),
});

const CatalogueQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH })),
  audience: Type.Optional(Type.Union([...AUDIENCES.map((a) => Type.Literal(a)), Type.Literal("")])),
  lang: Type.Optional(Type.String({ maxLength: 5 })),
});

interface Query {
  q?: string;
  audience?: (typeof AUDIENCES)[number] | "";
}

export interface CatalogueRouteOptions {
  db: Kysely<EservicesDatabase>;
  /** PUBLIC_URL: the feed's identifiers are absolute. */
  publicUrl: string;
}

export async function catalogueRoutes(app: FastifyInstance, options: CatalogueRouteOptions): Promise<void> {
  const { db, publicUrl } = options;
  const search = (query: Query) =>
    searchCatalogue(db, { q: query.q ?? "", ...(query.audience ? { audience: query.audience } : {}) });

  app.get<{ Querystring: Query }>(
    "/eservices",
    { config: { access: PUBLIC }, schema: { querystring: CatalogueQuery, hide: true } },
    async (request, reply) => {
      const entries = await search(request.query);
      return reply.type("text/html; charset=utf-8").send(
        cataloguePage(pageContext(request.language, request.url), entries, {
          q: request.query.q ?? "",
          audience: request.query.audience || undefined,
        }),
      );
    },
  );

  app.get<{ Querystring: Query }>(
    "/api/eservices",
    {
      config: { access: PUBLIC },
      schema: {
        summary: "The registered e-services (ESV-1), optionally searched by words and audience",
        tags: ["eservices"],
        querystring: CatalogueQuery,
        response: { 200: CatalogueResponse },
      },
    },
    async (request) => {
      const entries = await search(request.query);
      return { count: entries.length, eservices: entries.map(catalogueEntryJson) };
    },
  );

  app.get(
    "/eservices/catalogue.dcat.jsonld",
    { config: { access: PUBLIC }, schema: { hide: true } },
    async (_request, reply) => {
      const entries = await searchCatalogue(db);
      return reply
        .type("application/ld+json; charset=utf-8")
        .send(JSON.stringify(dcatCatalogue(entries, publicUrl, "Tilts")));
    },
  );

  app.get<{ Params: { identifier: string } }>(
    "/eservices/:identifier",
    {
      config: { access: PUBLIC },
      schema: { params: Type.Object({ identifier: Type.String({ maxLength: 40 }) }), hide: true },
    },
    async (request, reply) => {
      const ctx = pageContext(request.language, request.url);
      const entry = isIdentifier(request.params.identifier)
        ? await findCatalogueEntry(db, request.params.identifier)
        : undefined;
      if (!entry) return reply.code(404).type("text/html; charset=utf-8").send(eserviceNotFoundPage(ctx));
      return reply.type("text/html; charset=utf-8").send(eservicePage(ctx, entry));
    },
  );
}
