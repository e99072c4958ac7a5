/**
 * "Phone lost" at any hour (SIG-4): a person signs in to the stand-in with the user number and
 * PIN1 (the same counters as the OAuth sign-in, AUTH-4) and suspends (certificateHold) or revokes
 * (keyCompromise) their own eParaksts signing certificates, recorded in the test PKI's store —
 * so the testbed's CRL and OCSP answer "revoked" from that moment, also in another process.
 *   GET  /my-certificate           sign-in form
 *   POST /my-certificate           user number + PIN1 → the person's signing certificates
 *   POST /my-certificate/change    suspend or revoke one of them (a short self-service session)
 * The session is a random 256-bit value in the page's form, never a cookie, so another site
 * cannot make a signed-in browser revoke anything; it lives ten minutes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { pageLanguage } from "../http/testbed-page.ts";
import type { TestPerson } from "../persons/index.ts";
import type { TestPki } from "../pki/test-pki.ts";
import {
  type OwnCertificate,
  type SelfServiceMessage,
  selfServiceCertificatesPage,
  selfServiceSignInPage,
  selfServiceText,
} from "./self-service-pages.ts";
import { StandInStore } from "./standin-store.ts";

export const SELF_SERVICE_PATH = "/my-certificate";
const SESSION_TTL_MS = 10 * 60_000;
const MAX_SESSIONS = 1_000;

export interface SelfServiceDeps {
  store: StandInStore;
  persons: ReadonlyMap<string, TestPerson>;
  pki: () => TestPki;
  pin1: string;
  now: () => number;
  samePin: (given: string, expected: string) => boolean;
  html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  str: (source: unknown, key: string, max?: number) => string | undefined;
}

/** The person's eParaksts signing certificates in the PKI's store, with their status now. */
export function ownSigningCertificates(pki: TestPki, personalCode: string): OwnCertificate[] {
  const subject = new RegExp(`=PNOLV-${personalCode.replace("-", "\\-")}(,|\\+|$)`);
  const revocations = pki.revocations("eparaksts");
  return pki
    .issued()
    .filter((r) => r.caId === "eparaksts" && r.kind === "person-sign" && subject.test(r.subject))
    .map((r) => {
      const revoked = revocations.find((x) => x.serial === r.serial);
      const status = !revoked ? "valid" : revoked.reason === "certificateHold" ? "suspended" : "revoked";
      return {
        serial: r.serial,
        notAfter: new Date(r.notAfter),
        status,
        ...(revoked ? { since: new Date(revoked.revokedAt) } : {}),
      } satisfies OwnCertificate;
    });
}

export function registerSelfServiceRoutes(app: FastifyInstance, deps: SelfServiceDeps): void {
  const { store, persons, pin1, now, html, str } = deps;
  const sessions = new Map<string, { person: TestPerson; expiresAt: number }>();
  const signInAction = `${app.prefix}${SELF_SERVICE_PATH}`;
  const changeAction = `${app.prefix}${SELF_SERVICE_PATH}/change`;
  const languageOf = (request: FastifyRequest) => {
    const chosen = str(request.body, "lang", 2);
    return chosen === "en" || chosen === "lv" ? chosen : pageLanguage(request);
  };
  const signInPage = (request: FastifyRequest, reply: FastifyReply, message?: string, status = 200) =>
    html(
      reply,
      selfServiceSignInPage({
        lang: languageOf(request),
        action: signInAction,
        selfPath: signInAction,
        pin1,
        ...(message ? { message } : {}),
        ...(str(request.body, "user_number", 40)
          ? { userNumber: str(request.body, "user_number", 40)! }
          : {}),
      }),
      status,
    );
  const certificatesPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    session: string,
    person: TestPerson,
    message?: SelfServiceMessage,
  ) =>
    html(
      reply,
      selfServiceCertificatesPage({
        lang: languageOf(request),
        action: changeAction,
        session,
        personName: `${person.givenName} ${person.familyName}`,
        certificates: ownSigningCertificates(deps.pki(), person.personalCode),
        ...(message ? { message } : {}),
      }),
    );

  app.get(SELF_SERVICE_PATH, { schema: { hide: true } }, async (request, reply) =>
    signInPage(request, reply),
  );

  app.post(SELF_SERVICE_PATH, { schema: { hide: true } }, async (request, reply) => {
    const t = selfServiceText(languageOf(request));
    const person = persons.get((str(request.body, "user_number", 40) ?? "").trim());
    if (!person) return signInPage(request, reply, t.unknownPerson, 400);
    if (store.isBlocked(person.personalCode)) return signInPage(request, reply, t.blocked, 400);
    if (!deps.samePin(str(request.body, "pin1", 20) ?? "", pin1)) {
      const left = store.wrongPin(person.personalCode);
      return signInPage(request, reply, left === 0 ? t.nowBlocked : `${t.wrongPin} ${left}.`, 400);
    }
    store.rightPin(person.personalCode);
    for (const [id, s] of sessions) if (s.expiresAt <= now()) sessions.delete(id);
    if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    const session = StandInStore.newId();
    sessions.set(session, { person, expiresAt: now() + SESSION_TTL_MS });
    return certificatesPage(request, reply, session, person);
  });

  app.post(`${SELF_SERVICE_PATH}/change`, { schema: { hide: true } }, async (request, reply) => {
    const t = selfServiceText(languageOf(request));
    const session = str(request.body, "session", 100) ?? "";
    const signedIn = sessions.get(session);
    if (!signedIn || signedIn.expiresAt <= now()) {
      sessions.delete(session);
      return signInPage(request, reply, t.sessionExpired, 401);
    }
    const change = str(request.body, "change", 10);
    const serial = str(request.body, "serial", 80);
    const own = ownSigningCertificates(deps.pki(), signedIn.person.personalCode).find(
      (c) => c.serial === serial,
    );
    // Only the person's own certificates, and only the two changes the page offers.
    if (!own || (change !== "suspend" && change !== "revoke"))
      return signInPage(request, reply, t.sessionExpired, 400);
    deps.pki().revoke(own.serial, change === "suspend" ? "certificateHold" : "keyCompromise");
    return certificatesPage(
      request,
      reply,
      session,
      signedIn.person,
      change === "suspend" ? "suspendedDone" : "revokedDone",
    );
  });
}
