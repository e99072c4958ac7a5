/**
 * The software card's "browser extension": a script that does in the page what the Web eID
 * extension's content script and native app do (web-eid.js message protocol). It listens for
 * `web-eid:authenticate` (and `web-eid:status`) posted by the page, acknowledges, shows a PIN1
 * dialog in the page (a labelled <dialog>, keyboard-usable), reads the card's certificate,
 * hashes hash(origin) ‖ hash(nonce) with SHA-384 in the browser, has the "card" (the testbed
 * server holding the key) verify PIN1 and sign that digest, assembles the Web eID token
 * {unverifiedCertificate, algorithm, signature, format, appVersion} and answers
 * `web-eid:authenticate-success` — or `-failure` with a Web eID error code.
 * Signing (SIG-3) follows the same protocol: `web-eid:get-signing-certificate` lets the person
 * pick a card and answers `-success` {certificate, supportedSignatureAlgorithms};
 * `web-eid:sign` {certificate, hash, hashFunction} asks for PIN2 on the card holding that
 * certificate and answers `-success` {signature, signatureAlgorithm}. A blocked PIN2 is answered
 * `ERR_WEBEID_NATIVE_FATAL`: the Web eID app reports card errors with that code and user
 * cancellation with `ERR_WEBEID_USER_CANCELLED`, nothing finer.
 * No inline styles or event attributes: it runs under the sign-in pages' strict CSP.
 */

export interface ExtensionScriptOptions {
  /** Where the card API is mounted, as a path on the page's origin (e.g. "/testbed/eid-card"). */
  apiPath: string;
  /** Cards offered in the dialog. */
  cards: { personalCode: string; name: string }[];
  /** The test PIN1, shown in the dialog as test data. */
  pin1: string;
  /** The test PIN2 (signing), shown in the signing dialog as test data. */
  pin2: string;
}

export const SOFTWARE_CARD_APP_VERSION = "https://tilts.invalid/testbed/software-eid-card/1.0";

const TEXT = {
  lv: {
    title: "Testa eID karte: ievadiet PIN1",
    note: "Testa vides programmatūras karte, nevis īsta eID karte. Testa PIN1:",
    card: "Karte (testa persona)",
    pin: "PIN1",
    ok: "Pieteikties",
    cancel: "Atcelt",
    wrongPin: "Nepareizs PIN1. Atlikušie mēģinājumi:",
    blocked: "PIN1 ir bloķēts. Atbloķējiet testa karti testa vidē.",
    failed: "Karte neatbildēja. Mēģiniet vēlreiz.",
    sign: {
      title: "Testa eID karte: parakstīšana ar PIN2",
      note: "Testa vides programmatūras karte, nevis īsta eID karte. Testa PIN2:",
      pin: "PIN2",
      ok: "Parakstīt",
      wrongPin: "Nepareizs PIN2. Atlikušie mēģinājumi:",
      blocked: "PIN2 ir bloķēts. Atbloķējiet testa karti testa vidē.",
      otherCard: "Šajā kartē nav pieprasītā sertifikāta.",
    },
    choose: { title: "Testa eID karte: izvēlieties parakstīšanas sertifikātu", ok: "Izvēlēties" },
  },
  en: {
    title: "Test eID card: enter PIN1",
    note: "A testbed software card, not a real eID card. Test PIN1:",
    card: "Card (test person)",
    pin: "PIN1",
    ok: "Sign in",
    cancel: "Cancel",
    wrongPin: "Wrong PIN1. Attempts left:",
    blocked: "PIN1 is blocked. Unblock the test card in the testbed.",
    failed: "The card did not answer. Please try again.",
    sign: {
      title: "Test eID card: sign with PIN2",
      note: "A testbed software card, not a real eID card. Test PIN2:",
      pin: "PIN2",
      ok: "Sign",
      wrongPin: "Wrong PIN2. Attempts left:",
      blocked: "PIN2 is blocked. Unblock the test card in the testbed.",
      otherCard: "This card does not hold the requested certificate.",
    },
    choose: { title: "Test eID card: choose the signing certificate", ok: "Choose" },
  },
};

export function extensionScript(options: ExtensionScriptOptions): string {
  // JSON.stringify of plain data, with "<" escaped so nothing can close a surrounding tag.
  const config = JSON.stringify({
    api: options.apiPath.replace(/\/+$/, ""),
    cards: options.cards,
    pin1: options.pin1,
    pin2: options.pin2,
    text: TEXT,
    appVersion: SOFTWARE_CARD_APP_VERSION,
  }).replace(/</g, "\\u003c");
  return `/* Tilts testbed: software eID card speaking the Web eID extension's message protocol. */
(() => {
  "use strict";
  if (window.__tiltsSoftwareEidCard) return;
  window.__tiltsSoftwareEidCard = true;
  const CONFIG = ${config};
  let busy = false;

  const reply = (message) => window.postMessage(message, window.location.origin);
  const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
  const sha384 = (data) => crypto.subtle.digest("SHA-384", data);
  const utf8 = (text) => new TextEncoder().encode(text);

  async function api(path, body) {
    const response = await fetch(CONFIG.api + path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
    });
    return { status: response.status, body: await response.json().catch(() => ({})) };
  }

  function element(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    for (const child of children || []) node.append(child);
    return node;
  }

  /**
   * The card dialog (PIN1, PIN2, or card choice when text.testPin is absent); resolves with what
   * onSubmit settles on, or null when cancelled.
   */
  function pinDialog(text, onSubmit) {
    return new Promise((resolve) => {
      const select = element("select", { id: "tilts-eid-card-select", name: "card" },
        CONFIG.cards.map((c) => element("option", { value: c.personalCode }, [c.name + " (" + c.personalCode + ")"])));
      const pin = element("input", { id: "tilts-eid-card-pin", name: "pin1", type: "password",
        inputmode: "numeric", autocomplete: "off", required: "" });
      const message = element("p", { id: "tilts-eid-card-message", role: "alert" });
      const ok = element("button", { type: "submit" }, [text.ok]);
      const cancel = element("button", { type: "button" }, [text.cancel]);
      const form = element("form", { method: "dialog" }, [
        element("h2", { id: "tilts-eid-card-title" }, [text.title]),
        ...(text.testPin ? [element("p", {}, [text.note + " ", element("strong", {}, [text.testPin])])] : []),
        element("p", {}, [element("label", { for: "tilts-eid-card-select" }, [text.card]), " ", select]),
        ...(text.testPin ? [element("p", {}, [element("label", { for: "tilts-eid-card-pin" }, [text.pin]), " ", pin])] : []),
        message,
        element("p", {}, [ok, " ", cancel]),
      ]);
      const dialog = element("dialog", { "aria-labelledby": "tilts-eid-card-title", id: "tilts-eid-card-dialog" }, [form]);
      document.body.append(dialog);
      const close = (value) => { dialog.close(); dialog.remove(); resolve(value); };
      cancel.addEventListener("click", () => close(null));
      dialog.addEventListener("cancel", (event) => { event.preventDefault(); close(null); });
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        ok.disabled = true;
        const outcome = await onSubmit(select.value, pin.value);
        ok.disabled = false;
        if (outcome.done) close(outcome.value);
        else { message.textContent = outcome.message; pin.value = ""; (text.testPin ? pin : select).focus(); }
      });
      dialog.showModal();
      (text.testPin ? pin : select).focus();
    });
  }

  async function authenticate(request) {
    const lang = (request.options && request.options.lang) || document.documentElement.lang;
    const text = { ...CONFIG.text[lang === "en" ? "en" : "lv"], testPin: CONFIG.pin1 };
    const nonce = String(request.challengeNonce || "");
    if (nonce.length < 44) {
      return { action: "web-eid:authenticate-failure",
        error: { code: "ERR_WEBEID_NATIVE_INVALID_ARGUMENT", message: "challenge nonce too short" } };
    }
    // What the Web eID app does: hash the origin and the nonce, hash their concatenation, and
    // let the card sign that digest after PIN1.
    const toBeSigned = new Uint8Array(96);
    toBeSigned.set(new Uint8Array(await sha384(utf8(window.location.origin))), 0);
    toBeSigned.set(new Uint8Array(await sha384(utf8(nonce))), 48);
    const digest = b64(await sha384(toBeSigned));
    const token = await pinDialog(text, async (personalCode, pin1) => {
      try {
        const certificate = await api("/api/certificate", { personalCode });
        if (certificate.status !== 200) return { done: false, message: text.failed };
        const signed = await api("/api/sign", { personalCode, pin1, digest });
        if (signed.status === 200) {
          return { done: true, value: {
            unverifiedCertificate: certificate.body.certificate,
            algorithm: certificate.body.algorithm,
            signature: signed.body.signature,
            format: "web-eid:1.0",
            appVersion: CONFIG.appVersion,
          } };
        }
        if (signed.body.error === "wrong-pin") return { done: false, message: text.wrongPin + " " + signed.body.attemptsLeft };
        if (signed.body.error === "pin-blocked") return { done: false, message: text.blocked };
        return { done: false, message: text.failed };
      } catch {
        return { done: false, message: text.failed };
      }
    });
    if (!token) {
      return { action: "web-eid:authenticate-failure",
        error: { code: "ERR_WEBEID_USER_CANCELLED", message: "request was cancelled by the user" } };
    }
    return { action: "web-eid:authenticate-success", ...token };
  }

  const textFor = (request) => {
    const lang = (request.options && request.options.lang) || document.documentElement.lang;
    return CONFIG.text[lang === "en" ? "en" : "lv"];
  };
  const failure = (action, code, message) => ({ action: action + "-failure", error: { code, message } });
  const cancelled = (action) => failure(action, "ERR_WEBEID_USER_CANCELLED", "request was cancelled by the user");

  async function getSigningCertificate(request) {
    const base = textFor(request);
    const chosen = await pinDialog({ ...base, ...base.choose }, async (personalCode) => {
      try {
        const certificate = await api("/api/signing-certificate", { personalCode });
        if (certificate.status !== 200) return { done: false, message: base.failed };
        return { done: true, value: certificate.body };
      } catch {
        return { done: false, message: base.failed };
      }
    });
    if (!chosen) return cancelled("web-eid:get-signing-certificate");
    return { action: "web-eid:get-signing-certificate-success",
      certificate: chosen.certificate, supportedSignatureAlgorithms: chosen.supportedSignatureAlgorithms };
  }

  async function sign(request) {
    const base = textFor(request);
    const text = { ...base, ...base.sign, testPin: CONFIG.pin2 };
    if (typeof request.certificate !== "string" || typeof request.hash !== "string"
      || typeof request.hashFunction !== "string") {
      return failure("web-eid:sign", "ERR_WEBEID_NATIVE_INVALID_ARGUMENT", "certificate, hash and hashFunction are required");
    }
    let blocked = false;
    const signed = await pinDialog(text, async (personalCode, pin2) => {
      try {
        const certificate = await api("/api/signing-certificate", { personalCode });
        if (certificate.status !== 200) return { done: false, message: text.failed };
        if (certificate.body.certificate !== request.certificate) return { done: false, message: text.otherCard };
        const result = await api("/api/sign-document",
          { personalCode, pin2, hash: request.hash, hashFunction: request.hashFunction });
        if (result.status === 200) return { done: true, value: result.body };
        if (result.body.error === "wrong-pin") return { done: false, message: text.wrongPin + " " + result.body.attemptsLeft };
        if (result.body.error === "pin-blocked") { blocked = true; return { done: true, value: null }; }
        if (result.status === 400) return { done: true, value: { invalid: result.body.error } };
        return { done: false, message: text.failed };
      } catch {
        return { done: false, message: text.failed };
      }
    });
    if (blocked) return failure("web-eid:sign", "ERR_WEBEID_NATIVE_FATAL", "PIN2 is blocked");
    if (!signed) return cancelled("web-eid:sign");
    if (signed.invalid) return failure("web-eid:sign", "ERR_WEBEID_NATIVE_INVALID_ARGUMENT", String(signed.invalid));
    return { action: "web-eid:sign-success", signature: signed.signature, signatureAlgorithm: signed.signatureAlgorithm };
  }

  /** Each request message: its handler and its acknowledgement. */
  const HANDLERS = {
    "web-eid:authenticate": [authenticate, "web-eid:authenticate-ack"],
    "web-eid:get-signing-certificate": [getSigningCertificate, "web-eid:get-signing-certificate-ack"],
    "web-eid:sign": [sign, "web-eid:sign-ack"],
  };

  window.addEventListener("message", async (event) => {
    if (event.source !== window || !event.data || typeof event.data.action !== "string") return;
    const action = event.data.action;
    if (action === "web-eid:status") {
      reply({ action: "web-eid:status-ack" });
      reply({ action: "web-eid:status-success", extension: CONFIG.appVersion, nativeApp: CONFIG.appVersion });
      return;
    }
    if (!Object.hasOwn(HANDLERS, action)) return;
    const [handler, ack] = HANDLERS[action];
    reply({ action: ack });
    if (busy) {
      reply(failure(action, "ERR_WEBEID_ACTION_PENDING", "same action for Web-eID browser extension is already pending"));
      return;
    }
    busy = true;
    try {
      reply(await handler(event.data));
    } catch (error) {
      reply(failure(action, "ERR_WEBEID_UNKNOWN_ERROR", String(error && error.message || error)));
    } finally {
      busy = false;
    }
  });
})();
`;
}
