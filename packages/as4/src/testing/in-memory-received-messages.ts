/** Tests only: the `ReceivedMessages` port in memory (the platform's is a database table). */
import type { ReceivedMessages, ReceivedRecord } from "../reliability/duplicates.ts";

export class InMemoryReceivedMessages implements ReceivedMessages {
  private readonly byId = new Map<string, ReceivedRecord>();
  async find(messageId: string) {
    return this.byId.get(messageId);
  }
  async record(entry: ReceivedRecord): Promise<"recorded" | "duplicate"> {
    if (this.byId.has(entry.messageId)) return "duplicate";
    this.byId.set(entry.messageId, entry);
    return "recorded";
  }
}
