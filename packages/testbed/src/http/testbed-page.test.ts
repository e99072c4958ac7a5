/**
 * The testbed pages' common parts: the language the person chose on the platform (query, the
 * host's choice, the `lang` cookie), the platform's stylesheet and a language switch, and the
 * demo's staff listed first in lists of test persons.
 */
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { defaultStandInPersons } from "../eparaksts/eparaksts-standin.ts";
import {
  type DemoRoles,
  PLATFORM_STYLESHEET,
  pageLanguage,
  personsToList,
  testbedDocument,
} from "./testbed-page.ts";

async function languageOf(request: { url: string; headers?: Record<string, string> }, hostLanguage?: string) {
  const app = Fastify();
  if (hostLanguage) {
    app.decorateRequest("language", "lv");
    app.addHook("onRequest", async (req) => {
      (req as unknown as { language: string }).language = hostLanguage;
    });
  }
  app.get("/", async (req) => pageLanguage(req));
  const response = await app.inject({ method: "GET", ...request });
  await app.close();
  return response.body;
}

describe("pageLanguage", () => {
  it("takes ?lang= first, then the host's choice, then the lang cookie, else Latvian", async () => {
    expect(await languageOf({ url: "/?lang=en", headers: { cookie: "lang=lv" } }, "lv")).toBe("en");
    expect(await languageOf({ url: "/", headers: { cookie: "lang=lv" } }, "en")).toBe("en");
    expect(await languageOf({ url: "/", headers: { cookie: "a=1; lang=en" } })).toBe("en");
    expect(await languageOf({ url: "/?lang=de", headers: { cookie: "lang=xx" } })).toBe("lv");
  });
});

describe("testbedDocument", () => {
  it("links the platform's stylesheet and switches to the other language on the same page", () => {
    const page = testbedDocument({ lang: "lv", title: "T", body: "<h1>T</h1>", switchHref: "/testbed/x/" });
    expect(page).toContain('<html lang="lv">');
    expect(page).toContain(`<link rel="stylesheet" href="${PLATFORM_STYLESHEET}">`);
    expect(page).toContain('href="/testbed/x/?lang=en" lang="en" hreflang="en">English</a>');
    expect(testbedDocument({ lang: "en", title: "T", body: "" })).not.toContain("hreflang");
  });
});

describe("personsToList", () => {
  const persons = defaultStandInPersons();
  const staffCode = persons[20]!.personalCode;
  const roles: DemoRoles = (code, lang) =>
    code === staffCode
      ? { role: lang === "lv" ? "ārsts" : "doctor", staff: true }
      : { role: lang === "lv" ? "pacients" : "patient", staff: false };

  it("puts the demo's staff first, even from beyond the listed count, then the others in order", () => {
    const listed = personsToList(persons, 3, roles);
    expect(listed.map((p) => p.personalCode)).toEqual([
      staffCode,
      ...persons.slice(0, 3).map((p) => p.personalCode),
    ]);
    expect(personsToList(persons, 3, undefined)).toEqual(persons.slice(0, 3));
  });
});
