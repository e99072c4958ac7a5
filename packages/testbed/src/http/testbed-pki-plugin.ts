/**
 * Fastify plugin serving the test PKI over HTTP, as LVRTC serves the real one:
 *   GET  /crl/<ca>.crl            a fresh CRL (application/pkix-crl)      — CDP URLs
 *   GET  /ca/<ca>.crt             the CA certificate (application/pkix-cert) — AIA caIssuers
 *   POST /ocsp, GET /ocsp/<b64>   RFC 6960 responder (Appendix A)          — AIA OCSP
 *   POST /tsa                     RFC 3161 TSA (application/timestamp-query → -reply; RFC 3161 §3.4)
 *   POST /revoke                  {serial, reason?, at?} → the revocation record (SIG-4)
 *   POST /release-hold            {serial} → lifts a certificateHold (suspension)
 *   GET  /                        a JSON index of the above
 * Mount it under a prefix: `app.register(testbedPkiPlugin, { prefix: "/testbed", stateDir })`.
 * The state directory is consulted on every request, so a revocation made by `tilts testbed
 * revoke` in another process shows on the very next CRL or OCSP answer.
 */
import { timingSafeEqual } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { isRevocationReason, revocationReasonCodes } from "@tilts/trust";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from "fastify";
import { buildCrl } from "../pki/crl-builder.ts";
import { nameToString } from "../pki/names.ts";
import { respondToOcspRequest } from "../pki/ocsp-responder.ts";
import { type CaId, caIds, urlsOf } from "../pki/profiles.ts";
import { NotOnHoldError, type PkiRuntimeOptions, TestPki, UnknownCertificateError } from "../pki/test-pki.ts";
import { respondToTimeStampRequest } from "../pki/time-stamp-authority.ts";
import { pkiIndexPage } from "./pki-index-page.ts";
import { pageLanguage } from "./testbed-page.ts";
import { registerTrustedListRoutes } from "./trusted-list-routes.ts";

export interface TestbedPkiPluginOptions extends PkiRuntimeOptions {
  /** The test PKI's state directory (default layout: `<data-dir>/testbed/pki`). */
  stateDir: string;
  /**
   * When set and the state directory holds no PKI yet, one is created on first use with this
   * base URL in its CDP/AIA extensions (e.g. "http://127.0.0.1:3000/testbed").
   */
  createWithBaseUrl?: string;
  /** Serve POST /revoke (default true). Never expose a testbed in production. */
  revokeEndpoint?: boolean;
  /** When set, POST /revoke requires `Authorization: Bearer <revokeToken>`. */
  revokeToken?: string;
}

const MAX_BINARY_BODY = 64 * 1024;
const CA_FILE = new RegExp(`^(${caIds.join("|")})\\.(crl|crt)$`);

/** Keeps one TestPki per state directory, reloaded when pki.json is replaced. */
function pkiSource(options: TestbedPkiPluginOptions): () => TestPki | undefined {
  let current: { pki: TestPki; mtimeMs: number } | undefined;
  const manifest = join(options.stateDir, "pki.json");
  return () => {
    if (!existsSync(manifest)) {
      if (!options.createWithBaseUrl) return undefined;
      TestPki.create(options.stateDir, { ...options, baseUrl: options.createWithBaseUrl });
    }
    const mtimeMs = statSync(manifest).mtimeMs;
    if (!current || current.mtimeMs !== mtimeMs)
      current = { pki: TestPki.load(options.stateDir, options), mtimeMs };
    return current.pki;
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith("Bearer ") ? header.slice(7) : "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function sendDer(reply: FastifyReply, type: string, body: Uint8Array) {
  // Every answer reflects the store at this instant (SIG-4): never let a cache hold it.
  return reply.header("content-type", type).header("cache-control", "no-store").send(Buffer.from(body));
}

export const testbedPkiPlugin: FastifyPluginAsync<TestbedPkiPluginOptions> = async (
  app: FastifyInstance,
  options,
) => {
  const getPki = pkiSource(options);
  const pki = (reply: FastifyReply): TestPki | undefined => {
    const found = getPki();
    if (!found)
      void reply
        .code(503)
        .send({ error: "testbed-pki-missing", message: "no test PKI in the state directory" });
    return found;
  };

  app.addContentTypeParser(
    ["application/ocsp-request", "application/timestamp-query"],
    { parseAs: "buffer", bodyLimit: MAX_BINARY_BODY },
    (_request, body, done) => done(null, body),
  );

  app.get("/", async (request, reply) => {
    const p = pki(reply);
    if (!p) return reply;
    const base = p.baseUrl.replace(/\/+$/, "");
    const index = {
      cas: caIds.map((id) => ({ id, subject: nameToString(p.ca(id).name), ...urlsOf(p.baseUrl, id) })),
      ocsp: urlsOf(p.baseUrl, "root").ocsp,
      tsa: `${base}/tsa`,
      revoke: options.revokeEndpoint === false ? undefined : `${base}/revoke`,
    };
    // A browser (the platform's home page links here) asks for text/html by name and gets a page;
    // tools (curl's */*, fetch's default, application/json) keep the JSON.
    if (/\btext\/html\b/.test(request.headers.accept ?? "")) {
      const page = pkiIndexPage(
        pageLanguage(request),
        { ...index, trustedLists: [`${base}/tl/LV.xml`, `${base}/tl/lotl.xml`] },
        `${app.prefix}/`,
      );
      return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(page);
    }
    return index;
  });

  for (const folder of ["crl", "ca"] as const) {
    app.get<{ Params: { file: string } }>(`/${folder}/:file`, async (request, reply) => {
      const match = CA_FILE.exec(request.params.file);
      if (!match || (folder === "crl") !== (match[2] === "crl"))
        return reply.code(404).send({ error: "not-found" });
      const p = pki(reply);
      if (!p) return reply;
      const caId = match[1] as CaId;
      return folder === "crl"
        ? sendDer(reply, "application/pkix-crl", buildCrl(p, caId))
        : sendDer(reply, "application/pkix-cert", p.ca(caId).certificate);
    });
  }

  registerTrustedListRoutes(app, pki);

  app.post("/ocsp", async (request, reply) => {
    if (!Buffer.isBuffer(request.body))
      return reply.code(415).send({ error: "expected application/ocsp-request" });
    const p = pki(reply);
    if (!p) return reply;
    return sendDer(reply, "application/ocsp-response", respondToOcspRequest(p, request.body));
  });

  // RFC 6960 Appendix A.1: GET {url}/{url-encoding of base-64 encoding of the DER OCSPRequest}.
  app.get<{ Params: { "*": string } }>("/ocsp/*", async (request, reply) => {
    const p = pki(reply);
    if (!p) return reply;
    let der: Uint8Array;
    try {
      der = new Uint8Array(Buffer.from(decodeURIComponent(request.params["*"]), "base64"));
    } catch {
      der = new Uint8Array(0);
    }
    return sendDer(reply, "application/ocsp-response", respondToOcspRequest(p, der));
  });

  app.post("/tsa", async (request, reply) => {
    if (!Buffer.isBuffer(request.body))
      return reply.code(415).send({ error: "expected application/timestamp-query" });
    const p = pki(reply);
    if (!p) return reply;
    return sendDer(reply, "application/timestamp-reply", respondToTimeStampRequest(p, request.body));
  });

  if (options.revokeEndpoint !== false) {
    app.post<{ Body: { serial: string; reason?: string; at?: string } }>(
      "/revoke",
      {
        schema: {
          body: {
            type: "object",
            additionalProperties: false,
            required: ["serial"],
            properties: {
              serial: { type: "string", minLength: 1, maxLength: 100, pattern: "^[0-9A-Fa-f:\\s]+$" },
              reason: { type: "string", enum: Object.keys(revocationReasonCodes) },
              at: { type: "string", format: "date-time" },
            },
          },
        },
      },
      async (request, reply) => {
        if (
          options.revokeToken !== undefined &&
          !bearerMatches(request.headers.authorization, options.revokeToken)
        ) {
          return reply.code(401).header("www-authenticate", "Bearer").send({ error: "unauthorized" });
        }
        const p = pki(reply);
        if (!p) return reply;
        const { serial, reason, at } = request.body;
        if (reason !== undefined && !isRevocationReason(reason))
          return reply.code(400).send({ error: "bad-reason" });
        try {
          return p.revoke(serial, reason ?? "unspecified", at ? new Date(at) : undefined);
        } catch (error) {
          if (error instanceof UnknownCertificateError) {
            return reply.code(404).send({ error: error.code, message: error.message });
          }
          throw error;
        }
      },
    );

    app.post<{ Body: { serial: string } }>(
      "/release-hold",
      {
        schema: {
          body: {
            type: "object",
            additionalProperties: false,
            required: ["serial"],
            properties: {
              serial: { type: "string", minLength: 1, maxLength: 100, pattern: "^[0-9A-Fa-f:\\s]+$" },
            },
          },
        },
      },
      async (request, reply) => {
        if (
          options.revokeToken !== undefined &&
          !bearerMatches(request.headers.authorization, options.revokeToken)
        ) {
          return reply.code(401).header("www-authenticate", "Bearer").send({ error: "unauthorized" });
        }
        const p = pki(reply);
        if (!p) return reply;
        try {
          return { released: p.releaseHold(request.body.serial).serial };
        } catch (error) {
          if (error instanceof UnknownCertificateError)
            return reply.code(404).send({ error: error.code, message: error.message });
          if (error instanceof NotOnHoldError)
            return reply.code(409).send({ error: error.code, message: error.message });
          throw error;
        }
      },
    );
  }
};
