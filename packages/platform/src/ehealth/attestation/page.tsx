/**
 * The attestation page (CON-7): what a person with a right or an appointment sees at an
 * institution until they have signed — the text in the reader's language, the document to sign
 * (both languages, as one file), the upload of the signed eDoc with the reason of a refusal next
 * to the field, and what to do with a paper one. Once signed: where to go to work.
 */
import { renderPage } from "../../web/layout.tsx";
import { CsrfField, type EhealthPageContext, SignedInBar } from "../pages/shared-components.tsx";
import type { SignedInPerson } from "../web-session/web-session.ts";
import type { AttestationRefusalCode } from "./check-signed.ts";
import type { AttestationMessageKey } from "./messages.ts";
import { attestationHref } from "./paths.ts";
import { ATTESTATION_FILE_NAME, ATTESTATION_PARAGRAPHS } from "./text.ts";

export interface AttestationView {
  registrationNumber: string;
  institutionName: string;
  /** Where the person works once signed: the portal or the administrator's workplace. */
  continueTo: { href: string; label: AttestationMessageKey };
}

export function attestationPage(
  ctx: EhealthPageContext,
  person: SignedInPerson,
  view: AttestationView,
  refusal?: AttestationRefusalCode,
): string {
  const title = ctx.tr("ehealth.attestation.title");
  const error = refusal ? ctx.tr(`ehealth.attestation.refused.${refusal}`) : undefined;
  return renderPage(
    ctx,
    title,
    <>
      <SignedInBar ctx={ctx} person={person} />
      <h1>{title}</h1>
      <p class="lead">{ctx.tr("ehealth.attestation.lead", { institution: view.institutionName })}</p>
      <section aria-labelledby="attestation-text-title">
        <h2 id="attestation-text-title">{ctx.tr("ehealth.attestation.textTitle")}</h2>
        {ATTESTATION_PARAGRAPHS[ctx.language].map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
      </section>
      <section aria-labelledby="attestation-how-title">
        <h2 id="attestation-how-title">{ctx.tr("ehealth.attestation.howTitle")}</h2>
        <ol>
          <li>
            {ctx.tr("ehealth.attestation.step.download")}{" "}
            <a
              href={attestationHref(view.registrationNumber, ATTESTATION_FILE_NAME)}
              download={ATTESTATION_FILE_NAME}
            >
              {ctx.tr("ehealth.attestation.download")}
            </a>
          </li>
          <li>{ctx.tr("ehealth.attestation.step.sign")}</li>
          <li>{ctx.tr("ehealth.attestation.step.upload")}</li>
        </ol>
        <form method="post" action={attestationHref(view.registrationNumber)} enctype="multipart/form-data">
          <CsrfField token={person.csrfToken} />
          <div class={error ? "field field-error" : "field"}>
            <label for="attestation-edoc">{ctx.tr("ehealth.attestation.field.edoc")}</label>
            {error && (
              <p class="error-message" id="attestation-edoc-error" role="alert">
                {error}
              </p>
            )}
            <input
              id="attestation-edoc"
              name="edoc"
              type="file"
              accept=".edoc,.asice,application/vnd.etsi.asic-e+zip"
              required
              aria-invalid={error ? "true" : undefined}
              aria-describedby={error ? "attestation-edoc-error" : undefined}
            />
          </div>
          <p>
            <button type="submit">{ctx.tr("ehealth.attestation.submit")}</button>
          </p>
        </form>
        <p>{ctx.tr("ehealth.attestation.paper")}</p>
      </section>
    </>,
  );
}

export function attestationSignedPage(
  ctx: EhealthPageContext,
  person: SignedInPerson,
  view: AttestationView,
): string {
  const title = ctx.tr("ehealth.attestation.signed.title");
  return renderPage(
    ctx,
    title,
    <>
      <SignedInBar ctx={ctx} person={person} />
      <h1>{title}</h1>
      <p role="status">{ctx.tr("ehealth.attestation.signed.body")}</p>
      <p>
        <a href={view.continueTo.href}>{ctx.tr(view.continueTo.label)}</a>
      </p>
    </>,
  );
}
