/**
 * Synthetic foreign persons for the eIDAS node stand-ins, by country. PersonIdentifier is written
 * as the eIDAS SAML Attribute Profile §2.2.3 says: origin country / destination country (LV: the
 * platform) / the identifier in the origin country. Tests only: values may coincide with real ones.
 */
import type { ForeignTestPerson } from "./response-builder.ts";

export const FOREIGN_TEST_PERSONS: Record<string, readonly ForeignTestPerson[]> = {
  EE: [
    {
      personIdentifier: "EE/LV/38001085718",
      givenName: "Jaan",
      familyName: "Tamm",
      dateOfBirth: "1980-01-08",
    },
    {
      personIdentifier: "EE/LV/49203150224",
      givenName: "Mari-Liis",
      familyName: "Männik",
      dateOfBirth: "1992-03-15",
    },
  ],
  LT: [
    {
      personIdentifier: "LT/LV/39105120113",
      givenName: "Jonas",
      familyName: "Jonaitis",
      dateOfBirth: "1991-05-12",
    },
    {
      personIdentifier: "LT/LV/48712240087",
      givenName: "Rūta",
      familyName: "Kazlauskienė",
      dateOfBirth: "1987-12-24",
    },
  ],
};
