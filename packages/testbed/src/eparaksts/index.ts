/** The LVRTC eParaksts identity-service stand-in (TrustedX protocol), as a Fastify plugin. */
export {
  ACR_LEVEL_HIGH,
  AMR_MOBILE,
  AMR_SMART_CARD,
  DEFAULT_STANDIN_SEED,
  DEFAULT_TEST_PIN1,
  defaultStandInPersons,
  type EparakstsStandInOptions,
  eparakstsStandIn,
  FLOW_MOBILE_ACR,
  FLOW_SMART_CARD_ACR,
  STANDIN_AUTHORIZE_PATH,
  STANDIN_TOKEN_PATH,
  STANDIN_USERINFO_PATH,
  type StandInClient,
} from "./eparaksts-standin.ts";
