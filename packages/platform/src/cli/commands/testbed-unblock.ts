/**
 * `tilts testbed unblock`: the operator's PUK path for the testbed's eParaksts and eID card
 * stand-ins (AUTH-4 PIN rules). A PIN blocked by wrong tries stays blocked until this command
 * lifts it; the stand-ins' public reset only forgets the tries of PINs that are not blocked.
 * The running server reads the block file on the next PIN check.
 */
import { resolve } from "node:path";
import { PinBlocks, type PinName, type PinService } from "@tilts/testbed";
import { type Command, UsageError } from "../command.ts";
import { parseCommandArgs } from "../parse-command-args.ts";

const help = `Usage: tilts testbed unblock --person CODE [--pin 1|2] [--service eparaksts|eid-card]
                             [--data-dir DIR]

Lifts a PIN block of a test person in the testbed's eParaksts and eID card stand-ins. Three wrong
PINs in a row block a PIN; the stand-ins' "reset" button only forgets wrong tries of PINs that
are not blocked, so only the operator, with this command, lifts a block (as a PUK does).

Options:
  --person CODE      the test person's personal code (e.g. 010180-15097)
  --pin 1|2          only PIN1 (sign-in) or only PIN2 (signing); default both
  --service NAME     only the eParaksts or only the eID card stand-in; default both
  --data-dir DIR     the platform's data directory (default $DATA_DIR or ./data);
                     blocks live in DIR/testbed/pin-blocks.json

Exit codes: 0 a block was lifted; 1 nothing was blocked; 2 usage or bad input.`;

/** Where the server's stand-ins keep their PIN blocks (modules.ts passes the same path). */
export function pinBlocksFileOf(dataDir: string): string {
  return resolve(dataDir, "testbed", "pin-blocks.json");
}

export const testbedUnblockCommand: Command = {
  path: ["testbed", "unblock"],
  summary: "lift a test person's PIN block in the eParaksts and eID card stand-ins",
  help,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: {
        person: { type: "string" },
        pin: { type: "string" },
        service: { type: "string" },
        "data-dir": { type: "string" },
      },
    });
    const person = values.person?.trim();
    if (!person || !/^\d{6}-?\d{5}$/.test(person)) throw new UsageError("give --person as a personal code");
    const filter: { pin?: PinName; service?: PinService } = {};
    if (values.pin !== undefined) {
      if (values.pin !== "1" && values.pin !== "2") throw new UsageError("--pin is 1 or 2");
      filter.pin = values.pin === "1" ? "pin1" : "pin2";
    }
    if (values.service !== undefined) {
      if (values.service !== "eparaksts" && values.service !== "eid-card")
        throw new UsageError("--service is eparaksts or eid-card");
      filter.service = values.service;
    }
    const blocks = new PinBlocks(pinBlocksFileOf(values["data-dir"] ?? io.env.DATA_DIR ?? "data"));
    const lifted = blocks.unblock(person, filter);
    if (lifted.length === 0) {
      io.stderr("tilts testbed unblock: no such PIN is blocked for this person\n");
      return 1;
    }
    for (const block of lifted)
      io.stdout(
        `Unblocked ${block.pin.toUpperCase()} in the ${block.service} stand-in (blocked ${block.blockedAt}).\n`,
      );
    return 0;
  },
};
