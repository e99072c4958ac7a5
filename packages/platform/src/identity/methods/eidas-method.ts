/**
 * eIDAS (AUTH-6): a foreign person picks the country that issued their eID; we send that
 * country's node a signed AuthnRequest (SAML HTTP-POST binding) asking for the minimum data set
 * and the level the relying party needs; the node answers at /signin/callback/eidas with a
 * signed Response carrying an encrypted, signed assertion (core/eidas-response.ts checks it).
 *
 * State: RelayState is `<attempt state>.<country>.<level>`; the AuthnRequest ID is a hash of the
 * attempt's secret nonce with the country and the level (core/eidas-request.ts requestIdOf), so a
 * RelayState whose country or level was changed no longer matches the signed InResponseTo, and
 * the attempt row (single use) makes every Response usable once.
 */

import { pageContext } from "../../web/layout.tsx";
import { signedConnectorMetadata } from "../core/eidas-metadata.ts";
import { requestIdOf, signedAuthnRequest } from "../core/eidas-request.ts";
import { type EidasRefusalCode, EidasResponseError, validateEidasResponse } from "../core/eidas-response.ts";
import type { SignInEvidence } from "../core/evidence.ts";
import { isLevel, type Level } from "../core/levels.ts";
import { IdentityError } from "../errors.ts";
import { failurePage } from "../routes/pages.tsx";
import { AUTO_POST_SCRIPT, AUTO_POST_SCRIPT_PATH, countryPage } from "./eidas-pages.tsx";
import {
  EIDAS_CALLBACK_PATH,
  EIDAS_METADATA_PATH,
  type EidasSettings,
  OUR_COUNTRY,
} from "./eidas-settings.ts";
import type { SignInMethod } from "./method.ts";

/** A SAMLResponse larger than this (base64) is refused before decoding. */
const MAX_SAML_RESPONSE_CHARS = 350_000;
const METADATA_CACHE_MS = 60 * 60 * 1000;
/** What the person's own cancellation at the node is; everything else is a refused answer. */
const CANCELLED: readonly EidasRefusalCode[] = ["eidas-cancelled"];

interface Relay {
  state: string;
  country: string;
  level: Level;
}

export function relayStateOf(relay: Relay): string {
  return `${relay.state}.${relay.country}.${relay.level}`;
}

export function parseRelayState(value: string | undefined): Relay | undefined {
  if (!value || value.length > 80) return undefined;
  const m = /^([A-Za-z0-9_-]{16,64})\.([A-Z]{2})\.([a-z]+)$/.exec(value);
  if (!m || !isLevel(m[3])) return undefined;
  return { state: m[1]!, country: m[2]!, level: m[3] };
}

export function eidasMethod(
  settings: EidasSettings | undefined,
  clock: () => Date = () => new Date(),
): SignInMethod {
  const nodes = new Map((settings?.nodes ?? []).map((n) => [n.country, n]));
  let metadata: { xml: string; until: number } | undefined;
  return {
    button: "eidas",
    available: settings !== undefined && nodes.size > 0,
    origins: [...new Set([...nodes.values()].map((n) => new URL(n.url).origin))],

    choice(ctx, uid, form) {
      if (form.country && nodes.has(form.country)) return undefined;
      const countries = [...nodes.values()]
        .map((n) => ({ code: n.country, name: n.name[ctx.language] }))
        .sort((a, b) => a.name.localeCompare(b.name, ctx.language));
      return countryPage(ctx, { uid, countries, missing: form.country !== undefined });
    },

    async begin({ attempt, form, requiredLevel }) {
      if (!settings) throw new IdentityError("method-unavailable", "eIDAS is not configured");
      const node = nodes.get(form?.country ?? "");
      if (!node) throw new IdentityError("method-protocol-error", "no country chosen");
      // The least level that satisfies the relying party; the node may assert a higher one.
      const level: Level = requiredLevel ?? "low";
      const xml = await signedAuthnRequest(
        {
          id: requestIdOf(attempt.nonce, node.country, level),
          issuer: settings.entityId,
          destination: node.url,
          providerName: settings.providerName,
          level,
          spType: "public",
          now: clock(),
        },
        settings.signing.key,
        settings.signing.certificate,
      );
      return {
        kind: "post-form",
        url: node.url,
        fields: {
          SAMLRequest: Buffer.from(xml, "utf8").toString("base64"),
          RelayState: relayStateOf({ state: attempt.state, country: node.country, level }),
        },
      };
    },

    routes(app) {
      // Our SP metadata (eIDAS SAML Message Format §2.1): nodes fetch it from our entity ID.
      app.get(EIDAS_METADATA_PATH, { schema: { hide: true } }, async (_request, reply) => {
        if (!settings) return reply.code(404).send();
        const now = Date.now();
        if (!metadata || metadata.until < now) {
          const xml = await signedConnectorMetadata(
            {
              entityId: settings.entityId,
              acsUrl: settings.acsUrl,
              signingCertificate: settings.signing.certificate,
              encryptionCertificate: settings.encryption.certificate,
              organizationName: settings.providerName,
              organizationUrl: settings.organizationUrl,
              now: new Date(now),
            },
            settings.signing.key,
          );
          metadata = { xml, until: now + METADATA_CACHE_MS };
        }
        return reply
          .type("application/samlmetadata+xml")
          .header("cache-control", "public, max-age=3600")
          .send(metadata.xml);
      });
      // Our ACS takes the HTTP-POST binding only (eIDAS SAML Message Format §2; our metadata says
      // so): a SAMLResponse in a URL would land in proxies' logs. This static route wins over the
      // sign-in routes' GET /signin/callback/:button, so the attempt is not looked up or spent.
      app.get(EIDAS_CALLBACK_PATH, { schema: { hide: true } }, async (request, reply) =>
        reply
          .code(405)
          .header("allow", "POST")
          .header("cache-control", "no-store")
          .type("text/html; charset=utf-8")
          .send(failurePage(pageContext(request.language, EIDAS_CALLBACK_PATH), undefined, false)),
      );
      app.get(AUTO_POST_SCRIPT_PATH, { schema: { hide: true } }, async (_request, reply) =>
        reply
          .type("text/javascript; charset=utf-8")
          .header("cache-control", "public, max-age=86400")
          .send(AUTO_POST_SCRIPT),
      );
    },

    stateOf(params) {
      return parseRelayState(params.RelayState)?.state;
    },

    async complete(params, attempt, _today, context): Promise<SignInEvidence> {
      if (!settings) throw new IdentityError("method-unavailable", "eIDAS is not configured");
      const relay = parseRelayState(params.RelayState);
      const node = relay ? nodes.get(relay.country) : undefined;
      if (!relay || !node)
        throw new IdentityError("method-protocol-error", "RelayState names no known country");
      const encoded = params.SAMLResponse ?? "";
      if (!encoded || encoded.length > MAX_SAML_RESPONSE_CHARS || !/^[A-Za-z0-9+/=\s]+$/.test(encoded))
        throw new IdentityError("method-protocol-error", "SAMLResponse missing, too large or not base64");
      try {
        const assertion = await validateEidasResponse(Buffer.from(encoded, "base64"), {
          requestId: requestIdOf(attempt.nonce, relay.country, relay.level),
          acsUrl: settings.acsUrl,
          spEntityId: settings.entityId,
          node: { country: node.country, certificates: node.certificates, entityId: node.entityId },
          requestedLevel: relay.level,
          ourCountry: OUR_COUNTRY,
          now: context?.now ?? clock(),
          skewMs: settings.skewMs,
          maxAgeMs: settings.maxAgeMs,
          decryptionKeys: [settings.encryption.key],
        });
        return { method: "eidas", level: assertion.level, person: assertion.person };
      } catch (error) {
        if (!(error instanceof EidasResponseError)) throw error;
        if (CANCELLED.includes(error.code))
          throw new IdentityError("method-cancelled", "the person cancelled at the node", error.code);
        throw new IdentityError("evidence-rejected", "the eIDAS response is not accepted", error.code);
      }
    },
  };
}
