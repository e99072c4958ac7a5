import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  parseTrustedList,
  qualifySignature,
  statusAt,
  type TrustedList,
  trustAnchorsFrom,
  trustedListUris as U,
  verifyTrustedListSignature,
} from "@tilts/trust";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testbedPkiPlugin } from "../http/testbed-pki-plugin.ts";
import { issueInstitution, issuePerson } from "../pki/issue-credentials.ts";
import { TestPki } from "../pki/test-pki.ts";
import { listSigner } from "./list-signers.ts";
import { buildTestbedTrustedLists, type TestbedTrustedLists } from "./testbed-trusted-lists.ts";

const base = "http://127.0.0.1:1/testbed";
let dir: string;
let pki: TestPki;
let lists: TestbedTrustedLists;
let national: TrustedList;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-tl-"));
  pki = TestPki.create(join(dir, "pki"), { baseUrl: base });
  lists = await buildTestbedTrustedLists(pki);
  national = parseTrustedList(lists.national);
  app = Fastify();
  await app.register(testbedPkiPlugin, { prefix: "/testbed", stateDir: join(dir, "pki") });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the testbed's trusted lists", () => {
  it("publish a signed LV test list reachable from a signed list of lists", async () => {
    const lotl = parseTrustedList(lists.lotl);
    expect(lotl.isListOfLists).toBe(true);
    expect((await verifyTrustedListSignature(lotl, [lists.lotlSigner.certificate])).valid).toBe(true);
    const pointer = lotl.pointers.find((p) => p.territory === "LV");
    expect(pointer?.location).toBe(`${base}/tl/LV.xml`);
    expect(pointer?.mimeType).toBe(U.TSL_MIME_TYPE);
    const verified = await verifyTrustedListSignature(national, pointer!.signerCertificates);
    expect(verified).toEqual({ valid: true, signer: lists.nationalSigner.certificate, errors: [] });
    // The list of lists' signer cannot pass for the national one.
    expect((await verifyTrustedListSignature(national, [lists.lotlSigner.certificate])).valid).toBe(false);
  });

  it("say they are test lists and cover the eID CA, the eParaksts CA and the TSA", () => {
    expect(national.versionIdentifier).toBe(5);
    expect(national.territory).toBe("LV");
    expect(national.schemeOperatorNames[0]!.value).toMatch(/Tilts testbed.*TEST/);
    const byType = (t: string) => national.services.filter((s) => s.current.type === t);
    const cas = byType(U.SVC_TYPE_CA_QC);
    expect(cas.map((s) => s.current.digitalIds[0])).toEqual([
      { kind: "certificate", der: pki.ca("eid").certificate },
      { kind: "certificate", der: pki.ca("eparaksts").certificate },
    ]);
    for (const s of cas) {
      expect(s.current.status).toBe(U.STATUS_GRANTED);
      expect(s.current.extensions.additionalServiceInformation).toEqual([U.ASI_FOR_ESIGNATURES]);
    }
    const tsa = byType(U.SVC_TYPE_TSA_QTST);
    expect(tsa).toHaveLength(1);
    expect(tsa[0]!.current.digitalIds[0]).toEqual({ kind: "certificate", der: pki.tsa().certificate });
    expect(statusAt(tsa[0]!, new Date())?.status).toBe(U.STATUS_GRANTED);
    expect(trustAnchorsFrom([national], new Date())).toEqual([
      pki.ca("eid").certificate,
      pki.ca("eparaksts").certificate,
    ]);
  });

  it("break their signature when one service's status is changed", async () => {
    const tampered = lists.national.replace(U.STATUS_GRANTED, U.STATUS_WITHDRAWN);
    const r = await verifyTrustedListSignature(parseTrustedList(tampered), [
      lists.nationalSigner.certificate,
    ]);
    expect(r.valid).toBe(false);
    expect(r.errors[0]!.code).toBe("tl-signature-invalid");
  });

  it("qualify a person's eParaksts or eID signing certificate as QESig, not an authentication or organisation certificate", () => {
    const at = new Date();
    const qualify = (certificate: Uint8Array, chain: Uint8Array[]) =>
      qualifySignature({
        signerCertificate: certificate,
        chain: [certificate, ...chain],
        trustedLists: [national],
        at,
      });
    const eparaksts = issuePerson(pki, { givenName: "Līga", surname: "Ozola", ca: "eparaksts" });
    const r = qualify(eparaksts.certificate, eparaksts.chain);
    expect(r.qualification).toBe("QESig");
    expect(r.service).toMatchObject({
      name: "Tilts Test eParaksts ICA",
      type: U.SVC_TYPE_CA_QC,
      territory: "LV",
    });
    const eid = issuePerson(pki, { givenName: "Jānis", surname: "Bērziņš", ca: "eid" });
    expect(qualify(eid.certificate, eid.chain).qualification).toBe("QESig");
    const auth = issuePerson(pki, { givenName: "Jānis", surname: "Bērziņš", ca: "eid", usage: "auth" });
    expect(qualify(auth.certificate, auth.chain).qualification).toBe("AdESig");
    const org = issueInstitution(pki, { name: "SIA Testa Klīnika", registrationNumber: "40003000000" });
    const orgResult = qualify(org.certificate, org.chain);
    expect(orgResult.qualification).toBe("AdESeal");
    expect(orgResult.warnings.map((w) => w.code)).toContain("tl-no-service");
  });

  it("keep their signers across restarts", () => {
    const again = listSigner(TestPki.load(join(dir, "pki")), "national");
    expect(Buffer.from(again.certificate).equals(Buffer.from(lists.nationalSigner.certificate))).toBe(true);
  });

  it("are served over HTTP as application/vnd.etsi.tsl+xml, exactly as signed", async () => {
    const lotlRes = await app.inject({ url: "/testbed/tl/lotl.xml" });
    expect(lotlRes.statusCode).toBe(200);
    expect(lotlRes.headers["content-type"]).toBe(U.TSL_MIME_TYPE);
    const lotl = parseTrustedList(new Uint8Array(lotlRes.rawPayload));
    expect((await verifyTrustedListSignature(lotl, [lists.lotlSigner.certificate])).valid).toBe(true);
    const res = await app.inject({ url: "/testbed/tl/LV.xml" });
    expect(res.headers["content-type"]).toBe(U.TSL_MIME_TYPE);
    const served = parseTrustedList(new Uint8Array(res.rawPayload));
    const pointer = lotl.pointers[0]!;
    expect((await verifyTrustedListSignature(served, pointer.signerCertificates)).valid).toBe(true);
    expect((await app.inject({ url: "/testbed/tl/FR.xml" })).statusCode).toBe(404);
  });
});
