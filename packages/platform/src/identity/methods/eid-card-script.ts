/**
 * The eID card page's script, served as a file (/signin/assets/eid-card.js) so the sign-in
 * pages' CSP stays `script-src 'self'` — no inline script. It speaks the Web eID browser
 * extension's window.postMessage protocol as web-eid.js does: post `web-eid:authenticate` with
 * the challenge nonce, expect `web-eid:authenticate-ack` within a short handshake time (else the
 * extension is missing), then `-success` with the token or `-failure` with an error code. The
 * token goes back in an ordinary form POST. Texts come from the page (data attributes).
 */
export const EID_CARD_SCRIPT_PATH = "/signin/assets/eid-card.js";

export const EID_CARD_SCRIPT = `"use strict";
(() => {
  const root = document.getElementById("eid-card");
  if (!root) return;
  const button = document.getElementById("eid-card-start");
  const status = document.getElementById("eid-card-status");
  const form = document.getElementById("eid-card-form");
  const HANDSHAKE_MS = 2000;
  const USER_MS = 3 * 60 * 1000;
  const text = (name) => root.getAttribute("data-msg-" + name) || "";
  const say = (message) => { status.textContent = message; };

  function authenticate(challengeNonce) {
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (fn, value) => {
        if (done) return;
        done = true;
        clearTimeout(ackTimer);
        clearTimeout(replyTimer);
        window.removeEventListener("message", onMessage);
        fn(value);
      };
      const ackTimer = setTimeout(() => finish(reject, { code: "ERR_WEBEID_EXTENSION_UNAVAILABLE" }), HANDSHAKE_MS);
      const replyTimer = setTimeout(() => finish(reject, { code: "ERR_WEBEID_USER_TIMEOUT" }), USER_MS);
      function onMessage(event) {
        if (event.source !== window || !event.data || typeof event.data.action !== "string") return;
        const data = event.data;
        if (data.action === "web-eid:authenticate-ack") clearTimeout(ackTimer);
        else if (data.action === "web-eid:authenticate-success")
          finish(resolve, {
            unverifiedCertificate: data.unverifiedCertificate,
            algorithm: data.algorithm,
            signature: data.signature,
            format: data.format,
            appVersion: data.appVersion,
          });
        else if (data.action === "web-eid:authenticate-failure") finish(reject, data.error || {});
      }
      window.addEventListener("message", onMessage);
      window.postMessage(
        { action: "web-eid:authenticate", libraryVersion: "2.1.0", challengeNonce, options: { lang: document.documentElement.lang } },
        window.location.origin,
      );
    });
  }

  button.addEventListener("click", async () => {
    button.disabled = true;
    say(text("working"));
    try {
      const response = await fetch(root.getAttribute("data-challenge-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { accept: "application/json" },
      });
      if (!response.ok) throw { code: "challenge" };
      const challenge = await response.json();
      const token = await authenticate(challenge.challengeNonce);
      form.elements.namedItem("challenge").value = challenge.challengeId;
      form.elements.namedItem("token").value = JSON.stringify(token);
      say(text("sending"));
      form.submit();
    } catch (error) {
      const code = error && error.code;
      say(
        code === "ERR_WEBEID_EXTENSION_UNAVAILABLE" || code === "ERR_WEBEID_NATIVE_UNAVAILABLE"
          ? text("no-extension")
          : code === "ERR_WEBEID_USER_CANCELLED"
            ? text("cancelled")
            : text("failed"),
      );
      button.disabled = false;
    }
  });
  button.hidden = false;
  const noscript = document.getElementById("eid-card-needs-script");
  if (noscript) noscript.hidden = true;
})();
`;
