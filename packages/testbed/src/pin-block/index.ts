/** Test PIN try counters and blocks shared by the eParaksts and eID card stand-ins (AUTH-4). */
export {
  type PinBlock,
  PinBlockFileError,
  PinBlocks,
  type PinName,
  type PinService,
} from "./pin-blocks.ts";
export { PinTries } from "./pin-tries.ts";
