/** Foreign eIDAS node stand-ins (SAML 2.0, eIDAS profile) and the builders tests use. */
export {
  EIDAS_TEST_COUNTRIES,
  type EidasTestbed,
  type EidasTestCountry,
  ensureEidasTestbed,
  type KeyAndCertificate,
  nodeSsoPath,
} from "./eidas-keys.ts";
export { type EidasStandInOptions, eidasNodeStandIn } from "./eidas-standin.ts";
export { FOREIGN_TEST_PERSONS } from "./foreign-persons.ts";
export {
  buildEidasAssertion,
  buildEidasResponse,
  EIDAS_STATUS_AUTHN_FAILED,
  EIDAS_STATUS_RESPONDER,
  EIDAS_STATUS_SUCCESS,
  type EidasResponseSpec,
  encryptAssertion,
  type ForeignTestPerson,
  type KeyTransport,
} from "./response-builder.ts";
