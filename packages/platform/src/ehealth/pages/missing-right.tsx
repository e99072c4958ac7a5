/**
 * The right a refusal names, in words (Latvian pages carry no codes): what may be done, where, and
 * which roles may do it — e.g. "pacienta meklēšana šajā iestādē (lomas: ārsts, māsa, …)". The code
 * itself (`patient.find@… (doctor, …)`) is kept in a closed "technical details" disclosure, for a
 * helpdesk that asks for it; text of an unknown shape is shown there only.
 */
import { readMissingRight } from "../core/rights-policy.ts";
import type { EhealthMessageKey, EhealthTranslate } from "../i18n.ts";

export function missingRightInWords(code: string, tr: EhealthTranslate): string | undefined {
  const parts = readMissingRight(code);
  if (!parts) return undefined;
  const what = tr(`ehealth.right.${parts.action}` as EhealthMessageKey);
  const where = parts.inInstitution ? ` ${tr("ehealth.right.inInstitution")}` : "";
  const who =
    parts.action === "report.own"
      ? tr("ehealth.right.ownData")
      : tr("ehealth.right.roles", {
          roles: parts.roles.map((r) => tr(`ehealth.role.${r}` as EhealthMessageKey)).join(", "),
        });
  return `${what}${where} (${who})`;
}

export function MissingRight({ code, tr, label }: { code: string; tr: EhealthTranslate; label: string }) {
  const words = missingRightInWords(code, tr);
  return (
    <>
      {words && (
        <p>
          {label} <strong class="missing-right">{words}</strong>
        </p>
      )}
      <details class="technical-details">
        <summary>{tr("ehealth.technicalDetails")}</summary>
        <code class="missing-right-code">{code}</code>
      </details>
    </>
  );
}
