/**
 * For tests and benchmarks only: drives an eIDAS sign-in as a browser would (without running the
 * auto-post script): authorize → sign-in page → eIDAS button → country page → the auto-posted
 * AuthnRequest to the testbed node → the node's login page → the auto-posted Response back →
 * the consent page. Also prepares a data folder whose eIDAS testbed keys are RSA-2048 (quicker
 * to generate than the default 3072) before the platform starts.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureEidasTestbed } from "@tilts/testbed";
import {
  authorizeUrl,
  Browserless,
  hiddenValue,
  newPkce,
  type Pkce,
  type TestRelyingParty,
} from "./test-platform.ts";

export function eidasTestDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), "tilts-eidas-test-"));
  ensureEidasTestbed({
    stateDir: join(dataDir, "testbed", "eidas"),
    baseUrl: "http://127.0.0.1:9/testbed/eidas", // rewritten with the real URL at start
    modulusLength: 2048,
  });
  return dataDir;
}

function formAction(html: string): string {
  const action = /<form[^>]*\baction="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in: ${html.slice(0, 400)}`);
  return action.replace(/&amp;/g, "&");
}

export interface EidasRun {
  browser: Browserless;
  pkce: Pkce;
  state: string;
  nonce: string;
  uid: string;
  /** The HTML pages met on the way. */
  countryPage: string;
  autoPostPage: string;
  autoPostCsp: string | null;
  nodePage: string;
  /** The node's answer as posted to us (replays use it). */
  samlResponse: string;
  relayState: string;
  /** Where the callback sent the browser, and what that page is (consent or failure). */
  afterCallback: Response;
  afterCallbackUrl: string;
  page: string;
}

export async function signInWithEidas(
  platform: { base: string },
  rp: TestRelyingParty,
  options: {
    country?: string;
    personIndex?: number;
    /** The level chosen at the node (default: the one asked). */
    level?: string;
    acrValues?: string;
    cancelAtNode?: boolean;
    /** Changes the RelayState before it is posted back (tampering tests). */
    tamperRelayState?: (relay: string) => string;
  } = {},
): Promise<EidasRun> {
  const browser = new Browserless(platform.base);
  const pkce = newPkce();
  const state = randomBytes(16).toString("base64url");
  const nonce = randomBytes(16).toString("base64url");
  const leaves = (url: string) => url.startsWith(rp.redirectUri);
  const start = await browser.request(
    authorizeUrl(platform, rp, { state, nonce, pkce, acrValues: options.acrValues }),
  );
  const signIn = await browser.follow(start, leaves);
  await signIn.response.text();
  const signInPath = new URL(signIn.url).pathname;
  const uid = signInPath.split("/")[2]!;
  const country = await browser.request(`${signInPath}/method/eidas`, { form: { method: "eidas" } });
  const countryPage = await country.text();
  const posted = await browser.request(`${signInPath}/method/eidas`, {
    form: { country: options.country ?? "EE" },
  });
  const autoPostPage = await posted.text();
  const autoPostCsp = posted.headers.get("content-security-policy");
  const samlRequest = hiddenValue(autoPostPage, "SAMLRequest");
  const relay = hiddenValue(autoPostPage, "RelayState");
  if (!samlRequest || !relay)
    throw new Error(`no auto-post form: ${posted.status} ${autoPostPage.slice(0, 400)}`);
  const node = await browser.request(formAction(autoPostPage), {
    form: { SAMLRequest: samlRequest, RelayState: relay },
  });
  const nodePage = await node.text();
  const requestKey = hiddenValue(nodePage, "request");
  if (!requestKey) throw new Error(`no node login page: ${node.status} ${nodePage.slice(0, 400)}`);
  const login = await browser.request(new URL(formAction(nodePage), platform.base).toString(), {
    form: {
      request: requestKey,
      person: String(options.personIndex ?? 0),
      level: options.level ?? "",
      action: options.cancelAtNode ? "cancel" : "approve",
    },
  });
  const back = await login.text();
  const samlResponse = hiddenValue(back, "SAMLResponse");
  const relayBack = hiddenValue(back, "RelayState");
  if (!samlResponse || relayBack === undefined)
    throw new Error(`no response form: ${login.status} ${back.slice(0, 400)}`);
  const relayState = options.tamperRelayState ? options.tamperRelayState(relayBack) : relayBack;
  const callback = await browser.request(formAction(back), {
    form: { SAMLResponse: samlResponse, RelayState: relayState },
  });
  const after = await browser.follow(callback, leaves);
  const page = await after.response.text();
  return {
    browser,
    pkce,
    state,
    nonce,
    uid,
    countryPage,
    autoPostPage,
    autoPostCsp,
    nodePage,
    samlResponse,
    relayState,
    afterCallback: after.response,
    afterCallbackUrl: after.url,
    page,
  };
}
