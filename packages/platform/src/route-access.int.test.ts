/**
 * Every route × every role (CON-9, ANX1-3..5: authorisation declared where no handler can forget
 * it). The routes come from the composed server itself (`declaredRoutes`), each with the access
 * its workplace scope declared; each gated route is requested by each kind of person, and the
 * workplace gate must admit, send to sign-in, or refuse exactly as the table below says. A route
 * whose declaration has no row here, or a new public route not in the reviewed list, fails.
 */
import { randomUUID } from "node:crypto";
import { defaultStandInPersons, type TestPerson } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "./db/testing.ts";
import { createTestSession, type TestSession } from "./ehealth/testing/session.ts";
import { startEhealthTestPlatform } from "./ehealth/testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "./ehealth/testing/workplace-fixture.ts";
import { addRepresentative } from "./eservices/index.ts";
import { createEservicesTestSession } from "./eservices/testing/session.ts";
import { declaredRoutes, PUBLIC } from "./http/route-access.ts";
import type { TestPlatform } from "./identity/testing/test-platform.ts";

type Persona =
  | "anonymous"
  | "citizen"
  | "outsider"
  | "doctor"
  | "administrator"
  | "operator"
  | "representative"
  | "agency"
  | "stranger";
type Outcome = "admitted" | "sign-in" | "refused";

const PERSONAS: readonly Persona[] = [
  "anonymous",
  "citizen",
  "outsider",
  "doctor",
  "administrator",
  "operator",
  // E-services (ESV-2, ESV-3): an institution's listed representative, the agency's staff member,
  // and a person signed in as a representative of no institution.
  "representative",
  "agency",
  "stranger",
];

/** What the gate of each declared workplace does for each kind of person. */
const EXPECTED: Record<string, Record<Persona, Outcome>> = {
  // The portal admits any professional sign-in; the rights policy decides each action inside.
  "ehealth:professional": {
    anonymous: "sign-in",
    citizen: "sign-in",
    outsider: "admitted",
    doctor: "admitted",
    administrator: "admitted",
    operator: "admitted",
    representative: "sign-in",
    agency: "sign-in",
    stranger: "sign-in",
  },
  "ehealth:operator": {
    anonymous: "sign-in",
    citizen: "sign-in",
    outsider: "refused",
    doctor: "refused",
    administrator: "refused",
    operator: "admitted",
    representative: "sign-in",
    agency: "sign-in",
    stranger: "sign-in",
  },
  "ehealth:administrator": {
    anonymous: "sign-in",
    citizen: "sign-in",
    outsider: "refused",
    doctor: "refused",
    administrator: "admitted",
    operator: "refused",
    representative: "sign-in",
    agency: "sign-in",
    stranger: "sign-in",
  },
  "ehealth:institution-reports": {
    anonymous: "sign-in",
    citizen: "sign-in",
    outsider: "refused",
    doctor: "refused",
    administrator: "admitted",
    operator: "admitted",
    representative: "sign-in",
    agency: "sign-in",
    stranger: "sign-in",
  },
  "ehealth:citizen": {
    anonymous: "sign-in",
    citizen: "admitted",
    outsider: "sign-in",
    doctor: "sign-in",
    administrator: "sign-in",
    operator: "sign-in",
    representative: "sign-in",
    agency: "sign-in",
    stranger: "sign-in",
  },
  // The registration workplaces admit their own sessions only (eservices/web/gates.ts).
  "eservices:representative": {
    anonymous: "sign-in",
    citizen: "sign-in",
    outsider: "sign-in",
    doctor: "sign-in",
    administrator: "sign-in",
    operator: "sign-in",
    representative: "admitted",
    agency: "sign-in",
    stranger: "refused",
  },
  "eservices:agency": {
    anonymous: "sign-in",
    citizen: "sign-in",
    outsider: "sign-in",
    doctor: "sign-in",
    administrator: "sign-in",
    operator: "sign-in",
    representative: "sign-in",
    agency: "admitted",
    stranger: "sign-in",
  },
};

/**
 * Routes reachable without sign-in, reviewed one by one: the broker's protocol endpoints, the
 * sign-in pages, operations endpoints, static assets and the testbed's stand-ins. Adding a public
 * route means adding it here, in review.
 */
const REVIEWED_PUBLIC_ROUTES = [
  "POST /testbed/eparaksts/trustedx-resources/esigp/v1/signatures/server/raw",
  "POST /testbed/eparaksts/trustedx-authserver/oauth/lvrtc-eipsign-as/sign-approve",
  "GET /testbed/eparaksts/trustedx-resources/esigp/v1/sign-identities",
  "DELETE /oidc/*",
  "GET /",
  "GET /.well-known/openid-configuration",
  "GET /assets/favicon.svg",
  "GET /assets/tilts.css",
  "GET /ehealth/signed-out",
  // Planned maintenance (ANX2-15): who may be affected must see it without signing in; read-only.
  "GET /ehealth/maintenance",
  // The technical portal (ANX2-13, DEV-6): documentation and synthetic test data; read-only.
  "GET /ehealth/developers",
  "GET /ehealth/developers/api",
  "GET /ehealth/developers/cda",
  "GET /ehealth/developers/classifiers",
  "GET /ehealth/developers/test-persons",
  "GET /ehealth/developers/openapi.json",
  "GET /ehealth/developers/sample-cda.xml",
  "GET /ehealth/developers/test-persons.csv",
  "GET /ehealth/developers/test-persons.json",
  "GET /ehealth/signin/:kind",
  "GET /ehealth/signin/callback/:kind",
  "GET /favicon.ico",
  // The e-service catalogue (ESV-1): public by its nature, read-only, bounded queries.
  "GET /eservices",
  "GET /eservices/:identifier",
  "GET /eservices/catalogue.dcat.jsonld",
  "GET /api/eservices",
  // The registration workplaces' sign-in (core/web-session), as e-health's.
  "GET /eservices/signin/:kind",
  "GET /eservices/signin/callback/:kind",
  "GET /eservices/signed-out",
  "POST /eservices/signout/:kind",
  // Signature verification (issue "Signing"): anyone may check a signed document; uploads are
  // bounded and the files kept minutes in memory under a random name only the uploader learns.
  "GET /verify",
  "POST /verify",
  "GET /verify/:id/files/:index",
  "GET /verify/:id/report.pdf",
  "GET /healthz",
  "GET /metrics",
  "GET /oidc/*",
  "GET /openapi.json",
  "GET /readyz",
  "GET /signin/:uid",
  "GET /signin/:uid/done",
  "GET /signin/:uid/eid-card",
  "GET /signin/assets/auto-post.js",
  "GET /signin/assets/eid-card.js",
  "GET /signin/callback/:button",
  "GET /signin/callback/eidas",
  "GET /signin/eidas/metadata",
  "GET /testbed/",
  "GET /testbed/ca/:file",
  "GET /testbed/crl/:file",
  "GET /testbed/eid-card/",
  "GET /testbed/eid-card/extension.js",
  "GET /testbed/eidas/",
  "GET /testbed/eidas/auto-post.js",
  "GET /testbed/eparaksts/",
  "GET /testbed/eparaksts/trustedx-authserver/oauth/lvrtc-eipsign-as",
  // "Phone lost" (SIG-4): the stand-in's own PIN1 sign-in guards the suspend/revoke page.
  "GET /testbed/eparaksts/my-certificate",
  "POST /testbed/eparaksts/my-certificate",
  "POST /testbed/eparaksts/my-certificate/change",
  "GET /testbed/eparaksts/trustedx-resources/openid/v1/users/me",
  "GET /testbed/mail/",
  "GET /testbed/ocsp/*",
  "GET /testbed/oots/dsd/",
  "GET /testbed/oots/dsd/rest/search",
  "GET /testbed/oots/eb/",
  "GET /testbed/oots/eb/rest/search",
  "GET /testbed/tl/LV.xml",
  "GET /testbed/tl/lotl.xml",
  "GET /testbed/vpm/",
  "GET /testbed/vpm/autosubmit.js",
  "GET /testbed/vpm/signing-certificate.pem",
  "GET /testbed/vpm/sts",
  "OPTIONS /oidc/*",
  "PATCH /oidc/*",
  "POST /ehealth/signout/:kind",
  "POST /oidc/*",
  "POST /signin/:uid/abort",
  "POST /signin/:uid/consent",
  "POST /signin/:uid/eid-card/challenge",
  "POST /signin/:uid/eid-card/token",
  "POST /signin/:uid/method/:button",
  "POST /signin/callback/:button",
  "POST /testbed/eid-card/api/certificate",
  "POST /testbed/eid-card/api/sign",
  "POST /testbed/eid-card/api/sign-document",
  "POST /testbed/eid-card/api/signing-certificate",
  "POST /testbed/eid-card/reset",
  "POST /testbed/eidas/:cc/login",
  "POST /testbed/eidas/:cc/sso",
  "POST /testbed/eparaksts/reset",
  "POST /testbed/eparaksts/trustedx-authserver/oauth/lvrtc-eipsign-as/approve",
  "POST /testbed/eparaksts/trustedx-authserver/oauth/lvrtc-eipsign-as/token",
  "POST /testbed/ocsp",
  "POST /testbed/oots/dsd/lcm/:country",
  "POST /testbed/oots/eb/lcm/:country",
  "POST /testbed/release-hold",
  "POST /testbed/revoke",
  "POST /testbed/tsa",
  "POST /testbed/vpm/sts/authenticate",
  "POST /testbed/vpm/sts/means",
  "PUT /oidc/*",
  "QUERY /oidc/*",
  "TRACE /oidc/*",
];

/** A concrete path for a route pattern: parameters filled with values of the fixture's world. */
function pathOf(url: string, world: WorkplaceWorld): string {
  return url
    .replace(":reg", world.hospital.registrationNumber)
    .replace(":id", randomUUID())
    .replace(":kind", "professional")
    .replace("*", "x");
}

describe.each(testDatabaseKinds())("route × role ($name)", (kind) => {
  let platform: TestPlatform;
  let world: WorkplaceWorld;
  const sessions = new Map<Persona, TestSession>();

  beforeAll(async () => {
    const [representative, agency, stranger] = defaultStandInPersons().slice(20, 23) as [
      TestPerson,
      TestPerson,
      TestPerson,
    ];
    platform = await startEhealthTestPlatform(kind, {
      ehealth: { seedDemo: false },
      env: { ESERVICES_AGENCY_STAFF: agency.personalCode },
    });
    world = await buildWorkplaceWorld(platform.database.db);
    const db = platform.database.db;
    const professional = (person: TestPerson) => createTestSession(db, person, "professional");
    sessions.set("citizen", await createTestSession(db, world.outsider, "citizen", { level: "substantial" }));
    sessions.set("outsider", await professional(world.outsider));
    sessions.set("doctor", await professional(world.doctor));
    sessions.set("administrator", await professional(world.administrator));
    sessions.set("operator", await professional(world.operator));
    await addRepresentative(
      db,
      {
        institutionRegistrationNumber: world.hospital.registrationNumber,
        personalCode: representative.personalCode,
        fullName: `${representative.givenName} ${representative.familyName}`,
      },
      "cli",
      new Date(),
    );
    const eservices = (person: TestPerson, as: "representative" | "agency") =>
      createEservicesTestSession(db, person, as, { secureCookies: platform.base.startsWith("https:") });
    sessions.set("representative", await eservices(representative, "representative"));
    sessions.set("agency", await eservices(agency, "agency"));
    sessions.set("stranger", await eservices(stranger, "representative"));
  }, 240_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it("every route declares its access, and every public route is a reviewed one", () => {
    const routes = declaredRoutes(platform.app).filter((r) => r.method !== "HEAD");
    expect(routes.filter((r) => r.access === undefined)).toEqual([]);
    const gated = new Set(routes.map((r) => r.access).filter((a) => a !== PUBLIC));
    for (const access of gated)
      expect(Object.keys(EXPECTED), `no expectations for ${access}`).toContain(access);
    const publicRoutes = [
      ...new Set(routes.filter((r) => r.access === PUBLIC).map((r) => `${r.method} ${r.url}`)),
    ];
    expect(publicRoutes.sort()).toEqual([...REVIEWED_PUBLIC_ROUTES].sort());
  });

  it("each gated route admits, sends to sign-in, or refuses each kind of person as its workplace says", async () => {
    const routes = declaredRoutes(platform.app).filter((r) => r.method !== "HEAD" && r.access !== PUBLIC);
    expect(routes.length).toBeGreaterThan(40);
    const mismatches: string[] = [];
    for (const route of routes) {
      const expected = EXPECTED[route.access as string];
      if (!expected) {
        mismatches.push(`${route.method} ${route.url}: no expectations for ${route.access}`);
        continue;
      }
      for (const persona of PERSONAS) {
        const session = sessions.get(persona);
        const unsafe = route.method !== "GET";
        const response = await platform.app.inject({
          method: route.method as "GET" | "POST",
          url: pathOf(route.url, world),
          headers: {
            accept: "text/html",
            ...(session ? { cookie: session.cookie } : {}),
            ...(unsafe ? { "content-type": "application/x-www-form-urlencoded" } : {}),
          },
          ...(unsafe ? { payload: new URLSearchParams({ _csrf: session?.csrf ?? "" }).toString() } : {}),
        });
        const location = String(response.headers.location ?? "");
        const outcome: Outcome =
          response.statusCode === 303 && /^\/(ehealth|eservices)\/signin\//.test(location)
            ? "sign-in"
            : response.statusCode === 403 && response.body.includes("Šī darba vieta jums nav pieejama")
              ? "refused"
              : "admitted";
        if (response.headers["cache-control"] !== "no-store") {
          mismatches.push(`${route.method} ${route.url} as ${persona}: may be cached (personal data)`);
        }
        if (outcome !== expected[persona] || response.statusCode >= 500) {
          mismatches.push(
            `${route.method} ${route.url} as ${persona}: ${outcome} (${response.statusCode}), expected ${expected[persona]}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 600_000);
});
