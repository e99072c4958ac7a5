/**
 * One stand-in's PIN try counters (AUTH-4 PIN rules): wrong PINs in a row are counted per person
 * and PIN; at the limit the PIN is recorded in PinBlocks and its counter is dropped. A right PIN
 * clears the counter. `resetTries` is what the public `/reset` may do: forget the tries of PINs
 * that are not blocked — a block stays until `tilts testbed unblock`.
 */
import type { PinBlocks, PinName, PinService } from "./pin-blocks.ts";

export class PinTries {
  private readonly failures: Record<PinName, Map<string, number>> = { pin1: new Map(), pin2: new Map() };

  constructor(
    private readonly service: PinService,
    readonly maxAttempts: number,
    private readonly blocks: PinBlocks,
  ) {}

  isBlocked(personalCode: string, pin: PinName): boolean {
    return this.blocks.isBlocked(this.service, personalCode, pin);
  }

  /** Counts a wrong PIN; returns the attempts left, 0 when the PIN is now blocked. */
  wrong(personalCode: string, pin: PinName): number {
    const counts = this.failures[pin];
    const failures = (counts.get(personalCode) ?? 0) + 1;
    if (failures < this.maxAttempts) {
      counts.set(personalCode, failures);
      return this.maxAttempts - failures;
    }
    counts.delete(personalCode);
    this.blocks.block(this.service, personalCode, pin);
    return 0;
  }

  right(personalCode: string, pin: PinName): void {
    this.failures[pin].delete(personalCode);
  }

  /** Forgets the tries of one person, or of everybody; blocked PINs stay blocked. */
  resetTries(personalCode?: string): void {
    for (const counts of Object.values(this.failures)) {
      if (personalCode) counts.delete(personalCode);
      else counts.clear();
    }
  }
}
