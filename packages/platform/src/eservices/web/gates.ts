/**
 * The registration workplaces' gates (http/route-access.ts): signed in at level high as the
 * kind (the core's gate, with CSRF), and then — representative: listed as a representative of at
 * least one institution (SIG-6); agency: named in ESERVICES_AGENCY_STAFF (ESV-3). Anyone else
 * gets a refusal page that says whom to ask, and the attempt is audited.
 */
import type { Kysely } from "kysely";
import type { AccessGate } from "../../http/route-access.ts";
import { pageContext } from "../../web/layout.tsx";
import { html } from "../../web/respond.ts";
import { recordRegistryEvent } from "../audit-events.ts";
import type { EservicesDatabase } from "../database.ts";
import { workplaceText } from "./messages.ts";
import { messagePage } from "./pages.tsx";
import { institutionsRepresentedBy } from "./representative-forms.ts";
import { type EservicesKind, eservicesSession } from "./session.ts";

export const ESERVICES_ACCESS = {
  representative: "eservices:representative",
  agency: "eservices:agency",
} as const;

interface GateDeps {
  db: Kysely<EservicesDatabase>;
  agencyStaff: readonly string[];
  now: () => Date;
}

function gateOf(
  deps: GateDeps,
  kind: EservicesKind,
  admits: (personalCode: string) => Promise<boolean>,
): AccessGate {
  const signedIn = eservicesSession.gate(kind);
  return async (request, reply) => {
    const answered = await signedIn(request, reply);
    if (answered) return answered;
    const person = eservicesSession.signedInOf(request);
    if (person && (await admits(person.personCode))) return undefined;
    await recordRegistryEvent(
      deps.db,
      {
        actor: person?.subject ?? "unidentified",
        institution: null,
        action: "eservices.workplace.refused",
        object: `workplace:${kind}`,
        outcome: "denied",
        clientAddress: request.ip,
      },
      deps.now(),
    );
    const ctx = pageContext(request.language, request.url);
    const t = workplaceText[ctx.language];
    const why = kind === "agency" ? t.refusedAgency : t.refusedRepresentative;
    return html(reply, 403, messagePage(ctx, t.refusedTitle, why));
  };
}

export function representativeGate(deps: GateDeps): AccessGate {
  return gateOf(
    deps,
    "representative",
    async (code) => (await institutionsRepresentedBy(deps.db, code)).length > 0,
  );
}

export function agencyGate(deps: GateDeps): AccessGate {
  return gateOf(deps, "agency", async (code) => deps.agencyStaff.includes(code));
}
