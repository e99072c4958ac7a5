/**
 * The screenshot of a support request (CON-12): only PNG, JPEG or WebP, recognised by their first
 * bytes — a name or a declared type says nothing about what the file is, and the operator's browser
 * will be shown it. 5 MiB holds a full-HD screenshot as PNG several times over; anything bigger is
 * not a screenshot, and the whole body is held in memory while it is read.
 */
import { EhealthError } from "../errors.ts";

export const MAX_SCREENSHOT_BYTES = 5 * 1024 * 1024;

export type ScreenshotType = "image/png" | "image/jpeg" | "image/webp";

const startsWith = (data: Uint8Array, bytes: readonly number[], at = 0) =>
  data.length >= at + bytes.length && bytes.every((b, i) => data[at + i] === b);

/** The image type by its signature (PNG spec §5.2, JPEG SOI + marker, RIFF…WEBP); undefined otherwise. */
export function imageTypeOf(data: Uint8Array): ScreenshotType | undefined {
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(data, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(data, [0x52, 0x49, 0x46, 0x46]) && startsWith(data, [0x57, 0x45, 0x42, 0x50], 8))
    return "image/webp";
  return undefined;
}

/** The screenshot's type, or a `bad-input` error on the `screenshot` field. */
export function checkScreenshot(data: Uint8Array): ScreenshotType {
  if (data.length > MAX_SCREENSHOT_BYTES)
    throw new EhealthError("bad-input", `the screenshot is over ${MAX_SCREENSHOT_BYTES} bytes`, {
      field: "screenshot",
      reason: "too-large",
    });
  const type = imageTypeOf(data);
  if (!type)
    throw new EhealthError("bad-input", "the screenshot is not a PNG, JPEG or WebP image", {
      field: "screenshot",
      reason: "not-image",
    });
  return type;
}
