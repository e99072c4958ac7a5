/** The testbed's HTTP front: Fastify plugins the platform mounts (see README in ../pki). */
export type { DemoRoles, PageLanguage } from "./testbed-page.ts";
export { type TestbedPkiPluginOptions, testbedPkiPlugin } from "./testbed-pki-plugin.ts";
