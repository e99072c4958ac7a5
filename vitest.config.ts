import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/src/**/*.test.tsx", "packages/*/test/**/*.test.ts"],
    // Browser tests need Chromium and run separately: `npm run test:browser`.
    exclude: ["**/node_modules/**", "**/*.browser.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores on CI: keep workers few so database and crypto tests don't starve each other.
    maxWorkers: 2,
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});
