/** The Latvija.lv login module (VPM) stand-in (WS-Federation + signed SAML 1.1/2.0), as a Fastify plugin. */
export {
  createVpmSigningCredential,
  ensureVpmSigningCredential,
  VPM_CERTIFICATE_FILE,
  type VpmSigningCredential,
} from "./vpm-credential.ts";
export {
  requestedTokenType,
  VPM_BANK_URN_PREFIX,
  VPM_MEANS,
  VPM_MEANS_URN,
  VPM_STANDIN_ISSUER,
  VPM_STANDIN_STS_PATH,
  VPM_TEST_BANKS,
  type VpmStandInOptions,
  type VpmStandInRelyingParty,
  vpmStandIn,
} from "./vpm-standin.ts";
export { buildVpmToken, type VpmTokenInput, wrapInRstr } from "./vpm-token-builder.ts";
