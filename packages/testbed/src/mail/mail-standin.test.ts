import { createConnection } from "node:net";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailStandInPages } from "./mail-plugin.ts";
import { type MailStandIn, startMailStandIn } from "./mail-standin.ts";

/** A minimal SMTP client: sends the commands one by one and returns the server's replies. */
async function smtpSession(port: number, commands: string[]): Promise<string[]> {
  const socket = createConnection({ host: "127.0.0.1", port });
  socket.setEncoding("utf8");
  let buffer = "";
  const replies: string[] = [];
  const nextReply = () =>
    new Promise<string>((resolve, reject) => {
      const onData = () => {
        // A complete reply ends with a line "NNN text" (no dash after the code).
        const lines = buffer.split("\r\n");
        const done = lines.findIndex((l) => /^\d{3} /.test(l));
        if (done === -1) return;
        const reply = lines.slice(0, done + 1).join("\n");
        buffer = lines.slice(done + 1).join("\r\n");
        socket.off("data", onChunk);
        resolve(reply);
      };
      const onChunk = (chunk: string) => {
        buffer += chunk;
        onData();
      };
      socket.on("data", onChunk);
      socket.once("error", reject);
      onData();
    });
  replies.push(await nextReply());
  for (const command of commands) {
    socket.write(`${command}\r\n`);
    replies.push(await nextReply());
  }
  socket.end();
  return replies;
}

const message = (subject: string, body: string) =>
  [
    "From: Tilts <noreply@tilts.test>",
    "To: Hospital <hospital@example.test>",
    `Subject: ${subject}`,
    "Message-ID: <m1@tilts.test>",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    body,
    ".",
  ].join("\r\n");

describe("testbed SMTP stand-in", () => {
  let standIn: MailStandIn;
  beforeAll(async () => {
    standIn = await startMailStandIn({ maxBytes: 4096, keep: 3 });
  });
  afterAll(async () => {
    await standIn?.close();
  });

  it("receives a message on loopback and keeps subject, recipients and text", async () => {
    const replies = await smtpSession(standIn.port, [
      "EHLO client.test",
      "MAIL FROM:<noreply@tilts.test>",
      "RCPT TO:<hospital@example.test>",
      "DATA",
      message("Iestādes piekļuve apturēta", "Pamatojums: drošības apdraudējums"),
      "QUIT",
    ]);
    expect(replies[0]).toMatch(/^220 /);
    expect(replies[5]).toMatch(/^250 .*queued as 1/);
    const [mail] = await standIn.waitFor(1);
    expect(mail).toMatchObject({
      seq: 1,
      subject: "Iestādes piekļuve apturēta",
      envelopeTo: ["hospital@example.test"],
      messageId: "<m1@tilts.test>",
    });
    expect(mail?.to).toContain("hospital@example.test");
    expect(mail?.text.trim()).toBe("Pamatojums: drošības apdraudējums");
  });

  it("refuses a message over its size limit and keeps only the newest messages", async () => {
    const replies = await smtpSession(standIn.port, [
      "EHLO client.test",
      "MAIL FROM:<noreply@tilts.test>",
      "RCPT TO:<hospital@example.test>",
      "DATA",
      message("big", "x".repeat(5000)),
      "QUIT",
    ]);
    expect(replies[5]).toMatch(/^552 /);
    for (let i = 2; i <= 5; i++) {
      await smtpSession(standIn.port, [
        "HELO client.test",
        "MAIL FROM:<noreply@tilts.test>",
        "RCPT TO:<lab@example.test>",
        "DATA",
        message(`notice ${i}`, "text"),
        "QUIT",
      ]);
    }
    expect(standIn.messages().map((m) => m.subject)).toEqual(["notice 5", "notice 4", "notice 3"]);
  });

  it("the page lists the mail with every value escaped, in Latvian and English", async () => {
    await smtpSession(standIn.port, [
      "HELO client.test",
      "MAIL FROM:<noreply@tilts.test>",
      "RCPT TO:<lab@example.test>",
      "DATA",
      message("<script>alert(1)</script>", "<b>body</b>"),
      "QUIT",
    ]);
    const app = Fastify();
    await app.register(mailStandInPages, { prefix: "/testbed/mail", standIn });
    const lv = await app.inject({ url: "/testbed/mail/" });
    expect(lv.statusCode).toBe(200);
    expect(lv.body).toContain('<html lang="lv">');
    expect(lv.body).toContain("Saņemtais e-pasts");
    expect(lv.body).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(lv.body).not.toContain("<script>");
    expect(lv.body).toContain("&#60;hospital@example.test&#62;");
    expect(lv.body).toContain('rel="stylesheet"');
    expect(lv.body).toContain('href="/testbed/mail/?lang=en"');
    const en = await app.inject({ url: "/testbed/mail/?lang=en" });
    expect(en.body).toContain("Received mail");
    // The language chosen on the platform carries over.
    const remembered = await app.inject({ url: "/testbed/mail/", headers: { cookie: "lang=en" } });
    expect(remembered.body).toContain("Received mail");
    await app.close();
  });
});
