/**
 * parseCrl: a 1,000,000-entry CRL loads and answers lookups (timing lives in bench/x509.bench.ts),
 * entry details decode on lookup, the signature verifies over the original TBS, and garbage
 * fails with MalformedInputError.
 */
import { createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MalformedInputError } from "../../errors.ts";
import * as D from "../der/writer.ts";
import * as O from "../oids.ts";
import { buildLargeCrl, serialHexOf } from "../testing/build-large-crl.ts";
import { buildCrl, generateKey } from "../testing/build-pki.ts";
import { parseCrl } from "./parse-crl.ts";

const issuer: [string, string][] = [
  ["2.5.4.6", "LV"],
  ["2.5.4.3", "Large CRL CA"],
];

describe("parseCrl", () => {
  it("indexes a 1,000,000-entry CRL and finds any serial", () => {
    const key = generateKey("p256");
    const der = buildLargeCrl(1_000_000, issuer, key.privateKey);
    const crl = parseCrl(der);
    expect(crl.size).toBe(1_000_000);
    expect(crl.issuerString).toBe("CN=Large CRL CA,C=LV");
    expect(crl.crlNumber).toBe(1n);
    expect(crl.isDelta).toBe(false);
    for (const i of [0, 1, 10, 499_999, 999_999]) {
      const entry = crl.find(serialHexOf(i));
      expect(entry?.revocationTime.toISOString()).toBe("2021-01-01T00:00:00.000Z");
      expect(entry?.reason).toBe(i % 10 === 0 ? "keyCompromise" : undefined);
    }
    expect(crl.find(serialHexOf(1_000_000))).toBeUndefined();
    expect(crl.find("01")).toBeUndefined();
    expect(crl.verifySignature(key.publicKey)).toBe(true);
    expect(crl.verifySignature(generateKey("p256").publicKey)).toBe(false);
  });

  it("reads nextUpdate, reasons and an empty list", () => {
    const key = generateKey("ed25519");
    const der = buildCrl({
      issuer,
      issuerKey: key.privateKey,
      nextUpdate: new Date("2030-01-01T00:00:00Z"),
      crlNumber: 7,
      revoked: [
        { serial: 5, reason: 6 },
        { serial: 0x80, reason: 8 },
      ],
    });
    const crl = parseCrl(der);
    expect(crl.nextUpdate?.toISOString()).toBe("2030-01-01T00:00:00.000Z");
    expect(crl.crlNumber).toBe(7n);
    expect(crl.find("05")?.reason).toBe("certificateHold");
    expect(crl.find("0080")?.reason).toBe("removeFromCRL");
    expect(crl.verifySignature(createPublicKey(key.privateKey))).toBe(true);
    expect(parseCrl(buildCrl({ issuer, issuerKey: key.privateKey })).size).toBe(0);
  });

  it("flags an unknown critical CRL extension instead of ignoring it", () => {
    const key = generateKey("p256");
    const der = buildCrl({ issuer, issuerKey: key.privateKey });
    const crl = parseCrl(der);
    expect(crl.unknownCriticalExtension).toBeUndefined();
    // A hand-built TBS with a critical private extension.
    const tbs = D.seq(
      D.int(1),
      D.seq(D.oid(O.OID_ECDSA_WITH_SHA256)),
      D.name(issuer),
      D.time(new Date("2021-01-01T00:00:00Z")),
      D.explicit(0, D.seq(D.extension("1.3.6.1.4.1.99999.1", D.nullValue(), true))),
    );
    const odd = D.seq(tbs, D.seq(D.oid(O.OID_ECDSA_WITH_SHA256)), D.bitString(new Uint8Array(8)));
    expect(parseCrl(odd).unknownCriticalExtension).toBe("1.3.6.1.4.1.99999.1");
  });

  it("throws MalformedInputError for truncated, mis-tagged and oversized input", () => {
    const key = generateKey("p256");
    const der = buildCrl({ issuer, issuerKey: key.privateKey, revoked: [{ serial: 1 }] });
    expect(() => parseCrl(der.subarray(0, der.length - 1))).toThrow(MalformedInputError);
    const wrongTag = Uint8Array.from(der);
    wrongTag[0] = 0x31;
    expect(() => parseCrl(wrongTag)).toThrow(MalformedInputError);
    expect(() => parseCrl(Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0))).toThrow(MalformedInputError);
    expect(() => parseCrl(Uint8Array.of(0x30, 0x80, 0, 0))).toThrow(MalformedInputError);
    expect(() => parseCrl(new Uint8Array(0))).toThrow(MalformedInputError);
  });
});
