/** Where the attestation page lives (CON-7); the workplaces send a person there, so it stands alone. */
export const ATTESTATION_BASE = "/ehealth/attestation";

export const attestationHref = (registrationNumber: string, rest = ""): string =>
  `${ATTESTATION_BASE}/${encodeURIComponent(registrationNumber)}/${rest}`;
