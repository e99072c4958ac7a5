import { describe, expect, it } from "vitest";
import { createAsicE } from "../asic/asic-create.ts";
import { readAsicE } from "../asic/asic-read.ts";
import { buildTrustedListXml } from "../trusted-list/build-trusted-list.ts";
import { parseTrustedList } from "../trusted-list/parse-trusted-list.ts";
import * as TL from "../trusted-list/uris.ts";
import { signEdoc } from "./sign-edoc.ts";
import { edocTestPki } from "./testing/edoc-test-pki.ts";
import { verifyDocument } from "./verify-document.ts";

describe("trust anchors and qualification from a trusted list", () => {
  const pki = edocTestPki();
  const since = new Date("2020-01-01T00:00:00Z");
  const list = parseTrustedList(
    buildTrustedListXml({
      sequenceNumber: 1,
      operatorName: "Tilts test scheme operator",
      schemeName: "LV:Tilts test trusted list",
      territory: "LV",
      issued: new Date(Date.now() - 86_400_000),
      nextUpdate: new Date(Date.now() + 30 * 86_400_000),
      providers: [
        {
          name: "Tilts Test TSP",
          services: [
            {
              type: TL.SVC_TYPE_CA_QC,
              name: "XAdES Test CA",
              certificates: [pki.ca],
              status: TL.STATUS_GRANTED,
              statusStartingTime: since,
            },
            {
              type: TL.SVC_TYPE_TSA_QTST,
              name: "XAdES Test TSA",
              certificates: [pki.tsaCertificate],
              status: TL.STATUS_GRANTED,
              statusStartingTime: since,
            },
          ],
        },
      ],
    }),
  );
  const files = [{ name: "a.txt", content: new TextEncoder().encode("x"), mediaType: "text/plain" }];

  it("a qualified signer at LTA is TOTAL-PASSED and QESig with no --anchor", async () => {
    const edoc = await signEdoc({
      dataFiles: files,
      signer: pki.issueSigner({ qc: true }),
      level: "LTA",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
    });
    const r = await verifyDocument(edoc, { trustedLists: [list] });
    const s = r.signatures[0]!;
    expect([s.indication, s.subIndication, s.qualification]).toEqual(["TOTAL-PASSED", null, "QESig"]);
    expect(s.timestamps.every((t) => t.valid)).toBe(true);
  });

  it("a signer with neither QCStatements nor a qualified policy is AdESig", async () => {
    const edoc = await signEdoc({
      dataFiles: files,
      signer: pki.issueSigner({ qcpPolicy: false }),
      level: "LT",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
    });
    const r = await verifyDocument(edoc, { trustedLists: [list] });
    expect([r.signatures[0]!.indication, r.signatures[0]!.qualification]).toEqual(["TOTAL-PASSED", "AdESig"]);
  });

  it("failed and indeterminate signatures get Not-ADES and an INDETERMINATE qualification", async () => {
    const edoc = await signEdoc({ dataFiles: files, signer: pki.issueSigner({ qc: true }), level: "B" });
    const offline = await verifyDocument(edoc, { trustedLists: [list] });
    expect([offline.signatures[0]!.indication, offline.signatures[0]!.qualification]).toEqual([
      "INDETERMINATE",
      "INDETERMINATE-QESig",
    ]);
    const other = await signEdoc({
      dataFiles: [{ name: "a.txt", content: new TextEncoder().encode("y"), mediaType: "text/plain" }],
      signer: pki.issueSigner({ qc: true }),
      level: "B",
    });
    // The signature of one container over the data of another: HASH_FAILURE.
    const mixed = createAsicE({
      dataFiles: files,
      signatures: [readAsicE(other).signatureFiles[0]!.content],
    });
    const failed = await verifyDocument(mixed, { trustedLists: [list], fetchers: pki.fetchers });
    expect([failed.signatures[0]!.subIndication, failed.signatures[0]!.qualification]).toEqual([
      "HASH_FAILURE",
      "Not-ADES",
    ]);
  });
});
