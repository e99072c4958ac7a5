/**
 * Trusted lists: parsing and signature verification of a national list with 300 CA/QC services
 * (each with a certificate, Qualifications and a history instance — larger than most EU lists),
 * and qualification of one signer certificate against it. Baselines in the same run: the raw
 * crypto floor of the signature check (SHA-256 of the canonical list + one ECDSA P-256 verify)
 * and a bare @xmldom/xmldom parse of the same text.
 */
import { createHash, verify } from "node:crypto";
import { DOMParser } from "@xmldom/xmldom";
import { c14nAlgorithmOf, EXC_C14N } from "../packages/trust/src/c14n/algorithms.ts";
import { canonicalize } from "../packages/trust/src/c14n/canonicalize.ts";
import {
  buildTrustedListXml,
  type ServiceSpec,
} from "../packages/trust/src/trusted-list/build-trusted-list.ts";
import * as O from "../packages/trust/src/trusted-list/oids.ts";
import { parseTrustedList } from "../packages/trust/src/trusted-list/parse-trusted-list.ts";
import { qualifySignature } from "../packages/trust/src/trusted-list/qualify-signature.ts";
import { signTrustedList } from "../packages/trust/src/trusted-list/sign-trusted-list.ts";
import { tlTestPki } from "../packages/trust/src/trusted-list/testing/tl-test-pki.ts";
import * as U from "../packages/trust/src/trusted-list/uris.ts";
import { verifyTrustedListSignature } from "../packages/trust/src/trusted-list/verify-signature.ts";
import { parseXml } from "../packages/trust/src/xml/parse-xml.ts";
import { formatRate, measure } from "./measure.ts";

export default async function run(): Promise<void> {
  const pki = tlTestPki();
  const service = (i: number): ServiceSpec => ({
    type: U.SVC_TYPE_CA_QC,
    name: [
      { lang: "en", value: `Qualified CA ${i}` },
      { lang: "lv", value: `Kvalificēta CA ${i}` },
    ],
    certificates: [i === 299 ? pki.qcCa : pki.otherCa],
    status: U.STATUS_GRANTED,
    statusStartingTime: new Date("2016-07-01T00:00:00Z"),
    additionalServiceInformation: [U.ASI_FOR_ESIGNATURES],
    qualifications: [
      {
        qualifiers: [U.QUALIFIER_QC_WITH_QSCD],
        criteria: { assert: "all", policySets: [[O.OID_QCP_N_QSCD]] },
      },
    ],
    history: [
      {
        ...{ type: U.SVC_TYPE_CA_QC, name: `CA ${i}`, certificates: [pki.otherCa] },
        status: U.STATUS_ACCREDITED,
        statusStartingTime: new Date("2012-01-01T00:00:00Z"),
      },
    ],
  });
  const xml = buildTrustedListXml({
    sequenceNumber: 1,
    operatorName: "bench",
    schemeName: "LV",
    territory: "LV",
    issued: new Date("2026-01-01T00:00:00Z"),
    nextUpdate: new Date("2026-07-01T00:00:00Z"),
    providers: Array.from({ length: 30 }, (_, p) => ({
      name: `TSP ${p}`,
      services: Array.from({ length: 10 }, (_, s) => service(p * 10 + s)),
    })),
  });
  const signed = await signTrustedList({ xml, key: pki.tlSignerKey.privateKey, certificate: pki.tlSigner });
  const bytes = new TextEncoder().encode(signed);
  console.log(`list: 300 services, ${(bytes.length / 1024).toFixed(0)} kB`);

  // Crypto floor: digest of the canonical list (without the signature) + one ECDSA verify.
  const unsignedDoc = parseXml(xml).document;
  const canonical = canonicalize(unsignedDoc, {
    algorithm: c14nAlgorithmOf(EXC_C14N)!,
    inclusivePrefixes: [],
  });
  const sig = Buffer.alloc(64, 1);
  const floor = await measure(() => {
    createHash("sha256").update(canonical).digest();
    verify("sha256", Buffer.from("x"), { key: pki.tlSignerKey.publicKey, dsaEncoding: "ieee-p1363" }, sig);
  });
  const bare = await measure(() => new DOMParser().parseFromString(signed, "text/xml"));
  const parse = await measure(() => parseTrustedList(bytes));
  const list = parseTrustedList(bytes);
  const verifyRate = await measure(() => verifyTrustedListSignature(list, [pki.tlSigner]));
  const leaf = pki.leaf({
    qc: { compliance: true, sscd: true, types: [O.OID_QCT_ESIGN] },
    policies: [O.OID_QCP_N_QSCD],
  });
  const qualify = await measure(() =>
    qualifySignature({
      signerCertificate: leaf.certificate,
      chain: leaf.chain,
      trustedLists: [list],
      at: new Date("2024-01-01T00:00:00Z"),
    }),
  );
  console.log(formatRate("baseline: crypto floor (digest + ECDSA verify)", floor));
  console.log(formatRate("baseline: bare xmldom parse", bare));
  console.log(formatRate("parseTrustedList", parse));
  console.log(formatRate("verifyTrustedListSignature (parsed list)", verifyRate));
  console.log(formatRate("qualifySignature (300 services)", qualify));
  console.log(
    `parse ${(parse.msPerOp / bare.msPerOp).toFixed(2)}x bare xmldom; verify ${(verifyRate.msPerOp - floor.msPerOp).toFixed(2)} ms above the crypto floor`,
  );
}
