/**
 * Browser tests drive Debian's Chromium through playwright-core (never a downloaded browser),
 * with the flags this machine needs: no sandbox as root, no background networking on a closed
 * network. Playwright gives every launch a fresh, temporary profile of its own.
 */
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
