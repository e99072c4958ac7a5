import { defineConfig } from "vitest/config";

/** Browser tests (Debian's Chromium via playwright-core): `npm run test:browser`. */
export default defineConfig({
  test: {
    include: ["packages/*/test/browser/**/*.browser.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});
