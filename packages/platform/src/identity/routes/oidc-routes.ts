/**
 * Mounts oidc-provider (a Koa application) inside Fastify. Its endpoints live under /oidc and its
 * discovery document at /.well-known/openid-configuration (DESIGN.md: the platform answers there).
 * The request is handed over raw: Fastify must not read the body (oidc-provider parses it with
 * its own size limit), so this scope has a content-type parser that leaves the stream alone.
 * Forwarded headers are set from publicUrl, overwriting whatever the client sent, so every URL the
 * provider prints matches the issuer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type Provider from "oidc-provider";
import type { RequestWithLanguage } from "../provider.ts";

export async function registerOidcRoutes(
  app: FastifyInstance,
  getProvider: () => Provider,
  publicUrl: string,
): Promise<void> {
  const base = new URL(publicUrl);
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null, undefined));

    const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
      const raw = request.raw as RequestWithLanguage;
      raw.tiltsLanguage = request.language;
      raw.headers["x-forwarded-host"] = base.host;
      raw.headers["x-forwarded-proto"] = base.protocol.replace(":", "");
      // A hijacked reply skips helmet's headers: set the essentials here. No form-action limit:
      // the logout form's redirect goes to the relying party's registered address.
      reply.raw.setHeader(
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
      );
      reply.raw.setHeader("x-content-type-options", "nosniff");
      reply.raw.setHeader("referrer-policy", "no-referrer");
      reply.hijack();
      const provider = getProvider();
      await provider.callback()(raw, reply.raw);
    };

    scope.get("/.well-known/openid-configuration", { schema: { hide: true } }, handOver);
    scope.all("/oidc/*", { schema: { hide: true } }, handOver);
  });
}
