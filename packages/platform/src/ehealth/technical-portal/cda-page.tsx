/**
 * The CDA documents the e-health system accepts (ANX2-12, ANX2-13): the document types (the
 * `document-types` classifier), the parts the upload checks require (documents/check-upload.ts),
 * the signature profile (SIG-5) and a sample made by the same builder as `tilts ehealth sample-cda`.
 */
import type { PageContext } from "../../web/layout.tsx";
import { PERSONAL_CODE_ROOT } from "../documents/index.ts";
import type { Classifier } from "./classifier-source.ts";
import { TECHNICAL_PORTAL_MESSAGES } from "./messages.ts";
import { TECHNICAL_PORTAL_PATHS } from "./paths.ts";
import { portalPage } from "./portal-page.tsx";

export function cdaPage(ctx: PageContext, documentTypes: Classifier | undefined): string {
  const t = TECHNICAL_PORTAL_MESSAGES[ctx.language].cda;
  return portalPage(
    ctx,
    "cda",
    t.title,
    <>
      <p class="lead">{t.intro}</p>
      <h2>{t.typesTitle}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.code}</th>
            <th scope="col">{t.display}</th>
          </tr>
        </thead>
        <tbody>
          {(documentTypes?.codes ?? []).map((c) => (
            <tr key={c.code}>
              <td>
                <code>{c.code}</code>
              </td>
              <td>{c.display[ctx.language]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t.requiredTitle}</h2>
      <ul>
        {t.required(PERSONAL_CODE_ROOT).map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <h2>{t.signatureTitle}</h2>
      <ul>
        {t.signature.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <h2>{t.sampleTitle}</h2>
      <p>
        {t.sample} <code>tilts ehealth sample-cda --sign</code>.
      </p>
      <p>
        <a href={TECHNICAL_PORTAL_PATHS.sampleCda} download="sample-cda.xml">
          {t.sampleLink}
        </a>
      </p>
    </>,
  );
}
