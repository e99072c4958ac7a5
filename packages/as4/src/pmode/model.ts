/**
 * The P-Mode model (ebMS 3.0 Core Appendix D; AS4 §4 P-Mode parameters), shaped like the
 * Domibus configuration member states exchange: parties with their party ids, processes
 * (agreement, MEP, binding, initiator/responder roles and parties) and legs (service, action,
 * security, reliability, compression, required message properties).
 */
import type { PartyId } from "../message/model.ts";
import type { RetryPolicy } from "../reliability/retry-schedule.ts";
import type { SignatureAlgorithmName } from "../security/algorithms.ts";

export interface PModeParty {
  name: string;
  partyIds: PartyId[];
  /** The party's MSH URL (push binding). */
  endpoint?: string;
  /** DER certificates this party may sign with (and, the first one, that we encrypt to). */
  certificates: Uint8Array[];
}

export interface LegSecurity {
  name: string;
  sign: boolean;
  encrypt: boolean;
  signatureAlgorithm: SignatureAlgorithmName;
}

export interface LegReliability {
  nonRepudiation: boolean;
  replyPattern: "response" | "callback";
  retry?: RetryPolicy;
  duplicateDetection: boolean;
}

export interface PModeLeg {
  name: string;
  service: { value: string; type?: string };
  action: string;
  mpc?: string;
  security: LegSecurity;
  reliability: LegReliability;
  compressPayloads: boolean;
  /** Message property names the leg requires (Domibus propertySet, required="true"). */
  requiredProperties: string[];
}

export interface PModeProcess {
  name: string;
  agreement?: { value: string; type?: string };
  mep: string;
  binding: string;
  initiatorRole: string;
  responderRole: string;
  /** Party names. */
  initiators: string[];
  responders: string[];
  legs: PModeLeg[];
}

export interface PModeConfiguration {
  /** Our own party name (Domibus `<db:configuration party="…">`). */
  self: string;
  parties: PModeParty[];
  processes: PModeProcess[];
}
