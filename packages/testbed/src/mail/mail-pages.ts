/**
 * The stand-in's page: the mail it received (subject, to, time, body), newest first — "the page
 * that shows the outbox" of issue 6 item 3. Plain HTML, every value escaped; Latvian by default,
 * English as chosen on the platform (?lang=, its lang cookie).
 */
import { escapeHtml } from "../eparaksts/standin-pages.ts";
import { testbedDocument } from "../http/testbed-page.ts";
import type { ReceivedMail } from "./mail-standin.ts";

const text = {
  lv: {
    title: "Saņemtais e-pasts — testa vide",
    heading: "Saņemtais e-pasts",
    note: "Testa vides SMTP aizstājējs: šeit redzamas vēstules, ko platforma nosūtījusi (piemēram, CON-5 paziņojumi iestādēm). Nekas netiek pārsūtīts tālāk.",
    empty: "Vēl nav saņemta neviena vēstule.",
    subject: "Temats",
    to: "Kam",
    from: "No",
    time: "Saņemts",
    body: "Teksts",
  },
  en: {
    title: "Received mail — test environment",
    heading: "Received mail",
    note: "The testbed's SMTP stand-in: the messages the platform sent (e.g. CON-5 notices to institutions). Nothing is relayed onwards.",
    empty: "No message received yet.",
    subject: "Subject",
    to: "To",
    from: "From",
    time: "Received",
    body: "Text",
  },
} as const;

export function mailListPage(lang: "lv" | "en", messages: readonly ReceivedMail[], selfPath: string): string {
  const t = text[lang];
  const items = messages
    .map(
      (m) => `<article aria-labelledby="mail-${m.seq}">
<h2 id="mail-${m.seq}">${escapeHtml(m.subject || "—")}</h2>
<dl>
<dt>${t.to}</dt><dd>${escapeHtml(m.to || m.envelopeTo.join(", "))}</dd>
<dt>${t.from}</dt><dd>${escapeHtml(m.from || m.envelopeFrom)}</dd>
<dt>${t.time}</dt><dd><time datetime="${m.receivedAt.toISOString()}">${escapeHtml(m.receivedAt.toISOString())}</time></dd>
</dl>
<h3>${t.body}</h3>
<pre>${escapeHtml(m.text)}</pre>
</article>`,
    )
    .join("\n");
  return testbedDocument({
    lang,
    title: t.title,
    switchHref: selfPath,
    body: `<h1>${escapeHtml(t.heading)}</h1>
<p>${escapeHtml(t.note)}</p>
${messages.length === 0 ? `<p>${escapeHtml(t.empty)}</p>` : items}`,
  });
}
