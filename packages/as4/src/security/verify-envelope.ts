/**
 * Verifies the WS-Security signature of a received AS4 message (eDelivery AS4 1.15 common
 * profile §2.2.6.2; WS-Security 1.1.1 §8; SwA profile 1.1 §5.2) as a pipeline of named steps.
 * Each refusal is an As4Error with the ebMS code Core §6.7.1 gives it:
 * EBMS:0103 PolicyNoncompliance when something the P-Mode requires is absent (no signature,
 * an unsigned part, other algorithms) and EBMS:0101 FailedAuthentication when what is there
 * does not hold (digest or signature mismatch, wrapped header, certificate not allowed,
 * invalid or revoked). XML-DSig and path validation are @tilts/trust's.
 */
import { type KeyObject, X509Certificate } from "node:crypto";
import {
  type PathValidationInput,
  type ReferenceResult,
  type RevocationMode,
  TrustError,
  validateCertificatePath,
  verifyXmlSignature,
} from "@tilts/trust";
import { As4Error } from "../errors.ts";
import { contentIdOf } from "../message/model.ts";
import type { ParsedEnvelope } from "../message/parse-envelope.ts";
import { children } from "../message/xml-builder.ts";
import { DS_NS, SWA_CONTENT_SIGNATURE_TRANSFORM, WSSE_NS } from "../namespaces.ts";
import { ACCEPTED_SIGNATURE_METHODS, DIGEST, SWA_TRANSFORMS, WSU_ID_ATTRIBUTE } from "./algorithms.ts";
import { resolveTokenReference } from "./security-header.ts";

/** Where trust in a sender's certificate comes from: injected by the caller (the platform). */
export interface CertificateTrust {
  anchors: Uint8Array[];
  intermediates?: Uint8Array[];
  crls?: Uint8Array[];
  ocspResponses?: Uint8Array[];
  revocation?: RevocationMode;
  fetchCrl?: PathValidationInput["fetchCrl"];
  fetchOcsp?: PathValidationInput["fetchOcsp"];
}

export interface SignaturePolicy {
  required: boolean;
  /** DER certificates the P-Mode allows for this sender; empty or absent: any with a valid path. */
  allowedCertificates?: readonly Uint8Array[];
}

export interface VerifySignatureInput {
  envelope: ParsedEnvelope;
  /** Attachment bytes by Content-ID, as signed (after decryption, before decompression). */
  attachments: ReadonlyMap<string, Uint8Array>;
  policy: SignaturePolicy;
  trust: CertificateTrust;
  /** Validation time (the clock is injected). */
  at: Date;
  /** Certificates to resolve issuer-serial and subject-key-identifier references against. */
  knownCertificates?: readonly Uint8Array[];
}

export interface VerifiedSignature {
  signer: Uint8Array;
  signature: Element;
  /** The references as verified, in SignedInfo order (receipts quote them). */
  references: ReferenceResult[];
  referenceElements: Element[];
}

const fail = (detail: string) => new As4Error("EBMS:0101", detail);

/** Trust's verifiers report failures in their results; what they still throw (input they cannot
 *  read at all) is a failed authentication too, never an untyped error. */
async function asFailedAuthentication<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (cause) {
    if (cause instanceof TrustError)
      throw new As4Error("EBMS:0101", `${cause.code}: ${cause.message}`, { cause });
    throw cause;
  }
}
const noncompliant = (detail: string) => new As4Error("EBMS:0103", detail);

/** Returns undefined when the message is unsigned and the policy allows it. */
export async function verifyEnvelopeSignature(
  input: VerifySignatureInput,
): Promise<VerifiedSignature | undefined> {
  const signature = findSignature(input);
  if (!signature) return undefined;
  const signer = resolveSigner(signature, input);
  const references = await checkXmlSignature(signature, signer, input);
  checkCoverage(references, input);
  checkAllowedCertificate(signer, input.policy);
  await checkCertificatePath(signer, input);
  const referenceElements = children(children(signature, DS_NS, "SignedInfo")[0]!, DS_NS, "Reference");
  return { signer, signature, references, referenceElements };
}

function securityOf(env: ParsedEnvelope): Element | undefined {
  const blocks = children(env.header, WSSE_NS, "Security");
  if (blocks.length > 1) throw noncompliant("more than one wsse:Security header");
  return blocks[0];
}

function findSignature(input: VerifySignatureInput): Element | undefined {
  const security = securityOf(input.envelope);
  const signatures = security ? children(security, DS_NS, "Signature") : [];
  if (signatures.length > 1) throw noncompliant("more than one signature in wsse:Security");
  if (!signatures[0] && input.policy.required)
    throw noncompliant("the P-Mode requires a signature; none found");
  return signatures[0];
}

function resolveSigner(signature: Element, input: VerifySignatureInput): Uint8Array {
  const keyInfo = children(signature, DS_NS, "KeyInfo")[0];
  const str = keyInfo ? children(keyInfo, WSSE_NS, "SecurityTokenReference")[0] : undefined;
  if (!str) throw fail("the signature has no SecurityTokenReference");
  const pool = [...(input.knownCertificates ?? []), ...(input.policy.allowedCertificates ?? [])];
  return resolveTokenReference(str, signature.parentNode as Element, pool);
}

async function checkXmlSignature(signature: Element, signer: Uint8Array, input: VerifySignatureInput) {
  let key: KeyObject;
  try {
    key = new X509Certificate(signer).publicKey;
  } catch (cause) {
    throw new As4Error("EBMS:0101", "the signing token is not a readable certificate", { cause });
  }
  const result = await asFailedAuthentication(() =>
    verifyXmlSignature(input.envelope.xml, {
      signature,
      key,
      idAttributes: [WSU_ID_ATTRIBUTE],
      octetTransforms: SWA_TRANSFORMS,
      resolver: async (uri) => {
        const bytes = uri?.startsWith("cid:") ? input.attachments.get(contentIdOf(uri)) : undefined;
        return bytes ?? "unavailable";
      },
    }),
  );
  if (!ACCEPTED_SIGNATURE_METHODS.includes(result.signatureMethod))
    throw noncompliant(`signature method ${result.signatureMethod} is not the profile's`);
  if (result.references.some((r) => r.digestMethod && r.digestMethod !== DIGEST))
    throw noncompliant("a reference uses a digest other than SHA-256");
  if (!result.valid) {
    const first = result.errors[0];
    throw fail(`signature does not verify: ${first?.code ?? "invalid"} ${first?.message ?? ""}`.trim());
  }
  return result.references;
}

/** Signature wrapping defence: the references must cover the very eb:Messaging and soap:Body
 *  the message was read from, and every payload part (by its cid:, with the SwA transform). */
function checkCoverage(references: ReferenceResult[], input: VerifySignatureInput): void {
  const { messaging, body, message } = input.envelope;
  const covered = (node: Element) =>
    references.some((r) => r.digestValid && r.target === node && r.coverageExact);
  if (!covered(messaging)) throw fail("the signature does not cover the eb:Messaging header that was read");
  if (!covered(body)) throw fail("the signature does not cover the soap:Body");
  const hrefs = message.kind === "user" ? message.parts.map((p) => p.href) : [];
  for (const href of hrefs) {
    const ref = references.find((r) => r.uri?.startsWith("cid:") && contentIdOf(r.uri) === contentIdOf(href));
    if (!ref) throw noncompliant(`payload ${href} is not signed`);
    if (ref.transforms.length !== 1 || ref.transforms[0] !== SWA_CONTENT_SIGNATURE_TRANSFORM)
      throw noncompliant(`payload ${href} is not signed with the Attachment-Content-Signature-Transform`);
  }
  for (const id of input.attachments.keys())
    if (!hrefs.some((h) => contentIdOf(h) === id))
      throw noncompliant(`MIME part <${id}> is not a payload named in eb:PayloadInfo`);
}

function checkAllowedCertificate(signer: Uint8Array, policy: SignaturePolicy): void {
  const allowed = policy.allowedCertificates ?? [];
  if (allowed.length === 0) return;
  if (!allowed.some((der) => Buffer.from(der).equals(Buffer.from(signer))))
    throw fail("the signing certificate is not one the P-Mode allows for this sender");
}

async function checkCertificatePath(signer: Uint8Array, input: VerifySignatureInput): Promise<void> {
  const t = input.trust;
  const result = await asFailedAuthentication(() =>
    validateCertificatePath({
      leaf: signer,
      anchors: t.anchors,
      untrusted: t.intermediates ?? [],
      crls: t.crls ?? [],
      ocspResponses: t.ocspResponses ?? [],
      at: input.at,
      revocation: t.revocation ?? "require",
      ...(t.fetchCrl ? { fetchCrl: t.fetchCrl } : {}),
      ...(t.fetchOcsp ? { fetchOcsp: t.fetchOcsp } : {}),
    }),
  );
  if (!result.valid)
    throw fail(
      `the signing certificate is not trusted: ${result.failure?.code ?? "invalid"} ${result.failure?.message ?? ""}`.trim(),
    );
}
