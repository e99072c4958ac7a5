/**
 * What a sign-in method hands back once it has verified a person: the means actually used, the
 * level that means' OWN evidence supports (LVRTC's acr+amr, a certificate's policy, an assertion's
 * level — never what the relying party asked for), and who the person is.
 */
import type { Level } from "./levels.ts";

/** The means a person used; each is also its `amr` value in the ID token. */
export const METHOD_IDS = ["eparaksts-mobile", "eid-card", "vpm", "bank", "eidas", "smart-id"] as const;
export type MethodId = (typeof METHOD_IDS)[number];

/** A person known by a Latvian personal code. */
export interface LatvianPerson {
  kind: "latvian";
  /** Normalised `XXXXXX-XXXXX`, already validated by the method. */
  personalCode: string;
  givenName: string;
  familyName: string;
  /** ISO `YYYY-MM-DD`, when the evidence or the code carries it. */
  birthDate?: string;
  /** Earlier personal codes (spec §2.2: VPM returns them; the identity store keeps them). */
  previousCodes: string[];
}

/** A foreign person as their eIDAS node identifies them (`PNO<CC>-…` or the node's form). */
export interface ForeignPerson {
  kind: "foreign";
  identifier: string;
  givenName: string;
  familyName: string;
  birthDate?: string;
}

export type EvidencePerson = LatvianPerson | ForeignPerson;

export interface SignInEvidence {
  method: MethodId;
  /** A broker the means was used through (e.g. a bank chosen inside Latvija.lv's module). */
  via?: MethodId;
  level: Level;
  person: EvidencePerson;
}

/** The `amr` claim (RFC 8176 style: the broker first, then the means). */
export function amrOf(evidence: Pick<SignInEvidence, "method" | "via">): string[] {
  return evidence.via && evidence.via !== evidence.method
    ? [evidence.via, evidence.method]
    : [evidence.method];
}
