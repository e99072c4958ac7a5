/**
 * Error signals (ebMS 3.0 Core §6.2): a refusal becomes an eb:Error with the code, severity,
 * category and short description of Core §6.7.1, and reads back the same.
 */
import { describe, expect, it } from "vitest";
import { As4Error } from "../errors.ts";
import { openMessage } from "../open-message.ts";
import { packageSignal } from "../package-message.ts";
import { AT, testAccessPoints } from "../testing/test-access-points.ts";
import { errorSignalFor } from "./error-signal.ts";

const aps = testAccessPoints();

describe("error signal", () => {
  it("an EBMS:0101 refusal, signed, opens back to the same entry", async () => {
    const refusal = new As4Error("EBMS:0101", "the signing certificate is revoked", {
      refToMessageId: "m@lv",
    });
    const signal = errorSignalFor(refusal, { messageId: "err@sk", timestamp: AT });
    const packed = await packageSignal(signal, {
      privateKey: aps.receiver.key.privateKey,
      certificate: aps.receiver.certificate,
      algorithm: "rsa-sha256",
    });
    const opened = await openMessage(packed.mime, {
      policyFor: () => ({
        signature: { required: true, allowedCertificates: [aps.receiver.certificate] },
        encryptionRequired: false,
      }),
      trust: aps.trust,
      at: AT,
    });
    expect(opened.message).toEqual({
      kind: "error",
      messageId: "err@sk",
      timestamp: AT,
      refToMessageId: "m@lv",
      errors: [
        {
          errorCode: "EBMS:0101",
          severity: "failure",
          category: "Processing",
          shortDescription: "FailedAuthentication",
          origin: "ebMS",
          refToMessageInError: "m@lv",
          detail: "the signing certificate is revoked",
        },
      ],
    });
  });
});
