import { describe, expect, it } from "vitest";
import { buildTrustedListXml, type PointerSpec } from "./build-trusted-list.ts";
import { loadTrustedLists } from "./load-trusted-lists.ts";
import * as O from "./oids.ts";
import { qualifierFor } from "./qualify-signature.ts";
import { signTrustedList } from "./sign-trusted-list.ts";
import { tlTestPki } from "./testing/tl-test-pki.ts";
import * as U from "./uris.ts";

const pki = tlTestPki();
const d = (s: string) => new Date(`${s}T00:00:00Z`);

const national = (territory: string) =>
  buildTrustedListXml({
    sequenceNumber: 1,
    operatorName: "op",
    schemeName: territory,
    territory,
    issued: d("2026-01-01"),
    nextUpdate: d("2026-07-01"),
    providers: [
      {
        name: "TSP",
        services: [
          {
            type: U.SVC_TYPE_CA_QC,
            name: "CA",
            certificates: [pki.qcCa],
            status: U.STATUS_GRANTED,
            statusStartingTime: d("2016-07-01"),
          },
        ],
      },
    ],
  });
const signedBy = (xml: string, who: "tl" | "other") =>
  signTrustedList({
    xml,
    key: who === "tl" ? pki.tlSignerKey.privateKey : pki.otherSignerKey.privateKey,
    certificate: who === "tl" ? pki.tlSigner : pki.otherSigner,
  });

const files: Record<string, string> = {
  "http://127.0.0.1/LV.xml": await signedBy(national("LV"), "tl"),
  "http://127.0.0.1/LT.xml": await signedBy(national("LT"), "other"),
  "http://127.0.0.1/FR.xml": await signedBy(national("DE"), "tl"),
};
const pointer = (territory: string, location: string, extra: Partial<PointerSpec> = {}): PointerSpec => ({
  location,
  signerCertificates: [pki.tlSigner],
  territory,
  operatorName: territory,
  ...extra,
});
const lotlXml = buildTrustedListXml({
  sequenceNumber: 9,
  type: U.TSL_TYPE_EU_LOTL,
  operatorName: "Commission (test)",
  schemeName: "EU",
  territory: "EU",
  issued: d("2026-01-01"),
  nextUpdate: d("2026-07-01"),
  pointers: [
    pointer("EU", "http://127.0.0.1/lotl.xml", { tslType: U.TSL_TYPE_EU_LOTL }),
    pointer("LV", "http://127.0.0.1/LV.xml"),
    pointer("LV", "http://127.0.0.1/LV.pdf", { mimeType: "application/pdf" }),
    pointer("LT", "http://127.0.0.1/LT.xml"),
    pointer("EE", "http://127.0.0.1/EE.xml"),
    pointer("FR", "http://127.0.0.1/FR.xml"),
  ],
});
const lotl = await signTrustedList({
  xml: lotlXml,
  key: pki.otherSignerKey.privateKey,
  certificate: pki.otherSigner,
});

describe("loadTrustedLists", () => {
  const fetched: string[] = [];
  const fetch = async (url: string) => {
    fetched.push(url);
    const body = files[url];
    if (!body) throw new Error(`404 ${url}`);
    return new TextEncoder().encode(body);
  };

  it("keeps only national lists signed by the announced certificates, reporting the others", async () => {
    const r = await loadTrustedLists({ lotl, lotlSignerCertificates: [pki.otherSigner], fetch });
    expect(r.lists.map((l) => l.territory)).toEqual(["LV"]);
    expect(r.problems.map((p) => [p.territory, p.code])).toEqual([
      ["LT", "tl-signer-unknown"],
      ["EE", "tl-fetch-failed"],
      ["FR", "tl-territory-mismatch"],
    ]);
    expect(fetched).not.toContain("http://127.0.0.1/LV.pdf");
    expect(fetched).not.toContain("http://127.0.0.1/lotl.xml");
  });

  it("loads nothing when the list of lists is not signed by a trusted certificate", async () => {
    const r = await loadTrustedLists({ lotl, lotlSignerCertificates: [pki.tlSigner], fetch });
    expect(r.lists).toEqual([]);
    expect(r.problems[0]!.code).toBe("tl-signer-unknown");
    const garbage = await loadTrustedLists({
      lotl: "<nope",
      lotlSignerCertificates: [pki.otherSigner],
      fetch,
    });
    expect(garbage.problems[0]!.code).toBe("tl-malformed");
  });

  it("can be limited to some territories, and binds a qualifier to the lists it loaded", async () => {
    fetched.length = 0;
    const r = await loadTrustedLists({
      lotl,
      lotlSignerCertificates: [pki.otherSigner],
      fetch,
      territories: ["LV"],
    });
    expect(fetched).toEqual(["http://127.0.0.1/LV.xml"]);
    const qualify = qualifierFor(r.lists);
    const leaf = pki.leaf({ qc: { compliance: true, sscd: true, types: [O.OID_QCT_ESIGN] } });
    expect(
      qualify({ signerCertificate: leaf.certificate, chain: leaf.chain, at: d("2024-01-01") }).qualification,
    ).toBe("QESig");
  });
});
