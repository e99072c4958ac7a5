/** AS4 access-point credentials and the default OOTS P-Mode from the test PKI. */
export {
  AS4_TESTBED_PARTIES,
  type As4TestbedCredentials,
  issueAs4Credentials,
  testbedAs4PMode,
} from "./as4-credentials.ts";
