/**
 * ASiC-E container reading and writing, against the raw DEFLATE work it cannot avoid, measured
 * in the same run: fflate's one-shot inflateSync/deflateSync of the same entries and node:zlib.
 * The overhead of the container layer (limits, chunked inflation, CRC, manifest XML) is the ratio.
 */
import { inflateRawSync } from "node:zlib";
import { deflateSync, inflateSync } from "fflate";
import { addSignature, createAsicE, readAsicE } from "../packages/trust/src/asic/index.ts";
import { formatRate, measure } from "./measure.ts";

function pseudoText(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    // A skewed alphabet, so it compresses roughly like text (~2:1).
    out[i] = 97 + ((state >>> 24) % 13);
  }
  return out;
}

export default async function bench(): Promise<void> {
  const signature = pseudoText(12_000, 7);
  for (const [label, size] of [
    ["100 kB data file", 100_000],
    ["10 MB data file", 10_000_000],
  ] as const) {
    const data = pseudoText(size, 1);
    const container = createAsicE({
      dataFiles: [{ name: "līgums ēka.pdf", mediaType: "application/pdf", content: data }],
      signatures: [signature],
    });
    const deflatedData = deflateSync(data, { level: 6 });
    const deflatedSignature = deflateSync(signature, { level: 6 });
    const rounds = size > 1_000_000 ? 3 : 5;
    // measure() warms up with one call; the first function measured would still run colder
    // than the rest, so give every path the same JIT warm-up first.
    for (let i = 0; i < (size > 1_000_000 ? 2 : 30); i++) {
      readAsicE(container);
      inflateSync(deflatedData);
      inflateRawSync(deflatedData);
      addSignature(container, signature);
    }
    const read = await measure(() => readAsicE(container), rounds);
    const fflateFloor = await measure(() => {
      inflateSync(deflatedData);
      inflateSync(deflatedSignature);
    }, rounds);
    const zlibFloor = await measure(() => {
      inflateRawSync(deflatedData);
      inflateRawSync(deflatedSignature);
    }, rounds);
    const create = await measure(
      () => createAsicE({ dataFiles: [{ name: "a.pdf", content: data }], signatures: [signature] }),
      rounds,
    );
    const deflateFloor = await measure(() => {
      deflateSync(data, { level: 6 });
      deflateSync(signature, { level: 6 });
    }, rounds);
    const add = await measure(() => addSignature(container, signature), rounds);
    console.log(`-- ${label} (container ${container.length} bytes)`);
    console.log(formatRate("readAsicE", read));
    console.log(formatRate("  floor: fflate inflateSync of the entries", fflateFloor));
    console.log(formatRate("  floor: node:zlib inflateRawSync of the entries", zlibFloor));
    console.log(`  readAsicE / fflate floor: ${(fflateFloor.opsPerSecond / read.opsPerSecond).toFixed(2)}x`);
    console.log(formatRate("createAsicE", create));
    console.log(formatRate("  floor: fflate deflateSync of the entries", deflateFloor));
    console.log(
      `  createAsicE / deflate floor: ${(deflateFloor.opsPerSecond / create.opsPerSecond).toFixed(2)}x`,
    );
    console.log(formatRate("addSignature (full read + append)", add));
  }
}
