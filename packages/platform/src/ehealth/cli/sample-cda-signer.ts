/**
 * The signer of `tilts ehealth sample-cda --sign`: the author's qualified signing certificate from
 * the testbed's PKI (eParaksts CA, as the eParaksts stand-in issues one to each test person), and
 * the options that make the signature XAdES-LT (SIG-5) — time-stamped by the testbed's TSA and
 * carrying its OCSP answers — so the portal finds it valid against the testbed root without
 * asking the network (the server need not run).
 *
 * The PKI is the one `tilts start` serves from `<data-dir>/testbed/pki`, opened with the
 * key-encryption secret of that data folder's configuration; it is created there when absent,
 * as the server would on its first start.
 */
import { issuePerson, respondToOcspRequest, respondToTimeStampRequest, type TestPki } from "@tilts/testbed";
import type { CliIo } from "../../cli/command.ts";
import { openTestPki, testbedBaseUrl, testbedStateDir } from "../../cli/commands/testbed-shared.ts";
import type { DemoPerson } from "../demo/index.ts";
import type { DocumentSigner, SignDocumentOptions } from "../documents/index.ts";

export interface SampleSigner {
  readonly credential: DocumentSigner;
  readonly options: SignDocumentOptions;
  /** The test PKI's root certificate (DER): the trust anchor the portal uses in the testbed. */
  readonly anchor: Uint8Array;
}

export function testbedSampleSigner(
  author: DemoPerson,
  dataDir: string | undefined,
  io: CliIo,
): SampleSigner {
  const stateDir = testbedStateDir({ "data-dir": dataDir }, io);
  const pki = openTestPki(stateDir, testbedBaseUrl({}, io), io, dataDir) as TestPki;
  const issued = issuePerson(pki, {
    givenName: author.givenName,
    surname: author.familyName,
    personalCode: author.personalCode,
    ca: "eparaksts",
    usage: "sign",
  });
  return {
    credential: { key: issued.privateKey, certificate: issued.certificate, chain: issued.chain },
    options: {
      level: "LT",
      tsa: async (request: Uint8Array) => respondToTimeStampRequest(pki, request),
      fetchers: {
        fetchOcsp: async (_url: string, request: Uint8Array) => respondToOcspRequest(pki, request),
      },
    },
    anchor: pki.ca("root").certificate,
  };
}
