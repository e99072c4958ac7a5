/**
 * The registration form's canonical XML document, `eservice-registration.xml` — what the
 * representative signs (ESV-2, SIG-6). One form always gives the same bytes: UTF-8, fixed element
 * order, no indentation variance, lists in the catalogue's order. The namespace is ours:
 *
 *   <EserviceRegistration xmlns="urn:x-tilts:eservice-registration:1" version="1">
 *     <Name xml:lang="lv">…</Name> <Name xml:lang="en">…</Name>
 *     <Description xml:lang="lv">…</Description> <Description xml:lang="en">…</Description>
 *     <Audience>citizens|businesses</Audience>+        (AUDIENCES)
 *     <Channel>state-portal|institution-website|mobile-app|api</Channel>+   (CHANNELS)
 *     <LegalBasis>…</LegalBasis>
 *     <Institution><RegistrationNumber/><Name/><Email/></Institution>
 *     <ContactPerson><Name/><Email/><Phone/>?</ContactPerson>
 *   </EserviceRegistration>
 *
 * Reading goes through @tilts/trust's hardened parser (no DOCTYPE, size and depth limits) and the
 * same field checks as the form itself, so a hand-made XML cannot carry what the form would refuse.
 */
import { MalformedInputError, parseXml, XML_NAMESPACE } from "@tilts/trust";
import { checkRegistrationForm, type FormProblem, type RegistrationForm } from "./registration-form.ts";

export const FORM_NAMESPACE = "urn:x-tilts:eservice-registration:1";
export const FORM_FILE_NAME = "eservice-registration.xml";
export const FORM_MEDIA_TYPE = "application/xml";
/** Far above any form FORM_LIMITS allows; a bigger file is not a form. */
const MAX_FORM_XML_BYTES = 256 * 1024;

const escapeText = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const element = (name: string, value: string, lang?: string) =>
  `<${name}${lang ? ` xml:lang="${lang}"` : ""}>${escapeText(value)}</${name}>`;

/** The form's XML, as bytes ready to put in the eDoc. */
export function formXml(form: RegistrationForm): Uint8Array {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<EserviceRegistration xmlns="${FORM_NAMESPACE}" version="1">`,
    `  ${element("Name", form.name.lv, "lv")}`,
    `  ${element("Name", form.name.en, "en")}`,
    `  ${element("Description", form.description.lv, "lv")}`,
    `  ${element("Description", form.description.en, "en")}`,
    ...form.audiences.map((a) => `  ${element("Audience", a)}`),
    ...form.channels.map((c) => `  ${element("Channel", c)}`),
    `  ${element("LegalBasis", form.legalBasis)}`,
    "  <Institution>",
    `    ${element("RegistrationNumber", form.institution.registrationNumber)}`,
    `    ${element("Name", form.institution.name)}`,
    `    ${element("Email", form.institution.email)}`,
    "  </Institution>",
    "  <ContactPerson>",
    `    ${element("Name", form.contact.name)}`,
    `    ${element("Email", form.contact.email)}`,
    ...(form.contact.phone ? [`    ${element("Phone", form.contact.phone)}`] : []),
    "  </ContactPerson>",
    "</EserviceRegistration>",
    "",
  ];
  return new TextEncoder().encode(lines.join("\n"));
}

export type FormXmlRead = { ok: true; form: RegistrationForm } | { ok: false; problems: FormProblem[] };

/** Reads a form back from its XML; anything that is not our document is a problem, never a throw. */
export function readFormXml(bytes: Uint8Array): FormXmlRead {
  if (bytes.length > MAX_FORM_XML_BYTES) return { ok: false, problems: [{ field: "xml", code: "too-long" }] };
  let root: Element | null;
  try {
    root = parseXml(bytes).document.documentElement;
  } catch (error) {
    if (error instanceof MalformedInputError)
      return { ok: false, problems: [{ field: "xml", code: "required" }] };
    throw error;
  }
  if (!root || root.namespaceURI !== FORM_NAMESPACE || root.localName !== "EserviceRegistration")
    return { ok: false, problems: [{ field: "xml", code: "unknown-value" }] };
  const children = (parent: Element, name: string) =>
    Array.from(parent.childNodes).filter(
      (n): n is Element =>
        n.nodeType === 1 &&
        (n as Element).namespaceURI === FORM_NAMESPACE &&
        (n as Element).localName === name,
    );
  const textOf = (parent: Element | undefined, name: string, lang?: string) =>
    parent
      ? (children(parent, name).find(
          (e) => lang === undefined || e.getAttributeNS(XML_NAMESPACE, "lang") === lang,
        )?.textContent ?? undefined)
      : undefined;
  const institution = children(root, "Institution")[0];
  const contact = children(root, "ContactPerson")[0];
  return checkRegistrationForm({
    nameLv: textOf(root, "Name", "lv"),
    nameEn: textOf(root, "Name", "en"),
    descriptionLv: textOf(root, "Description", "lv"),
    descriptionEn: textOf(root, "Description", "en"),
    audiences: children(root, "Audience").map((e) => e.textContent ?? ""),
    channels: children(root, "Channel").map((e) => e.textContent ?? ""),
    legalBasis: textOf(root, "LegalBasis"),
    institutionRegistrationNumber: textOf(institution, "RegistrationNumber"),
    institutionName: textOf(institution, "Name"),
    institutionEmail: textOf(institution, "Email"),
    contactName: textOf(contact, "Name"),
    contactEmail: textOf(contact, "Email"),
    contactPhone: textOf(contact, "Phone"),
  });
}
