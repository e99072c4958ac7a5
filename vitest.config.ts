import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Test files that read public suites and specifications in place from ../shared (PKITS, the W3C
 * and merlin XML-Signature vectors, HL7's sample CDA, the EC's OOTS schematrons and XSDs). They
 * are never copied into the repository. In a plain clone with nothing beside it they are left
 * out by name (and said so), so `npm test` still passes there; `shared-suites.test.ts` checks
 * that every test file reading ../shared is on this list.
 */
export const READS_SHARED = [
  "packages/trust/src/x509/pkits.test.ts",
  "packages/trust/src/x509/malformed.test.ts",
  "packages/trust/src/xmldsig/conformance.test.ts",
  "packages/trust/src/xmldsig/hostile.test.ts",
  "packages/trust/src/xml/read-xml.differential.test.ts",
  "packages/as4/src/message/ebms-schema.test.ts",
  "packages/platform/src/oots/shipped-artefacts.test.ts",
  "packages/platform/src/oots/schematron.test.ts",
  "packages/platform/src/ehealth/core/cda-narrative.test.ts",
  "packages/platform/src/ehealth/core/cda-schema.test.ts",
];

const sharedPresent = existsSync(fileURLToPath(new URL("../shared/", import.meta.url)));
if (!sharedPresent)
  console.warn(
    `../shared is absent: ${READS_SHARED.length} test files that read its public suites in place are left out:\n  ${READS_SHARED.join("\n  ")}`,
  );

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/src/**/*.test.tsx", "packages/*/test/**/*.test.ts"],
    // Browser tests need Chromium and run separately: `npm run test:browser`.
    exclude: ["**/node_modules/**", "**/*.browser.test.ts", ...(sharedPresent ? [] : READS_SHARED)],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores on CI: keep workers few so database and crypto tests don't starve each other.
    maxWorkers: 2,
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});
