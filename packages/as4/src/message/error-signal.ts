/**
 * An ebMS error signal (Core §6.2–6.3) from an As4Error: what the receiving MSH answers
 * (synchronously, eDelivery AS4 common profile) when it refuses a message. The detail goes
 * into eb:ErrorDetail; it names the failed check, never message content or personal data.
 */
import type { As4Error } from "../errors.ts";
import type { SignalMessage } from "./model.ts";

export function errorSignalFor(
  error: As4Error,
  info: { messageId: string; timestamp: Date; refToMessageId?: string },
): SignalMessage {
  const ref = info.refToMessageId ?? error.refToMessageId;
  return {
    kind: "error",
    messageId: info.messageId,
    timestamp: info.timestamp,
    ...(ref ? { refToMessageId: ref } : {}),
    errors: [
      {
        errorCode: error.code,
        severity: error.severity,
        category: error.category,
        shortDescription: error.shortDescription,
        origin: "ebMS",
        ...(ref ? { refToMessageInError: ref } : {}),
        detail: error.detail,
      },
    ],
  };
}
