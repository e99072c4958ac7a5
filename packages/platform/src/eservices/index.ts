/**
 * The e-service registry's front door (ESV-1..3, SIG-6): the registration form and its XML, the
 * unsigned eDoc, submission with the signature checks, the agency's queue and decisions, the
 * public catalogue and its DCAT-AP feed. See README.md.
 */
export {
  type AgencyAction,
  findForm,
  formHistory,
  listQueue,
  type Registration,
  refuseForm,
  registerForm,
  type StatusChange,
} from "./agency.ts";
export {
  type CatalogueEntry,
  type CatalogueQuery,
  catalogueEntryJson,
  findCatalogueEntry,
  searchCatalogue,
} from "./catalogue.ts";
export { type EservicesConfig, eservicesConfigKeys } from "./config-keys.ts";
// The qualification a certificate states about itself, also the verification page's fallback.
export { qualifyByCertificateStatements } from "./core/certificate-qualification.ts";
export { dcatCatalogue } from "./core/dcat-feed.ts";
export { FORM_FILE_NAME, FORM_NAMESPACE, formXml, readFormXml } from "./core/form-xml.ts";
export { formatIdentifier, IDENTIFIER_PATTERN, isIdentifier } from "./core/identifier.ts";
export type { Notice } from "./core/notices.ts";
export {
  AUDIENCES,
  type Audience,
  CHANNELS,
  type Channel,
  checkRegistrationForm,
  type FormProblem,
  type RawForm,
  type RegistrationForm,
} from "./core/registration-form.ts";
export type { EservicesDatabase } from "./database.ts";
export {
  EservicesError,
  type EservicesErrorCode,
  SUBMISSION_REFUSALS,
  type SubmissionRefusalCode,
} from "./errors.ts";
export { buildFormEdoc } from "./form-container.ts";
export type { StoredForm } from "./form-row.ts";
export type { InstitutionMail } from "./mail-port.ts";
export { eservicesManifest } from "./manifest.ts";
export { eservicesModule } from "./module.ts";
export { addRepresentative, type Representative } from "./representatives.ts";
export { signatureAnchorsOf } from "./signature-trust.ts";
export { type SubmissionPorts, type SubmittedForm, submitSignedForm } from "./submission.ts";
