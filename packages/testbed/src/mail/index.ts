/** The SMTP stand-in: a loopback mail server that keeps what it receives, and its page. */
export { type MailPagePluginOptions, mailStandInPages } from "./mail-plugin.ts";
export {
  type MailStandIn,
  type MailStandInOptions,
  type ReceivedMail,
  startMailStandIn,
} from "./mail-standin.ts";
