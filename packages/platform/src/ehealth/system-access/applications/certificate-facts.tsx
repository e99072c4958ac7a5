/** A filed certificate as the operator and the administrator read it: subject, serial, issuer, validity, key. */
import { rigaDateOf } from "../../core/calendar-date.ts";
import { showDate } from "../../core/people-dates.ts";
import type { EhealthPageContext } from "../../pages/shared-components.tsx";
import type { ConnectionApplication } from "./application-store.ts";

export function CertificateFacts(props: { ctx: EhealthPageContext; application: ConnectionApplication }) {
  const { ctx, application: a } = props;
  return (
    <ul class="plain">
      <li>{ctx.tr("ehealth.connection.subject", { subject: a.subject })}</li>
      <li>{ctx.tr("ehealth.connection.serial", { serial: a.serial })}</li>
      <li>{ctx.tr("ehealth.connection.issuer", { issuer: a.issuer })}</li>
      <li>
        {ctx.tr("ehealth.connection.validity", {
          from: showDate(rigaDateOf(a.notBefore)),
          to: showDate(rigaDateOf(a.notAfter)),
        })}
      </li>
      <li>{ctx.tr("ehealth.connection.key", { key: a.keyDescription })}</li>
    </ul>
  );
}

/** The application's status in words, with the refusal's reason. */
export function ApplicationStatus(props: { ctx: EhealthPageContext; application: ConnectionApplication }) {
  const { ctx, application: a } = props;
  return (
    <>
      <span class={`status status-${a.status}`}>{ctx.tr(`ehealth.connection.status.${a.status}`)}</span>
      {a.decidedAt && ` ${showDate(rigaDateOf(a.decidedAt))}`}
      {a.refusalReason && <p>{ctx.tr("ehealth.connection.refusedBecause", { reason: a.refusalReason })}</p>}
    </>
  );
}
