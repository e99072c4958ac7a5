/**
 * Reception awareness and duplicate detection (AS4 §3.2; ebMS 3.0 Core §8.6; P-Mode
 * `receptionAwareness retry="12;4;CONSTANT" duplicateDetection="true"` of the OOTS P-Modes).
 */
import { describe, expect, it } from "vitest";
import { InMemoryReceivedMessages } from "../testing/in-memory-received-messages.ts";
import { checkDuplicate, recordReception } from "./duplicates.ts";
import { nextRetry, parseRetryPolicy, retryOffsets } from "./retry-schedule.ts";

const MIN = 60_000;

describe("retry schedule", () => {
  it("CONSTANT 12;4: resends every 3 minutes, then gives up with EBMS:0301", () => {
    const policy = parseRetryPolicy("12;4;CONSTANT");
    expect(retryOffsets(policy)).toEqual([3 * MIN, 6 * MIN, 9 * MIN, 12 * MIN]);
    const first = new Date("2026-12-07T10:00:00Z");
    expect(nextRetry(policy, first, 1, "m@x")).toEqual({
      action: "retry",
      at: new Date("2026-12-07T10:03:00Z"),
      attempt: 2,
    });
    expect(nextRetry(policy, first, 4, "m@x")).toMatchObject({
      action: "retry",
      at: new Date("2026-12-07T10:12:00Z"),
    });
    const giveUp = nextRetry(policy, first, 5, "m@x");
    expect(giveUp.action).toBe("give-up");
    if (giveUp.action === "give-up") {
      expect(giveUp.error.code).toBe("EBMS:0301");
      expect(giveUp.error.refToMessageId).toBe("m@x");
    }
  });

  it("PROGRESSIVE doubles the wait and ends at the timeout", () => {
    const offsets = retryOffsets(parseRetryPolicy("15;4;PROGRESSIVE"));
    expect(offsets).toEqual([1 * MIN, 3 * MIN, 7 * MIN, 15 * MIN]);
  });

  it("no retries: give up at once; a malformed setting is a typed error", () => {
    expect(nextRetry(parseRetryPolicy("0;0;CONSTANT"), new Date(0), 1, "m").action).toBe("give-up");
    expect(() => parseRetryPolicy("12;four;CONSTANT")).toThrow(
      expect.objectContaining({ code: "EBMS:0004" }),
    );
  });
});

describe("duplicate detection", () => {
  const receipt = new TextEncoder().encode("<receipt/>");
  const at = new Date("2026-12-07T10:00:00Z");

  it("a first reception is delivered; a resent message gets the same receipt, not a second delivery", async () => {
    const store = new InMemoryReceivedMessages();
    expect(await checkDuplicate(store, "m@x")).toEqual({ action: "deliver" });
    expect(await recordReception(store, { messageId: "m@x", receivedAt: at, receipt })).toEqual({
      action: "deliver",
    });
    expect(await checkDuplicate(store, "m@x")).toEqual({
      action: "resend-receipt",
      receipt,
      firstReceivedAt: at,
    });
    expect(await checkDuplicate(store, "other@x")).toEqual({ action: "deliver" });
  });

  it("two concurrent receptions of one MessageId: only the first to record delivers", async () => {
    const store = new InMemoryReceivedMessages();
    const later = new Date(at.getTime() + 1000);
    const [a, b] = await Promise.all([
      recordReception(store, { messageId: "m@x", receivedAt: at, receipt }),
      recordReception(store, { messageId: "m@x", receivedAt: later, receipt: new Uint8Array([1]) }),
    ]);
    expect(a).toEqual({ action: "deliver" });
    expect(b).toEqual({ action: "resend-receipt", receipt, firstReceivedAt: at });
  });
});
