/**
 * The unsigned registration eDoc (ESV-2): an ASiC-E container with the form XML as its only data
 * file, for the representative to sign in eParaksts (or with `tilts sign`) and upload signed.
 */
import { createAsicE } from "@tilts/trust";
import { FORM_FILE_NAME, FORM_MEDIA_TYPE, formXml } from "./core/form-xml.ts";
import type { RegistrationForm } from "./core/registration-form.ts";

export function buildFormEdoc(form: RegistrationForm, now: Date): Uint8Array {
  return createAsicE({
    dataFiles: [{ name: FORM_FILE_NAME, mediaType: FORM_MEDIA_TYPE, content: formXml(form) }],
    modifiedAt: now,
  });
}
