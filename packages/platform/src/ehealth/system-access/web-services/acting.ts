/**
 * Who acts in a system call: the calling system names the professional (personal code) and the
 * purpose in request headers — kept out of addresses, which proxies and logs keep — and the
 * institution is the one the connection's certificate is bound to (DEV-4). The same rights
 * policy as the portal then decides, on the "system" channel (ANX2-16, CON-1).
 *
 * Sign-in level: the professional signed in to the institution's own system, which answers for
 * its users' identification and rights (ANX2-16); the connection itself is authenticated with a
 * qualified certificate (ANX2-8). The policy's level step is therefore met by the system's
 * assurance ("high"); the professional's own right, attestation and purpose are still checked.
 */
import type { FastifyRequest } from "fastify";
import { parsePersonalCode } from "../../../core/personal-code/index.ts";
import type { PortalRequest } from "../../documents/index.ts";
import type { SystemBinding } from "../binding-store.ts";
import type { StatedPurposes } from "./stated-purposes.ts";

export const PROFESSIONAL_HEADER = "tilts-professional";
export const PURPOSE_HEADER = "tilts-purpose";
export const PATIENT_HEADER = "tilts-patient";

/** A header the call needs is missing or malformed (answered 400 with the code). */
export class ActingError extends Error {
  override name = "ActingError";
  constructor(
    readonly code: "bad-professional" | "bad-patient",
    message: string,
  ) {
    super(message);
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" ? value.trim() : undefined;
}

/**
 * The acting professional, purpose and institution; ActingError when the professional is
 * malformed. A purpose not valid today in the purposes classifier is dropped, so the rights
 * policy refuses it as any unknown purpose (`purpose-required`, CON-9).
 */
export async function actingRequest(
  request: FastifyRequest,
  binding: SystemBinding,
  now: Date,
  purposes: StatedPurposes,
): Promise<PortalRequest> {
  const professional = parsePersonalCode(header(request, PROFESSIONAL_HEADER) ?? "");
  if (!professional.ok)
    throw new ActingError(
      "bad-professional",
      `the ${PROFESSIONAL_HEADER} header must carry the acting professional's personal code`,
    );
  return {
    personCode: professional.code,
    level: "high",
    institution: binding.registrationNumber,
    purpose: await purposes(header(request, PURPOSE_HEADER), now),
    clientAddress: request.socket.remoteAddress ?? null,
    correlationId: request.id,
    now,
    channel: "system",
    // ANX2-17: the system's own reads are counted and judged beside its professional's.
    system: binding.systemName,
  };
}

/** The patient header as given (the documents module parses and refuses it, before any access). */
export function patientOf(request: FastifyRequest): string {
  return header(request, PATIENT_HEADER) ?? "";
}
