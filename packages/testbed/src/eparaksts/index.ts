/** The LVRTC eParaksts identity-service stand-in (TrustedX protocol), as a Fastify plugin. */
export {
  ACR_LEVEL_HIGH,
  AMR_MOBILE,
  AMR_SMART_CARD,
  DEFAULT_STANDIN_SEED,
  DEFAULT_TEST_PIN1,
  defaultStandInPersons,
  type EparakstsSigningOptions,
  type EparakstsStandInOptions,
  eparakstsStandIn,
  FLOW_MOBILE_ACR,
  FLOW_SMART_CARD_ACR,
  STANDIN_AUTHORIZE_PATH,
  STANDIN_TOKEN_PATH,
  STANDIN_USERINFO_PATH,
  type StandInClient,
} from "./eparaksts-standin.ts";
export { ownSigningCertificates, SELF_SERVICE_PATH } from "./self-service-routes.ts";
export { DEFAULT_TEST_PIN2, ecdsaRawToDer } from "./signing-identities.ts";
export {
  DIGEST_ALGORITHMS,
  RAW_SIGNATURE_PATH,
  SCOPE_SIGN_IDENTITY_PROFILE,
  SCOPE_SIGN_IDENTITY_USE_SERVER,
  SIGN_IDENTITIES_PATH,
} from "./signing-routes.ts";
