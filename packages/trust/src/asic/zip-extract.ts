/**
 * Inflates entries under a budget. Header sizes are only claims: the inflater is fed small
 * compressed chunks and stops the moment the real output passes the entry's declared size or
 * the archive's total limit, so a lying header cannot make it allocate more than one chunk's
 * worth (at most ~1 MB of output per 1 kB of DEFLATE input) past the limit.
 */
import { Inflate } from "fflate";
import { crc32 } from "./crc32.ts";
import { AsicError, asicError } from "./errors.ts";
import type { ZipLimits } from "./limits.ts";
import type { ZipEntryRecord } from "./zip-directory.ts";
import { METHOD_STORED } from "./zip-format.ts";

/** Compressed bytes handed to the inflater at a time; DEFLATE expands at most ~1032:1. */
const INPUT_CHUNK = 8 * 1024;

/** Counts uncompressed bytes across all entries of one archive. */
export class InflateBudget {
  private used = 0;
  constructor(private readonly limits: ZipLimits) {}
  spend(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limits.maxTotalBytes) {
      throw asicError("total-too-large", `inflated data exceeds ${this.limits.maxTotalBytes} bytes`);
    }
  }
}

export function extractEntry(archive: Uint8Array, entry: ZipEntryRecord, budget: InflateBudget): Uint8Array {
  const label = JSON.stringify(entry.name);
  const data = archive.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  let content: Uint8Array;
  if (entry.method === METHOD_STORED) {
    budget.spend(data.length);
    content = data.slice();
  } else {
    content = inflateBounded(data, entry.uncompressedSize, budget, label);
  }
  if (crc32(content) !== entry.crc32) throw asicError("crc-mismatch", label);
  return content;
}

function inflateBounded(
  data: Uint8Array,
  declaredSize: number,
  budget: InflateBudget,
  label: string,
): Uint8Array {
  // The declared size was already checked against the limits, so it bounds the output buffer.
  const out = new Uint8Array(declaredSize);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > declaredSize) {
      // More data than the header admits: the header lied, which is how zip bombs pass size checks.
      throw asicError("size-mismatch", `${label} inflates past its declared ${declaredSize} bytes`);
    }
    budget.spend(chunk.length);
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    if (data.length === 0) inflater.push(data, true);
    for (let at = 0; at < data.length; at += INPUT_CHUNK) {
      inflater.push(data.subarray(at, at + INPUT_CHUNK), at + INPUT_CHUNK >= data.length);
    }
  } catch (cause) {
    if (cause instanceof AsicError) throw cause;
    throw asicError("corrupt-entry", `${label} cannot be inflated`, { cause });
  }
  if (written !== declaredSize) {
    throw asicError("size-mismatch", `${label} inflates to ${written} bytes, header says ${declaredSize}`);
  }
  return out;
}
