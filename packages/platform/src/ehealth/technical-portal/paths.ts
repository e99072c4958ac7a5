/** Where the technical portal's pages and downloads live on the public web port (ANX2-13, DEV-6). */
export const TECHNICAL_PORTAL_PATHS = {
  overview: "/ehealth/developers",
  api: "/ehealth/developers/api",
  cda: "/ehealth/developers/cda",
  classifiers: "/ehealth/developers/classifiers",
  testPersons: "/ehealth/developers/test-persons",
  openApi: "/ehealth/developers/openapi.json",
  sampleCda: "/ehealth/developers/sample-cda.xml",
  testPersonsCsv: "/ehealth/developers/test-persons.csv",
  testPersonsJson: "/ehealth/developers/test-persons.json",
} as const;
