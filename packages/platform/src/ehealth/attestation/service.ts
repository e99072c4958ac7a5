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
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../../audit/index.ts";
import { type Attestation, hasSignedAttestation, insertAttestation } from "../adapters/people-store.ts";
import type { EhealthDatabase as Database } from "../database.ts";
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

interface CheckedPaper {
  registrationNumber: string;
  personCode: string;
  signedOn: string;
  reference: string;
  scan?: { content: Uint8Array; mediaType: string };
}

function checkPaper(input: PaperAttestationInput): CheckedPaper {
  return {
    registrationNumber: check.registrationNumber(input.registrationNumber),
    personCode: check.personCode(input.personCode),
    signedOn: check.calendarDate(input.signedOn, "signedOn"),
    reference: check.text(input.reference, "reference", 200),
    ...(input.scan ? { scan: input.scan } : {}),
  };
}

async function writePaperAttestation(
  trx: Kysely<Database>,
  paper: CheckedPaper,
  now: Date,
): Promise<Attestation> {
  const holder = await attestationHolderOf(trx, paper.personCode, paper.registrationNumber);
  if (!holder) throw new EhealthError("not-found", "no user or administrator with this code here");
  if (await hasSignedAttestation(trx, paper.personCode, paper.registrationNumber))
    throw new EhealthError("conflict", "the attestation is already signed here");
  const attestation = await insertAttestation(trx, {
    signer: signerOf(holder),
    formVersion: ATTESTATION_VERSION,
    // Noon UTC falls on the same calendar day in Riga in winter and in summer.
    signedAt: new Date(`${paper.signedOn}T12:00:00Z`),
    evidence: `paper ${paper.reference}`,
  });
  if (paper.scan)
    await insertAttestationProof(trx, attestation.id, { kind: "paper-scan", ...paper.scan }, now);
  return attestation;
}

/** The operator records a paper attestation with its evidence (CON-7); audited like every operator action. */
export async function recordPaperAttestation(
  deps: ServiceDeps,
  caller: Caller,
  input: PaperAttestationInput,
): Promise<Attestation> {
  const paper = checkPaper(input);
  return authorized(deps, caller, {
    policy: "institution.manage",
    institution: paper.registrationNumber,
    audit: {
      action: "ehealth.attestation.recorded",
      object: `institution:${paper.registrationNumber}`,
      legalGround: "CON-7",
    },
    objectOf: (attestation) => `attestation:${attestation.id}`,
    work: ({ trx, now }) => writePaperAttestation(trx, paper, now),
  });
}

/**
 * The same from the operator's terminal (`tilts ehealth attestation record`): whoever runs the CLI
 * on the server is the operator; the audit record's actor is `cli`, in the same transaction.
 */
export async function recordPaperAttestationFromCli(
  db: Kysely<Database>,
  input: PaperAttestationInput,
  now: Date,
): Promise<Attestation> {
  const paper = checkPaper(input);
  return db.transaction().execute(async (trx) => {
    const attestation = await writePaperAttestation(trx, paper, now);
    await appendAuditRecord(
      trx,
      {
        actor: "cli",
        actingFor: "operator",
        action: "ehealth.attestation.recorded",
        object: `attestation:${attestation.id}`,
        legalGround: "CON-7",
        outcome: "success",
      },
      now,
    );
    return attestation;
  });
}
