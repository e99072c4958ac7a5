/**
 * Foreign eIDAS nodes stood in for (eIDAS SAML Message Format v1.2), one per test country:
 *   POST /<CC>/sso    the connector's AuthnRequest (HTTP-POST binding): its signature is checked
 *                     against the signing certificate in the connector's metadata, fetched from
 *                     the request's Issuer (which must be a configured metadata URL)
 *   POST /<CC>/login  the test person and the level chosen → a signed Response with a signed,
 *                     encrypted assertion, POSTed back to the metadata's assertion consumer service
 *   GET  /            the test persons of every country
 * Pages are test pages (English), CSP-compliant; the auto-post uses /auto-post.js.
 */
import { type KeyObject, randomBytes, X509Certificate } from "node:crypto";
import { DSIG_NAMESPACE, parseXml, verifyXmlSignature } from "@tilts/trust";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from "fastify";
import { type PageLanguage, pageLanguage, testbedDocument } from "../http/testbed-page.ts";
import { EIDAS_TEST_COUNTRIES, type EidasTestbed, ensureEidasTestbed, nodeSsoPath } from "./eidas-keys.ts";
import { FOREIGN_TEST_PERSONS } from "./foreign-persons.ts";
import {
  buildEidasResponse,
  EIDAS_STATUS_AUTHN_FAILED,
  EIDAS_STATUS_RESPONDER,
  escapeXml as escapeHtml,
  type ForeignTestPerson,
} from "./response-builder.ts";

const P = "urn:oasis:names:tc:SAML:2.0:protocol";
const A = "urn:oasis:names:tc:SAML:2.0:assertion";
const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const LOA = "http://eidas.europa.eu/LoA/";
const LEVELS = ["low", "substantial", "high"] as const;
const LIMITS = { maxBytes: 128 * 1024, maxDepth: 32, maxNodes: 5000 };

export interface EidasStandInOptions {
  /** Keys live here (see eidas-keys.ts). */
  stateDir: string;
  /** Where the plugin is reachable, absolute (e.g. `${PUBLIC_URL}/testbed/eidas`). */
  baseUrl: string;
  /** Connector metadata URLs we serve (an AuthnRequest's Issuer must be one). */
  connectorMetadataUrls: string[];
  /** Fetches metadata (default: global fetch). */
  fetchMetadata?: (url: string) => Promise<string>;
  /** The destination country written into PersonIdentifiers. */
  connectorCountry?: string;
  persons?: Record<string, readonly ForeignTestPerson[]>;
  now?: () => Date;
  /** The nodes' keys are kept encrypted under it (the platform's key-encryption secret). */
  keyPassphrase?: string;
}

interface ConnectorMetadata {
  signingKey: KeyObject;
  encryptionKey: KeyObject;
  acsUrl: string;
  fetchedAt: number;
}

interface PendingRequest {
  country: string;
  requestId: string;
  relayState: string;
  issuer: string;
  level: (typeof LEVELS)[number];
  connector: ConnectorMetadata;
  expiresAt: number;
}

class StandInError extends Error {}

/**
 * A foreign node's pages are in English (a real one speaks its own language, not ours); they take
 * the platform's stylesheet all the same. The test environment's index follows the chosen language.
 */
function page(title: string, body: string, lang: PageLanguage = "en", switchHref?: string): string {
  return testbedDocument({ lang, title, body, ...(switchHref === undefined ? {} : { switchHref }) });
}

const INDEX_TEXT = {
  lv: {
    title: "eIDAS testa mezgli",
    intro: (destination: string) =>
      `Ārvalstu testa personas pa valstīm (galamērķa valsts ${destination}). Pieteikšanās lapā izvēlieties „Ārvalstu eID (eIDAS)”, tad valsti un personu.`,
  },
  en: {
    title: "eIDAS test nodes",
    intro: (destination: string) =>
      `Foreign test persons by country (destination ${destination}). On the sign-in page choose "Foreign eID (eIDAS)", then the country and the person.`,
  },
};

function str(source: unknown, key: string, max = 4096): string | undefined {
  if (typeof source !== "object" || source === null) return undefined;
  const value = (source as Record<string, unknown>)[key];
  return typeof value === "string" && value.length <= max ? value : undefined;
}

function keyDescriptorCertificate(sp: Element, use: string): Uint8Array {
  for (const kd of Array.from(sp.getElementsByTagNameNS(MD, "KeyDescriptor"))) {
    if (kd.getAttribute("use") !== use) continue;
    const text = kd.getElementsByTagNameNS(DSIG_NAMESPACE, "X509Certificate")[0]?.textContent ?? "";
    return new Uint8Array(Buffer.from(text.replace(/\s+/g, ""), "base64"));
  }
  throw new StandInError(`metadata has no ${use} certificate`);
}

/** Verifies `element`'s own enveloped signature with `key` and that it covers `element` itself. */
async function signedBy(
  parsed: ReturnType<typeof parseXml>,
  element: Element,
  key: KeyObject,
): Promise<boolean> {
  const signature = Array.from(element.childNodes).find(
    (n) => (n as Element).localName === "Signature" && (n as Element).namespaceURI === DSIG_NAMESPACE,
  ) as Element | undefined;
  if (!signature) return false;
  const result = await verifyXmlSignature(parsed, { signature, key, limits: LIMITS }).catch(() => undefined);
  return !!result?.valid && result.references.length === 1 && result.references[0]!.target === element;
}

export const eidasNodeStandIn: FastifyPluginAsync<EidasStandInOptions> = async (
  app: FastifyInstance,
  options,
) => {
  const testbed: EidasTestbed = ensureEidasTestbed({
    stateDir: options.stateDir,
    baseUrl: options.baseUrl,
    ...(options.keyPassphrase !== undefined ? { keyPassphrase: options.keyPassphrase } : {}),
  });
  const now = options.now ?? (() => new Date());
  const persons = options.persons ?? FOREIGN_TEST_PERSONS;
  const connectorCountry = options.connectorCountry ?? "LV";
  const fetchMetadata =
    options.fetchMetadata ??
    (async (url: string) => {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new StandInError(`metadata fetch answered ${response.status}`);
      return response.text();
    });
  const metadataCache = new Map<string, ConnectorMetadata>();
  const pending = new Map<string, PendingRequest>();
  if (!app.hasContentTypeParser("application/x-www-form-urlencoded")) {
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 512 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
  }
  const html = (reply: FastifyReply, body: string, status = 200, formTarget = "") =>
    reply
      .code(status)
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .header(
        "content-security-policy",
        `default-src 'self'; script-src 'self'; style-src 'self'; form-action 'self' ${formTarget}; frame-ancestors 'none'`,
      )
      .send(body);

  async function connectorOf(issuer: string): Promise<ConnectorMetadata> {
    if (!options.connectorMetadataUrls.includes(issuer)) throw new StandInError("unknown connector");
    const cached = metadataCache.get(issuer);
    if (cached && cached.fetchedAt > Date.now() - 300_000) return cached;
    const parsed = parseXml(await fetchMetadata(issuer), { limits: LIMITS });
    const root = parsed.document.documentElement!;
    if (
      root.namespaceURI !== MD ||
      root.localName !== "EntityDescriptor" ||
      root.getAttribute("entityID") !== issuer
    )
      throw new StandInError("metadata is not this connector's EntityDescriptor");
    const sp = root.getElementsByTagNameNS(MD, "SPSSODescriptor")[0];
    if (!sp) throw new StandInError("no SPSSODescriptor");
    const signingCert = new X509Certificate(keyDescriptorCertificate(sp, "signing"));
    // The metadata must be signed with its own signing key (integrity of what we fetched).
    if (!(await signedBy(parsed, root, signingCert.publicKey))) throw new StandInError("metadata signature");
    const acs = Array.from(sp.getElementsByTagNameNS(MD, "AssertionConsumerService")).find(
      (e) => e.getAttribute("Binding") === "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
    );
    if (!acs?.getAttribute("Location")) throw new StandInError("no HTTP-POST assertion consumer service");
    const metadata: ConnectorMetadata = {
      signingKey: signingCert.publicKey,
      encryptionKey: new X509Certificate(keyDescriptorCertificate(sp, "encryption")).publicKey,
      acsUrl: acs.getAttribute("Location")!,
      fetchedAt: Date.now(),
    };
    metadataCache.set(issuer, metadata);
    return metadata;
  }

  const countryOf = (code: string) => EIDAS_TEST_COUNTRIES.find((c) => c.code === code);

  app.get("/auto-post.js", { schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/javascript; charset=utf-8").send('document.getElementById("auto-post").submit();\n'),
  );

  app.post<{ Params: { cc: string } }>("/:cc/sso", { schema: { hide: true } }, async (request, reply) => {
    const country = countryOf(request.params.cc);
    if (!country) return html(reply, page("eIDAS test node", "<p>Unknown country.</p>"), 404);
    const encoded = str(request.body, "SAMLRequest", 200_000);
    const relayState = str(request.body, "RelayState", 80) ?? "";
    try {
      if (!encoded) throw new StandInError("no SAMLRequest");
      const parsed = parseXml(Buffer.from(encoded, "base64"), { limits: LIMITS });
      const root = parsed.document.documentElement!;
      if (root.namespaceURI !== P || root.localName !== "AuthnRequest")
        throw new StandInError("not an AuthnRequest");
      const issuer = root.getElementsByTagNameNS(A, "Issuer")[0]?.textContent?.trim() ?? "";
      const connector = await connectorOf(issuer);
      if (!(await signedBy(parsed, root, connector.signingKey))) throw new StandInError("request signature");
      if (root.getAttribute("Destination") !== `${options.baseUrl}${nodeSsoPath(country.code)}`)
        throw new StandInError("wrong Destination");
      const requestId = root.getAttribute("ID") ?? "";
      const loa = root.getElementsByTagNameNS(A, "AuthnContextClassRef")[0]?.textContent?.trim() ?? "";
      const level = LEVELS.find((l) => `${LOA}${l}` === loa);
      if (!requestId || !level) throw new StandInError("no ID or no eIDAS level");
      for (const [key, p] of pending) if (p.expiresAt < Date.now()) pending.delete(key);
      if (pending.size > 1000) throw new StandInError("too many pending requests");
      const key = randomBytes(16).toString("base64url");
      pending.set(key, {
        country: country.code,
        requestId,
        relayState,
        issuer,
        level,
        connector,
        expiresAt: Date.now() + 600_000,
      });
      const people = persons[country.code] ?? [];
      const options_ = people
        .map(
          (p, i) =>
            `<p><input type="radio" name="person" id="p${i}" value="${i}"${i === 0 ? " checked" : ""}> <label for="p${i}">${escapeHtml(`${p.givenName} ${p.familyName}, ${p.dateOfBirth ?? "?"}, ${p.personIdentifier}`)}</label></p>`,
        )
        .join("");
      const levels = LEVELS.map(
        (l) => `<option value="${l}"${l === level ? " selected" : ""}>${l}</option>`,
      ).join("");
      return html(
        reply,
        page(
          `${country.name.en} — eIDAS test node`,
          `<h1>${escapeHtml(country.name.en)}: sign in with your eID</h1>
<p>A testbed stand-in for a foreign eIDAS node, not a real one. The service asked for level <strong>${level}</strong>.</p>
<form method="post" action="${escapeHtml(`${app.prefix}/${country.code}/login`)}">
<input type="hidden" name="request" value="${key}">
<fieldset><legend>Test person</legend>${options_}</fieldset>
<p><label for="level">Level of assurance</label> <select id="level" name="level">${levels}</select></p>
<p><button type="submit" name="action" value="approve">Authenticate</button> <button type="submit" name="action" value="cancel">Cancel</button></p>
</form>`,
        ),
      );
    } catch (error) {
      // A test tool: the reason helps whoever is testing a connector (no personal data here).
      const why = error instanceof Error ? error.message : "malformed request";
      return html(
        reply,
        page("eIDAS test node", `<h1>Request refused</h1><p role="alert">${escapeHtml(why)}</p>`),
        400,
      );
    }
  });

  app.post<{ Params: { cc: string } }>("/:cc/login", { schema: { hide: true } }, async (request, reply) => {
    const key = str(request.body, "request", 64) ?? "";
    const entry = pending.get(key);
    if (!entry || entry.country !== request.params.cc || entry.expiresAt < Date.now())
      return html(reply, page("eIDAS test node", '<p role="alert">The request has expired.</p>'), 400);
    pending.delete(key);
    const nodeKeys = testbed.nodes.get(entry.country)!;
    const cancelled = str(request.body, "action") === "cancel";
    const person = (persons[entry.country] ?? [])[Number(str(request.body, "person", 4) ?? "0")];
    const level = LEVELS.find((l) => l === str(request.body, "level")) ?? entry.level;
    if (!cancelled && !person)
      return html(reply, page("eIDAS test node", '<p role="alert">Choose a person.</p>'), 400);
    const xml = await buildEidasResponse({
      issuer: `${options.baseUrl}/${entry.country}/metadata`,
      destination: entry.connector.acsUrl,
      inResponseTo: entry.requestId,
      audience: entry.issuer,
      person: person ?? { personIdentifier: "", givenName: "", familyName: "" },
      level: `${LOA}${level}`,
      now: now(),
      signingKey: nodeKeys.key,
      signingCertificate: nodeKeys.certificate,
      encryptionKey: entry.connector.encryptionKey,
      status: cancelled ? { top: EIDAS_STATUS_RESPONDER, sub: EIDAS_STATUS_AUTHN_FAILED } : undefined,
    });
    const target = new URL(entry.connector.acsUrl).origin;
    return html(
      reply,
      page(
        "eIDAS test node",
        `<h1>Returning to the service</h1>
<form id="auto-post" method="post" action="${escapeHtml(entry.connector.acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${Buffer.from(xml, "utf8").toString("base64")}">
<input type="hidden" name="RelayState" value="${escapeHtml(entry.relayState)}">
<p><button type="submit">Continue</button></p>
</form><script src="${escapeHtml(`${app.prefix}/auto-post.js`)}" defer></script>`,
      ),
      200,
      target,
    );
  });

  app.get("/", { schema: { hide: true } }, async (request, reply) => {
    const lang = pageLanguage(request);
    const t = INDEX_TEXT[lang];
    const sections = EIDAS_TEST_COUNTRIES.map(
      (c) =>
        `<h2>${escapeHtml(c.name[lang])}</h2><ul>${(persons[c.code] ?? [])
          .map(
            (p) =>
              `<li>${escapeHtml(`${p.givenName} ${p.familyName}, ${p.dateOfBirth ?? "?"}, ${p.personIdentifier}`)}</li>`,
          )
          .join("")}</ul>`,
    ).join("");
    return html(
      reply,
      page(
        t.title,
        `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.intro(connectorCountry))}</p>${sections}`,
        lang,
        `${app.prefix}/`,
      ),
    );
  });
};
