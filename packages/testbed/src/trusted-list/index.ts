/** The testbed's published trusted lists (ETSI TS 119 612): a test LV list and a test list of lists. */
export { type ListSigner, type ListSignerId, listSigner } from "./list-signers.ts";
export {
  buildTestbedTrustedLists,
  type TestbedTrustedLists,
  type TestbedTrustedListsOptions,
  trustedListUrls,
} from "./testbed-trusted-lists.ts";
