/**
 * What a person sees of one access to their own data (CON-9; GDPR art. 15): who by name and
 * role, and the institution by name — never personal codes or record identifiers. Of an attempt
 * that was refused, only that it was refused: whoever named this patient without a right to is
 * not disclosed to them (they may be a stranger, and the operator sees the attempt in full).
 */
import type { ReportTranslate } from "../pages/report-i18n.ts";
import type { AccessReportRow } from "./access-report.ts";
import { type ReportNames, roleKey } from "./names.ts";

export interface OwnAccessView {
  /** A name, or the refused-attempt text. */
  who: string;
  /** The person's role at the institution, or "" when not known or withheld. */
  role: string;
  /** The institution's name, or "" for the operator or when withheld. */
  institution: string;
}

export function ownAccessView(
  row: Pick<AccessReportRow, "user" | "institution" | "outcome">,
  names: ReportNames,
  rt: ReportTranslate,
): OwnAccessView {
  if (row.outcome === "denied") return { who: rt("report.refusedAttempt"), role: "", institution: "" };
  const role = names.roles.get(roleKey(row.user, row.institution));
  return {
    who: names.persons.get(row.user) ?? rt("report.unknownPerson"),
    role:
      role === "operator"
        ? rt("report.role.operator")
        : role === "administrator"
          ? rt("report.role.administrator")
          : (role ?? ""),
    institution: (row.institution && names.institutions.get(row.institution)) ?? "",
  };
}
