/**
 * For tests only (e-health helpers: use this): signs a person in to the e-health portal the way
 * a browser would — /ehealth/signin/<kind> → our broker → the eParaksts stand-in's phone page
 * (user number = personal code, PIN1) → back through the callback — and returns the cookie jar.
 *
 *   const platform = await startTestPlatform(kind);             // identity/testing/test-platform.ts
 *   const person = defaultStandInPersons()[0]!;                 // @tilts/testbed
 *   const { browser } = await signInToEhealth(platform, person, "professional");
 *   const page = await browser.request("/ehealth/administrator/"); // carries the session cookie
 *   const csrf = csrfTokenOf(await page.text());                // for POST forms
 *   await browser.request("/ehealth/…", { form: { _csrf: csrf, … } });
 *
 * `browser.request` never follows redirects; `browser.follow(response, () => false)` does.
 */
import { Browserless, hiddenValue } from "../../identity/testing/test-platform.ts";
import type { SignInKind } from "../web-session/clients.ts";
import { CSRF_FIELD } from "../web-session/web-session.ts";

export interface EhealthSignIn {
  browser: Browserless;
  /** The page the sign-in came back to (after following redirects). */
  response: Response;
  url: string;
}

export async function signInToEhealth(
  platform: { base: string },
  person: { personalCode: string; pin1?: string },
  kind: SignInKind,
  options: { returnTo?: string; browser?: Browserless } = {},
): Promise<EhealthSignIn> {
  const browser = options.browser ?? new Browserless(platform.base);
  const returnTo = options.returnTo ?? "/";
  const never = () => false;
  const start = await browser.request(`/ehealth/signin/${kind}?return=${encodeURIComponent(returnTo)}`);
  const choice = await browser.follow(start, never);
  const choiceHtml = await choice.response.text();
  if (choice.response.status !== 200 || !new URL(choice.url).pathname.startsWith("/signin/")) {
    throw new Error(`no sign-in page: ${choice.response.status} ${choice.url} ${choiceHtml.slice(0, 300)}`);
  }
  const signInPath = new URL(choice.url).pathname;
  const toMethod = await browser.request(`${signInPath}/method/eparaksts`, { form: { method: "eparaksts" } });
  const phone = await browser.follow(toMethod, never);
  const phoneHtml = await phone.response.text();
  const requestId = hiddenValue(phoneHtml, "request");
  if (!requestId) throw new Error(`no phone page: ${phone.response.status} ${phoneHtml.slice(0, 300)}`);
  const action = /<form method="post" action="([^"]+)"/.exec(phoneHtml)?.[1] ?? "";
  const approved = await browser.request(new URL(action, phone.url).toString(), {
    form: {
      request: requestId,
      user_number: person.personalCode,
      pin1: person.pin1 ?? "1234",
      action: "approve",
    },
  });
  const back = await browser.follow(approved, never);
  return { browser, response: back.response, url: back.url };
}

/** The CSRF token of the first e-health form on a page. */
export function csrfTokenOf(html: string): string {
  const token = hiddenValue(html, CSRF_FIELD);
  if (!token) throw new Error("no CSRF field on the page");
  return token;
}

/**
 * The query of a patient page's address for this signed-in professional, as the portal's search
 * (a POST) gives it: institution, purpose and the patient as an opaque reference that only this
 * professional's session opens (personal codes never travel in portal addresses).
 */
export async function patientAddress(
  browser: Browserless,
  search: { institution: string; patient: string; purpose: string },
): Promise<string> {
  const home = await (await browser.request("/ehealth/portal/")).text();
  const found = await browser.request("/ehealth/portal/find", {
    form: { _csrf: csrfTokenOf(home), ...search },
  });
  const location = found.headers.get("location");
  if (found.status !== 303 || !location)
    throw new Error(`the search was not answered with the patient page: ${found.status}`);
  return new URL(location, "http://portal.invalid").searchParams.toString();
}

/** A report's address as its filter form (a POST) gives it: a person's code sealed into a reference. */
export async function reportAddress(
  browser: Browserless,
  path: string,
  filters: Record<string, string>,
): Promise<string> {
  const page = await (await browser.request(path)).text();
  const posted = await browser.request(path, { form: { _csrf: csrfTokenOf(page), ...filters } });
  const location = posted.headers.get("location");
  if (posted.status !== 303 || !location)
    throw new Error(`the report form was not answered with an address: ${posted.status}`);
  return location;
}
