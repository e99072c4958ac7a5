/** Fastify plugin: GET / (under the prefix it is registered at, e.g. /testbed/mail) lists the stand-in's mail. */
import type { FastifyPluginAsync } from "fastify";
import { pageLanguage } from "../http/testbed-page.ts";
import { mailListPage } from "./mail-pages.ts";
import type { MailStandIn } from "./mail-standin.ts";

export interface MailPagePluginOptions {
  standIn: MailStandIn;
}

export const mailStandInPages: FastifyPluginAsync<MailPagePluginOptions> = async (app, options) => {
  app.get("/", async (request, reply) => {
    // The language chosen on the platform (its lang cookie) carries over; ?lang= switches.
    const lang = pageLanguage(request);
    const path = request.url.split("?")[0] ?? "/";
    reply.header("cache-control", "no-store");
    return reply.type("text/html; charset=utf-8").send(mailListPage(lang, options.standIn.messages(), path));
  });
};
