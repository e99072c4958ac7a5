/**
 * The eID card stand-in: software cards for the test persons and the "extension" script that
 * lets a page use them through the Web eID message protocol, so the platform's eID card sign-in
 * runs end to end without a card reader. Mounted under a prefix such as `/testbed/eid-card`:
 *   GET  /extension.js       the Web eID stand-in script (inject it into the page, as a browser
 *                            extension's content script would be)
 *   POST /api/certificate    {personalCode} → {certificate (base64 DER), algorithm: "ES384"}
 *                            (reading the authentication certificate needs no PIN, as on a card)
 *   POST /api/sign           {personalCode, pin1, digest (base64)} → {signature (base64 r‖s)};
 *                            403 {error: "wrong-pin", attemptsLeft}, 423 {error: "pin-blocked"}
 *   POST /api/signing-certificate {personalCode} → {certificate (base64 DER of the qualified
 *                            signing certificate), supportedSignatureAlgorithms} (Web eID shapes)
 *   POST /api/sign-document  {personalCode, pin2, hash (base64), hashFunction ("SHA-256" | "SHA-384"
 *                            | "SHA-512")} → {signature (base64 r‖s), signatureAlgorithm};
 *                            403 wrong-pin / 423 pin-blocked as above, for PIN2's own counter
 *   GET  /   and  POST /reset test cards, their PINs; forget PIN tries
 * Test persons are the eParaksts stand-in's (same seed), so one identity works with both means.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from "fastify";
import { DEFAULT_TEST_PIN1, defaultStandInPersons } from "../eparaksts/eparaksts-standin.ts";
import { DEFAULT_TEST_PIN2 } from "../eparaksts/signing-identities.ts";
import { escapeHtml } from "../eparaksts/standin-pages.ts";
import {
  type DemoRoles,
  demoRoleCell,
  demoRoleHeading,
  pageLanguage,
  personsToList,
  testbedDocument,
} from "../http/testbed-page.ts";
import type { TestPerson } from "../persons/index.ts";
import { PinBlocks, PinTries } from "../pin-block/index.ts";
import { TestPki } from "../pki/test-pki.ts";
import { extensionScript } from "./extension-script.ts";
import { type CardSignResult, SoftwareCards } from "./software-cards.ts";

export interface EidCardStandInOptions {
  /** The test PKI's state directory (created with `pkiBaseUrl` in its CDP/AIA when absent). */
  pkiStateDir: string;
  /** Where the test PKI is served (e.g. "http://127.0.0.1:8080/testbed"). */
  pkiBaseUrl: string;
  /** The test PKI's key passphrase (its keys are encrypted at rest; see PkiRuntimeOptions). */
  pkiKeyPassphrase?: string;
  persons?: readonly TestPerson[];
  pin1?: string;
  /** The cards' PIN2 (default "12345"). */
  pin2?: string;
  maxPinAttempts?: number;
  /** Where blocked PINs are kept, shared with `tilts testbed unblock`; in memory when absent. */
  pinBlocksFile?: string;
  /** How many cards the dialog and index offer (default 10). */
  listed?: number;
  /** Who the persons are in the platform's demo: the index lists the staff first, with roles. */
  demoRoles?: DemoRoles;
}

/** JWS-style name of the cards' signature algorithm (P-384 keys, SHA-384 digests). */
export const SOFTWARE_CARD_ALGORITHM = "ES384";

/**
 * Web eID's names for the hash functions a card signs with, and their digest lengths. The software
 * cards' ECDSA signs the hash as given (no padding scheme), like a real P-384 card.
 */
export const WEB_EID_HASH_LENGTHS: Readonly<Record<string, number>> = {
  "SHA-256": 32,
  "SHA-384": 48,
  "SHA-512": 64,
};

export const SOFTWARE_CARD_SIGNATURE_ALGORITHMS = Object.keys(WEB_EID_HASH_LENGTHS).map((hashFunction) => ({
  cryptoAlgorithm: "ECC",
  hashFunction,
  paddingScheme: "NONE",
}));

const PAGE_CSP = "default-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
const MAX_DIGEST_B64 = 100;

function str(source: unknown, key: string, max: number): string | undefined {
  if (typeof source !== "object" || source === null) return undefined;
  const value = (source as Record<string, unknown>)[key];
  return typeof value === "string" && value.length <= max ? value : undefined;
}

export const eidCardStandIn: FastifyPluginAsync<EidCardStandInOptions> = async (
  app: FastifyInstance,
  options,
) => {
  const persons = options.persons ?? defaultStandInPersons();
  const pin1 = options.pin1 ?? DEFAULT_TEST_PIN1;
  const pin2 = options.pin2 ?? DEFAULT_TEST_PIN2;
  let pki: TestPki | undefined;
  const getPki = () => {
    pki ??= TestPki.openOrCreate(options.pkiStateDir, {
      baseUrl: options.pkiBaseUrl,
      keyPassphrase: options.pkiKeyPassphrase,
    });
    return pki;
  };
  const pinTries = new PinTries(
    "eid-card",
    options.maxPinAttempts ?? 3,
    new PinBlocks(options.pinBlocksFile),
  );
  const cards = new SoftwareCards(getPki, persons, pin1, pinTries, pin2);
  // The card dialog and the index offer the demo's staff first, so everyone the demo names has a card at hand.
  const listed = personsToList(persons, options.listed ?? 10, options.demoRoles);
  const script = extensionScript({
    apiPath: app.prefix,
    cards: listed.map((p) => ({ personalCode: p.personalCode, name: `${p.givenName} ${p.familyName}` })),
    pin1,
    pin2,
  });
  if (!app.hasContentTypeParser("application/x-www-form-urlencoded")) {
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 16 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
  }

  app.get("/extension.js", { schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/javascript; charset=utf-8").header("cache-control", "no-store").send(script),
  );

  app.post("/api/certificate", { schema: { hide: true } }, async (request, reply) => {
    const card = cards.card(str(request.body, "personalCode", 20) ?? "");
    if (!card) return reply.code(404).send({ error: "unknown-card" });
    return reply.header("cache-control", "no-store").send({
      certificate: Buffer.from(card.certificate).toString("base64"),
      algorithm: SOFTWARE_CARD_ALGORITHM,
    });
  });

  app.post("/api/sign", { schema: { hide: true } }, async (request, reply) => {
    const code = str(request.body, "personalCode", 20) ?? "";
    const digest = Buffer.from(str(request.body, "digest", MAX_DIGEST_B64) ?? "", "base64");
    if (![32, 48, 64].includes(digest.length)) return reply.code(400).send({ error: "bad-digest" });
    const result = cards.sign(code, str(request.body, "pin1", 20) ?? "", new Uint8Array(digest));
    if (result.ok) return reply.send({ signature: Buffer.from(result.signature).toString("base64") });
    return refusal(reply, result);
  });

  app.post("/api/signing-certificate", { schema: { hide: true } }, async (request, reply) => {
    const signing = cards.signingKey(str(request.body, "personalCode", 20) ?? "");
    if (!signing) return reply.code(404).send({ error: "unknown-card" });
    return reply.header("cache-control", "no-store").send({
      certificate: Buffer.from(signing.certificate).toString("base64"),
      supportedSignatureAlgorithms: SOFTWARE_CARD_SIGNATURE_ALGORITHMS,
    });
  });

  app.post("/api/sign-document", { schema: { hide: true } }, async (request, reply) => {
    reply.header("cache-control", "no-store");
    const hashFunction = str(request.body, "hashFunction", 10) ?? "";
    const expected = WEB_EID_HASH_LENGTHS[hashFunction];
    if (expected === undefined) return reply.code(400).send({ error: "unsupported-hash-function" });
    const hash = Buffer.from(str(request.body, "hash", MAX_DIGEST_B64) ?? "", "base64");
    if (hash.length !== expected) return reply.code(400).send({ error: "bad-digest" });
    const code = str(request.body, "personalCode", 20) ?? "";
    const result = cards.signDocument(code, str(request.body, "pin2", 20) ?? "", new Uint8Array(hash));
    if (!result.ok) return refusal(reply, result);
    return reply.send({
      signature: Buffer.from(result.signature).toString("base64"),
      signatureAlgorithm: { cryptoAlgorithm: "ECC", hashFunction, paddingScheme: "NONE" },
    });
  });

  function refusal(reply: FastifyReply, result: Exclude<CardSignResult, { ok: true }>) {
    reply.header("cache-control", "no-store");
    if (result.reason === "wrong-pin")
      return reply.code(403).send({ error: "wrong-pin", attemptsLeft: result.attemptsLeft });
    if (result.reason === "unknown-card") return reply.code(404).send({ error: "unknown-card" });
    return reply.code(423).send({ error: "pin-blocked" });
  }

  const indexPage = (reply: FastifyReply, lang: "lv" | "en", resetDone = false) => {
    const t =
      lang === "lv"
        ? {
            title: "eID karte — testa vide",
            intro:
              "Programmatūras eID kartes testa personām. Pieteikšanās lapa tās izmanto caur Web eID protokolu. Katras kartes PIN1 ir",
            name: "Vārds, uzvārds",
            code: "Personas kods",
            blocked: "Bloķēta",
            reset: "Atiestatīt nepareizo PIN mēģinājumu skaitu",
            done: "Mēģinājumu skaits atiestatīts. Bloķētu PIN atbloķē tikai operators.",
          }
        : {
            title: "eID card — test environment",
            intro:
              "Software eID cards for the test persons. The sign-in page uses them through the Web eID protocol. Every card's PIN1 is",
            name: "Name",
            code: "Personal code",
            blocked: "Blocked",
            reset: "Reset the wrong PIN counts",
            done: "PIN counts reset. Only the operator unblocks a blocked PIN.",
          };
    const rows = listed
      .map(
        (p) =>
          `<tr><td>${escapeHtml(`${p.givenName} ${p.familyName}`)}</td><td>${escapeHtml(p.personalCode)}</td>${demoRoleCell(options.demoRoles, p, lang)}<td>${cards.isBlocked(p.personalCode) ? escapeHtml(t.blocked) : ""}</td><td>${cards.isBlocked(p.personalCode, "pin2") ? escapeHtml(t.blocked) : ""}</td></tr>`,
      )
      .join("");
    const body = `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.intro)} <strong>${escapeHtml(pin1)}</strong>, PIN2 <strong>${escapeHtml(pin2)}</strong>.</p>${resetDone ? `<p role="status">${escapeHtml(t.done)}</p>` : ""}<table><thead><tr><th scope="col">${escapeHtml(t.name)}</th><th scope="col">${escapeHtml(t.code)}</th>${demoRoleHeading(options.demoRoles, lang)}<th scope="col">PIN1</th><th scope="col">PIN2</th></tr></thead><tbody>${rows}</tbody></table><form method="post" action="${escapeHtml(`${app.prefix}/reset?lang=${lang}`)}"><button type="submit">${escapeHtml(t.reset)}</button></form>`;
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .header("content-security-policy", PAGE_CSP)
      .send(testbedDocument({ lang, title: t.title, body, switchHref: `${app.prefix}/` }));
  };

  app.get("/", { schema: { hide: true } }, async (request, reply) => indexPage(reply, pageLanguage(request)));

  app.post("/reset", { schema: { hide: true } }, async (request, reply) => {
    // Tries only: a blocked PIN stays blocked until `tilts testbed unblock` (AUTH-4).
    pinTries.resetTries(str(request.body, "personalCode", 20) || undefined);
    return indexPage(reply, pageLanguage(request), true);
  });
};
