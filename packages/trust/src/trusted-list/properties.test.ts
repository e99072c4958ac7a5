/**
 * Property tests (fast-check): on mutated trusted lists — bytes flipped, elements cut out,
 * values swapped for junk — parsing either succeeds or fails with MalformedInputError, and a
 * signature check of the mutant never throws and never passes for a changed list.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MalformedInputError } from "../errors.ts";
import { buildTrustedListXml } from "./build-trusted-list.ts";
import * as O from "./oids.ts";
import { parseTrustedList } from "./parse-trusted-list.ts";
import { signTrustedList } from "./sign-trusted-list.ts";
import { tlTestPki } from "./testing/tl-test-pki.ts";
import * as U from "./uris.ts";
import { verifyTrustedListSignature } from "./verify-signature.ts";

const pki = tlTestPki();
const xml = buildTrustedListXml({
  sequenceNumber: 2,
  operatorName: "op",
  schemeName: "LV",
  territory: "LV",
  issued: new Date("2026-01-01T00:00:00Z"),
  nextUpdate: new Date("2026-07-01T00:00:00Z"),
  providers: [
    {
      name: "TSP",
      services: [
        {
          type: U.SVC_TYPE_CA_QC,
          name: "CA",
          certificates: [pki.qcCa],
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
              type: U.SVC_TYPE_CA_QC,
              name: "CA",
              certificates: [pki.qcCa],
              status: U.STATUS_ACCREDITED,
              statusStartingTime: new Date("2014-01-01T00:00:00Z"),
            },
          ],
        },
      ],
    },
  ],
});
const signed = await signTrustedList({ xml, key: pki.tlSignerKey.privateKey, certificate: pki.tlSigner });
const bytes = new TextEncoder().encode(signed);
const signatureStart = signed.indexOf("<ds:Signature");
const rootStart = signed.indexOf("<tsl:TrustServiceStatusList");

const parseOrMalformed = (input: Uint8Array | string) => {
  try {
    return parseTrustedList(input);
  } catch (e) {
    expect(e).toBeInstanceOf(MalformedInputError);
    return undefined;
  }
};

describe("trusted-list properties", () => {
  it("a flipped byte gives a typed error or a list whose signature fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: signatureStart - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (at, xor) => {
          const mutant = bytes.slice();
          mutant[at] = mutant[at]! ^ xor;
          const list = parseOrMalformed(mutant);
          if (!list) return;
          const r = await verifyTrustedListSignature(list, [pki.tlSigner]);
          // Only a flip in the prolog (e.g. the XML declaration) can leave the signed content unchanged.
          if (r.valid) expect(at).toBeLessThan(rootStart);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("cutting out any element gives a typed error or a list, never a crash", () => {
    const open = [...xml.matchAll(/<(tsl|ecc|tslx|xades):(\w+)[ >]/g)];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: open.length - 1 }), (i) => {
        const m = open[i]!;
        const tag = `${m[1]}:${m[2]}`;
        const start = m.index!;
        const end = xml.indexOf(`</${tag}>`, start);
        if (end < 0) return;
        parseOrMalformed(xml.slice(0, start) + xml.slice(end + tag.length + 3));
      }),
      { numRuns: 200 },
    );
  });

  it("junk text in any text node gives a typed error or a list", () => {
    const texts = [...xml.matchAll(/>([^<]+)</g)];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.string({ maxLength: 30 }), (i, junk) => {
        const m = texts[i]!;
        const at = m.index! + 1;
        const safe = junk.replace(/[<&]/g, "x");
        parseOrMalformed(xml.slice(0, at) + safe + xml.slice(at + m[1]!.length));
      }),
      { numRuns: 200 },
    );
  });
});
