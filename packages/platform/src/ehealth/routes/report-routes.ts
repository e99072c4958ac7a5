/**
 * Access report routes (issue 6 item 5). Thin: read the form, ask report-service.ts, render.
 *   GET /ehealth/reports/operator[/export.csv]     the operator's staff: any patient/user/institution
 *   GET /ehealth/reports/institution[/export.csv]  an administrator: their institution
 *   GET /ehealth/my-report/[export.csv]            a person (citizen sign-in): their own report
 * Filters travel in the query string (`kind`, `id`, `institution`, `from`, `to`, `after`), so a
 * report can be bookmarked and paged; every value is length-limited before use.
 */

import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { sharedHandle } from "../../core/module/index.ts";
import { ensureSecret } from "../../identity/index.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { type ReportMessageKey, reportLabel, reportTranslator } from "../pages/report-i18n.ts";
import {
  type ReportForm,
  type ReportVariant,
  reportPage,
  reportRefusedPage,
  type SubjectKind,
} from "../pages/report-pages.tsx";
import { ehealthPageContext } from "../pages/shared-components.tsx";
import { formatCursor, parseCursor, type ReportCursor } from "../reports/access-report.ts";
import { csvChunks } from "../reports/csv.ts";
import { ReportError } from "../reports/errors.ts";
import { loadReportNames } from "../reports/names.ts";
import { ownAccessView } from "../reports/own-access-view.ts";
import {
  exportReport,
  type ReportDeps,
  type ReportRequest,
  reportInstitutions,
  type Viewer,
  viewReport,
} from "../reports/report-service.ts";
import { rigaDateTime } from "../reports/riga-time.ts";
import { requireSignIn, type SignedInPerson } from "../web-session/web-session.ts";
import { type PatientRefs, patientRefs } from "./patient-ref.ts";

export const REPORT_PATHS = {
  operator: "/ehealth/reports/operator",
  institution: "/ehealth/reports/institution",
  mine: "/ehealth/my-report/",
} as const;

const CSV_SUFFIX: Record<ReportVariant, string> = {
  operator: "/export.csv",
  institution: "/export.csv",
  mine: "export.csv",
};

export interface ReportRouteDeps {
  db: Kysely<Database>;
  now: () => Date;
}

const MAX_FIELD = 64;

/** The columns of a person's own report export: no personal codes or record identifiers. */
const OWN_HEADER = [
  "report.table.time",
  "report.table.user",
  "report.table.role",
  "report.table.institution",
  "report.table.action",
  "report.table.purpose",
  "report.table.legalGround",
  "report.table.outcome",
] as const;
const KINDS: Record<ReportVariant, readonly SubjectKind[]> = {
  operator: ["patient", "user", "institution"],
  institution: ["all", "patient", "user"],
  mine: [],
};

/** One report's page and CSV export; each variant lives in its own workplace (module.ts). */
export function registerReportRoutes(
  app: FastifyInstance,
  deps: ReportRouteDeps,
  variant: ReportVariant,
): void {
  const service: ReportDeps = { db: deps.db, now: deps.now };
  const path = REPORT_PATHS[variant];
  app.get(path, { schema: { hide: true } }, (request, reply) => showPage(service, variant, request, reply));
  // The filter form is posted (CSRF checked by the workplace gate): its answer is the report's
  // address, with a person's code sealed into an opaque reference.
  app.post(path, { schema: { hide: true } }, async (request, reply) => {
    const person = await requireSignIn(request, reply, variant === "mine" ? "citizen" : "professional");
    if (!person) return reply;
    const form = readForm(variant, request.body);
    if (namesPerson(form.kind) && form.id)
      form.idRef = (await refsOf(service.db)).seal(form.id, person.subject);
    return reply.redirect(hrefOf(path, form, variant), 303);
  });
  app.get(`${path}${CSV_SUFFIX[variant]}`, { schema: { hide: true } }, (request, reply) =>
    sendCsv(service, variant, request, reply),
  );
}

/** A reference that does not open for this viewer: undefined (answered by badAddressPage). */
function badAddress(error: unknown): undefined {
  if (error instanceof ReportError) return undefined;
  throw error;
}

/** 400 with an empty form and the message to search again; nothing was looked at or recorded. */
function badAddressPage(
  reply: FastifyReply,
  ctx: ReturnType<typeof ehealthPageContext>,
  person: SignedInPerson,
  variant: ReportVariant,
): FastifyReply {
  const form: ReportForm = {
    kind: KINDS[variant][0] ?? "patient",
    id: "",
    institution: "",
    from: "",
    to: "",
  };
  return html(
    reply,
    400,
    reportPage({
      ctx,
      person,
      variant,
      path: REPORT_PATHS[variant],
      form,
      errors: ["report.error.bad-subject"],
    }),
  );
}

/** Whether a report's subject is a person (a patient or a user): then its id is a personal code. */
const namesPerson = (kind: SubjectKind) => kind === "patient" || kind === "user";

let references: Promise<PatientRefs> | undefined;
/** The sealer of personal codes in report addresses (the same shared secret as the portal's). */
function refsOf(db: ReportRouteDeps["db"]): Promise<PatientRefs> {
  references ??= ensureSecret(sharedHandle(db), "ehealth-patient-reference").then(patientRefs);
  return references;
}

/**
 * The form as an address gives it: a person's id arrives as a reference and is opened for this
 * viewer; a personal code typed into the address is not taken (the form asks for it again).
 */
async function readAddress(
  service: ReportDeps,
  variant: ReportVariant,
  query: unknown,
  person: SignedInPerson,
): Promise<ReportForm> {
  const form = readForm(variant, query);
  if (namesPerson(form.kind) && form.id) {
    const opened = (await refsOf(service.db)).open(form.id, person.subject);
    if (opened === undefined) throw new ReportError("bad-subject", "not a reference this viewer's form gave");
    form.idRef = form.id;
    form.id = opened;
  }
  return form;
}

function field(query: Record<string, unknown>, name: string): string {
  const value = query[name];
  if (typeof value !== "string") return "";
  // Over-long input is not shortened into something else: it fails validation as it is.
  return value.length > MAX_FIELD ? value.slice(0, MAX_FIELD + 1) : value.trim();
}

function readForm(variant: ReportVariant, query: unknown): ReportForm {
  const q = (query && typeof query === "object" ? query : {}) as Record<string, unknown>;
  const kind = field(q, "kind") as SubjectKind;
  return {
    kind: KINDS[variant].includes(kind) ? kind : (KINDS[variant][0] ?? "patient"),
    id: field(q, "id"),
    institution: field(q, "institution"),
    from: field(q, "from"),
    to: field(q, "to"),
  };
}

function toRequest(variant: ReportVariant, form: ReportForm): ReportRequest {
  const dates = { ...(form.from ? { from: form.from } : {}), ...(form.to ? { to: form.to } : {}) };
  if (variant === "mine") return { variant, ...dates };
  if (variant === "operator")
    return { variant, kind: form.kind as "patient" | "user" | "institution", id: form.id, ...dates };
  return {
    variant,
    institution: form.institution,
    kind: form.kind as "all" | "patient" | "user",
    id: form.id,
    ...dates,
  };
}

/** The address of this report with these filters (and a cursor), for links. */
function hrefOf(path: string, form: ReportForm, variant: ReportVariant, after?: ReportCursor): string {
  const params = new URLSearchParams();
  if (variant !== "mine") {
    if (variant === "institution" && form.institution) params.set("institution", form.institution);
    params.set("kind", form.kind);
    if (form.id) params.set("id", form.idRef ?? form.id);
  }
  if (form.from) params.set("from", form.from);
  if (form.to) params.set("to", form.to);
  if (after) params.set("after", formatCursor(after));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function viewerOf(person: SignedInPerson, request: FastifyRequest): Viewer {
  return {
    personCode: person.personCode,
    level: person.level,
    clientAddress: request.ip,
    correlationId: request.id,
  };
}

/** Whether the form asks for a report yet (the operator's empty form asks for nothing). */
function asksForReport(variant: ReportVariant, form: ReportForm): boolean {
  if (variant === "operator") return form.id !== "";
  if (variant === "institution") return form.institution !== "" && (form.kind === "all" || form.id !== "");
  return true;
}

async function showPage(
  service: ReportDeps,
  variant: ReportVariant,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const person = await requireSignIn(request, reply, variant === "mine" ? "citizen" : "professional");
  if (!person) return reply;
  const ctx = ehealthPageContext(request.language, request.url);
  const path = REPORT_PATHS[variant];
  const form = await readAddress(service, variant, request.query, person).catch(badAddress);
  if (!form) return badAddressPage(reply, ctx, person, variant);
  const viewer = viewerOf(person, request);
  const institutions = variant === "institution" ? await reportInstitutions(service, viewer) : undefined;
  if (variant === "institution" && !form.institution && institutions?.length === 1)
    form.institution = institutions[0]!.registrationNumber;
  const render = (
    status: number,
    extra: { errors?: ReportMessageKey[]; result?: Parameters<typeof reportPage>[0]["result"] },
  ) =>
    html(
      reply,
      status,
      reportPage({ ctx, person, variant, path, form, ...(institutions ? { institutions } : {}), ...extra }),
    );

  if (!asksForReport(variant, form)) {
    const errors: ReportMessageKey[] =
      variant === "institution" && !form.institution && (institutions?.length ?? 0) === 0
        ? ["report.error.chooseInstitution"]
        : [];
    return render(200, { errors });
  }
  try {
    const afterText = field(request.query as Record<string, unknown>, "after");
    const after = afterText ? parseCursor(afterText) : undefined;
    const viewed = await viewReport(service, viewer, toRequest(variant, form), after ? { after } : {});
    return render(200, {
      result: {
        rows: viewed.rows,
        names: viewed.names,
        olderHref: viewed.next ? hrefOf(path, form, variant, viewed.next) : null,
        newestHref: after ? hrefOf(path, form, variant) : null,
        csvHref: hrefOf(`${path}${CSV_SUFFIX[variant]}`, form, variant),
      },
    });
  } catch (error) {
    if (!(error instanceof ReportError)) throw error;
    if (error.code === "not-allowed")
      return html(
        reply,
        403,
        reportRefusedPage(ctx, person, { missingRight: error.missingRight ?? "", reason: error.reason }),
      );
    return render(400, { errors: [`report.error.${error.code}`] });
  }
}

async function sendCsv(
  service: ReportDeps,
  variant: ReportVariant,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const person = await requireSignIn(request, reply, variant === "mine" ? "citizen" : "professional");
  if (!person) return reply;
  const form = await readAddress(service, variant, request.query, person).catch(badAddress);
  if (!form) return badAddressPage(reply, ehealthPageContext(request.language, request.url), person, variant);
  const rt = reportTranslator(request.language);
  if (variant === "institution" && !form.institution) {
    const institutions = await reportInstitutions(service, viewerOf(person, request));
    if (institutions.length === 1) form.institution = institutions[0]!.registrationNumber;
  }
  let batches: Awaited<ReturnType<typeof exportReport>>;
  try {
    if (!asksForReport(variant, form)) throw new ReportError("bad-subject", "nothing asked for");
    batches = await exportReport(service, viewerOf(person, request), toRequest(variant, form));
  } catch (error) {
    if (!(error instanceof ReportError)) throw error;
    const ctx = ehealthPageContext(request.language, request.url);
    if (error.code === "not-allowed")
      return html(
        reply,
        403,
        reportRefusedPage(ctx, person, { missingRight: error.missingRight ?? "", reason: error.reason }),
      );
    return html(
      reply,
      400,
      reportPage({
        ctx,
        person,
        variant,
        path: REPORT_PATHS[variant],
        form,
        errors: [`report.error.${error.code}`],
      }),
    );
  }
  const header =
    variant === "mine"
      ? OWN_HEADER.map((key) => rt(key))
      : [
          rt("report.table.time"),
          rt("report.table.userCode"),
          rt("report.table.user"),
          rt("report.table.institutionNumber"),
          rt("report.table.institution"),
          rt("report.table.patient"),
          rt("report.table.action"),
          rt("report.table.purpose"),
          rt("report.table.legalGround"),
          rt("report.table.outcome"),
          rt("report.table.refusal"),
          rt("report.table.object"),
        ];
  // Names are looked up per batch, so memory stays one batch whatever the report's size.
  async function* named() {
    for await (const rows of batches) {
      const names = await loadReportNames(service.db, {
        persons: rows.map((r) => r.user),
        institutions: rows.map((r) => r.institution),
      });
      yield rows.map((r) => ({ r, names }));
    }
  }
  const chunks = csvChunks(header, named(), ({ r, names }) => {
    if (variant === "mine") {
      // A person's own report: names and roles, no codes; a refused attempt without who tried.
      const view = ownAccessView(r, names, rt);
      return [
        rigaDateTime(r.recordedAt),
        view.who,
        view.role,
        view.institution,
        reportLabel(rt, "action", r.action),
        r.purpose ? reportLabel(rt, "purpose", r.purpose) : "",
        r.legalGround ?? "",
        reportLabel(rt, "outcome", r.outcome),
      ];
    }
    return [
      rigaDateTime(r.recordedAt),
      r.user,
      names.persons.get(r.user) ?? "",
      r.institution ?? "",
      (r.institution && names.institutions.get(r.institution)) ?? "",
      r.patient ?? "",
      reportLabel(rt, "action", r.action),
      r.purpose ? reportLabel(rt, "purpose", r.purpose) : "",
      r.legalGround ?? "",
      reportLabel(rt, "outcome", r.outcome),
      r.refusal ?? "",
      r.object ?? "",
    ];
  });
  const filename = `${rt("report.csv.filename")}-${rigaDateOf(service.now())}.csv`;
  reply
    .code(200)
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${filename}"`)
    .header("cache-control", "no-store");
  return reply.send(Readable.from(chunks));
}

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);
}
