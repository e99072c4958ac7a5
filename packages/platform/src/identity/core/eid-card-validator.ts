/**
 * Validates a Web eID authentication token as the Web eID project's validators do, as a pipeline
 * of named steps (DESIGN.md), cheapest and offline first so a forged token never costs an OCSP
 * request:
 *   1. check-nonce        the challenge we issued to this sign-in: known, unused, unexpired — first,
 *                         so no other refusal is ever recorded against a challenge that is not
 *                         this interaction's own first use (its outcome row belongs to someone else)
 *   2. parse-token        size limits, JSON shape, format "web-eid:1[.x]", algorithm allowlist
 *   3. check-certificate  validity, digitalSignature + clientAuth, PNOLV subject, policy → level
 *   4. check-signature    over hash(origin) ‖ hash(nonce), origin = our public origin
 *   5. check-path         @tilts/trust validateCertificatePath to the trusted eID CAs, revocation
 *                         required (OCSP from the certificate's AIA, through the injected fetch;
 *                         an answer whose thisUpdate is older than OCSP_MAX_AGE_MS is no answer)
 * Every refusal is an IdentityError with an `eid-…` code. The level comes from the certificate.
 */
import { type PathValidationResult, parseOcspResponse, validateCertificatePath } from "@tilts/trust";
import { IdentityError } from "../errors.ts";
import { checkEidCertificate } from "./eid-card-certificate.ts";
import { verifyWebEidSignature } from "./eid-card-signature.ts";
import { parseWebEidToken, type WebEidToken } from "./eid-card-token.ts";
import type { SignInEvidence } from "./evidence.ts";

/** The challenge as the store found it (undefined: never issued to this sign-in). */
export interface ChallengeRecord {
  nonce: string;
  expiresAt: Date;
  /** False when this request was not the first to present the challenge (a replay). */
  firstUse: boolean;
}

export interface EidCardTrust {
  /** Trusted issuing CAs of eID authentication certificates (DER). */
  anchors: Uint8Array[];
  /** Certificate policy OIDs that make a card's authentication "high". */
  highPolicies: readonly string[];
  fetchOcsp: (url: string, request: Uint8Array) => Promise<Uint8Array | undefined>;
}

export interface EidCardValidationInput {
  tokenText: string;
  challenge: ChallengeRecord | undefined;
  /** Our public origin, e.g. "https://tilts.example" (what the browser reported to the card). */
  origin: string;
  /** The sign-in clock: nonce expiry. */
  now: Date;
  /** When certificates and OCSP answers are judged (the real time of validation). */
  validationTime: Date;
  trust: EidCardTrust;
}

function checkNonce(challenge: ChallengeRecord | undefined, now: Date): string {
  if (!challenge) throw new IdentityError("eid-nonce-unknown", "no such challenge for this sign-in");
  if (!challenge.firstUse) throw new IdentityError("eid-nonce-replayed", "the challenge was already used");
  if (challenge.expiresAt <= now) throw new IdentityError("eid-nonce-expired", "the challenge has expired");
  return challenge.nonce;
}

function checkSignature(
  token: WebEidToken,
  input: EidCardValidationInput,
  nonce: string,
  publicKey: import("node:crypto").KeyObject,
) {
  const ok = verifyWebEidSignature({
    algorithm: token.algorithm,
    publicKey,
    signature: token.signature,
    origin: input.origin,
    nonce,
  });
  // A token made for another site (wrong origin) fails here too: the origin is only in the signature.
  if (!ok)
    throw new IdentityError(
      "eid-signature-invalid",
      "the signature does not cover our origin and the challenge",
    );
}

const PATH_CODES: Partial<
  Record<string, "eid-certificate-revoked" | "eid-revocation-unavailable" | "eid-certificate-expired">
> = {
  revoked: "eid-certificate-revoked",
  "revocation-unavailable": "eid-revocation-unavailable",
  "revocation-stale": "eid-revocation-unavailable",
  expired: "eid-certificate-expired",
};

/**
 * How old an OCSP answer's thisUpdate may be (Web eID validators: two minutes, plus a minute of
 * the responders' backdating and clock skew). OCSP travels over plain HTTP and the path validator
 * accepts any answer until its nextUpdate (24 h without one): a "good" answer kept from before a
 * revocation could otherwise be replayed for a stolen card.
 */
export const OCSP_MAX_AGE_MS = 3 * 60_000;

/** False when any SingleResponse of a basic OCSP answer is older than OCSP_MAX_AGE_MS at `at`. */
function ocspAnswerFresh(der: Uint8Array, at: Date): boolean {
  let parsed: ReturnType<typeof parseOcspResponse>;
  try {
    parsed = parseOcspResponse(der);
  } catch {
    return true; // garbage: the path validator refuses it itself
  }
  if (parsed.kind !== "basic") return true; // no status in it to trust
  const oldest = at.getTime() - OCSP_MAX_AGE_MS;
  return parsed.responses.every((single) => single.thisUpdate.getTime() >= oldest);
}

async function checkPath(token: WebEidToken, input: EidCardValidationInput): Promise<void> {
  const fetchOcsp = async (url: string, request: Uint8Array) => {
    const answer = await input.trust.fetchOcsp(url, request);
    return answer && ocspAnswerFresh(answer, input.validationTime) ? answer : undefined;
  };
  let result: PathValidationResult;
  try {
    result = await validateCertificatePath({
      leaf: token.unverifiedCertificate,
      anchors: input.trust.anchors,
      at: input.validationTime,
      purpose: "clientAuth",
      revocation: "require",
      fetchOcsp,
    });
  } catch (error) {
    throw new IdentityError(
      "eid-revocation-unavailable",
      "the certificate could not be checked",
      // The error name only: a message could quote certificate contents (personal data, never logged).
      error instanceof Error ? error.name : "error",
    );
  }
  if (result.valid) return;
  const failure = result.failure;
  const code = (failure && PATH_CODES[failure.code]) ?? "eid-certificate-untrusted";
  throw new IdentityError(
    code,
    "the eID certificate is not accepted",
    failure ? `${failure.code}@${failure.certificateIndex}` : "no-path",
  );
}

export async function validateEidCardToken(input: EidCardValidationInput): Promise<SignInEvidence> {
  const nonce = checkNonce(input.challenge, input.now);
  const token = parseWebEidToken(input.tokenText);
  const certificate = checkEidCertificate(token.unverifiedCertificate, {
    at: input.validationTime,
    highPolicies: input.trust.highPolicies,
    today: input.now.toISOString().slice(0, 10),
  });
  checkSignature(token, input, nonce, certificate.publicKey);
  await checkPath(token, input);
  return { method: "eid-card", level: certificate.level, person: certificate.person };
}
