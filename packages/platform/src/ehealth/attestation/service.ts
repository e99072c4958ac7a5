/**
 * The attestation (CON-7) as actions: a person signs it themselves with a qualified electronic
 * signature (the eDoc is verified, then the attestation row, its proof and an audit record are
 * written in one transaction), or the operator records a paper one with its evidence.
 *
 * Retention (CON-7, ANX1-6: 10 years after employment ends): the attestation row gets its
 * `retain_until` from the user's employment end or the administrator's appointment end
 * (people-store.ts); the database refuses to delete the row or its proof before that day, and
 * refuses to change what was signed (migrations' guards).
 */
import { appendAuditRecord } from "../../audit/index.ts";
import { type Attestation, hasSignedAttestation, insertAttestation } from "../adapters/people-store.ts";
import type { SignatureTrust } from "../documents/signature-check.ts";
import { EhealthError } from "../errors.ts";
import { authorized, type Caller, personId, type ServiceDeps } from "../services/authorize.ts";
import * as check from "../services/validate.ts";
import { AttestationRefusal, verifySignedAttestation } from "./check-signed.ts";
import { type AttestationHolder, attestationHolderOf, insertAttestationProof, sha256Of } from "./store.ts";
import { ATTESTATION_VERSION } from "./text.ts";

/** What the attestation page needs: whether this person owes one here, and whether it is signed. */
export async function attestationStateOf(
  deps: ServiceDeps,
  personCode: string,
  registrationNumber: string,
): Promise<{ holder: AttestationHolder | undefined; signed: boolean }> {
  const [holder, signed] = await Promise.all([
    attestationHolderOf(deps.db, personCode, registrationNumber),
    hasSignedAttestation(deps.db, personCode, registrationNumber),
  ]);
  return { holder, signed };
}

const signerOf = (holder: AttestationHolder) =>
  holder.kind === "user"
    ? { kind: "user" as const, user: holder.user }
    : { kind: "administrator" as const, administrator: holder.administrator };

/**
 * The signed-in person's own attestation at the institution, from their signed eDoc. Refused
 * (AttestationRefusal, audited as denied with its code) when the file is not their qualified,
 * time-stamped signature over the current text.
 */
export async function signAttestation(
  deps: ServiceDeps & { trust: SignatureTrust },
  caller: Caller,
  registrationNumber: string,
  edoc: Uint8Array,
): Promise<Attestation> {
  const now = deps.clock?.() ?? new Date();
  const base = {
    actor: personId(caller.personCode),
    actingFor: registrationNumber,
    action: "ehealth.attestation.signed",
    legalGround: "CON-7",
    clientAddress: caller.clientAddress ?? null,
    correlationId: caller.correlationId ?? null,
  };
  const holder = await attestationHolderOf(deps.db, caller.personCode, registrationNumber);
  if (!holder)
    throw new EhealthError("forbidden", "no right or appointment at this institution", {
      reason: "no-right",
    });
  let signedAt: Date;
  try {
    ({ signedAt } = await verifySignedAttestation(edoc, deps.trust, caller.personCode));
  } catch (error) {
    if (error instanceof AttestationRefusal)
      await appendAuditRecord(
        deps.db,
        {
          ...base,
          object: `institution:${registrationNumber}`,
          outcome: "denied",
          purpose: `refused=${error.code}`,
        },
        now,
      );
    throw error;
  }
  return deps.db.transaction().execute(async (trx) => {
    if (await hasSignedAttestation(trx, caller.personCode, registrationNumber))
      throw new EhealthError("conflict", "the attestation is already signed here");
    const attestation = await insertAttestation(trx, {
      signer: signerOf(holder),
      formVersion: ATTESTATION_VERSION,
      signedAt,
      evidence: `signed-edoc sha256:${sha256Of(edoc)}`,
    });
    await insertAttestationProof(
      trx,
      attestation.id,
      { kind: "signed-edoc", content: edoc, mediaType: "application/vnd.etsi.asic-e+zip" },
      now,
    );
    await appendAuditRecord(
      trx,
      { ...base, object: `attestation:${attestation.id}`, outcome: "success" },
      now,
    );
    return attestation;
  });
}

export interface PaperAttestationInput {
  registrationNumber: string;
  personCode: string;
  /** The day the paper was signed, as people type it (7.12.2026 or 2026-12-07). */
  signedOn: string;
  /** Where the paper is: a file number, a letter's reference. */
  reference: string;
  /** A scan of the paper (optional), kept as the proof. */
  scan?: { content: Uint8Array; mediaType: string };
}

/** The operator records a paper attestation with its evidence (CON-7); audited like every operator action. */
export async function recordPaperAttestation(
  deps: ServiceDeps,
  caller: Caller,
  input: PaperAttestationInput,
): Promise<Attestation> {
  const registrationNumber = check.registrationNumber(input.registrationNumber);
  const personCode = check.personCode(input.personCode);
  const signedOn = check.calendarDate(input.signedOn, "signedOn");
  const reference = check.text(input.reference, "reference", 200);
  return authorized(deps, caller, {
    policy: "institution.manage",
    institution: registrationNumber,
    audit: {
      action: "ehealth.attestation.recorded",
      object: `institution:${registrationNumber}`,
      legalGround: "CON-7",
    },
    objectOf: (attestation) => `attestation:${attestation.id}`,
    async work({ trx, now }) {
      const holder = await attestationHolderOf(trx, personCode, registrationNumber);
      if (!holder) throw new EhealthError("not-found", "no user or administrator with this code here");
      if (await hasSignedAttestation(trx, personCode, registrationNumber))
        throw new EhealthError("conflict", "the attestation is already signed here");
      const attestation = await insertAttestation(trx, {
        signer: signerOf(holder),
        formVersion: ATTESTATION_VERSION,
        // Noon UTC falls on the same calendar day in Riga in winter and in summer.
        signedAt: new Date(`${signedOn}T12:00:00Z`),
        evidence: `paper ${reference}`,
      });
      if (input.scan)
        await insertAttestationProof(trx, attestation.id, { kind: "paper-scan", ...input.scan }, now);
      return attestation;
    },
  });
}
