/**
 * ECDSA SignatureValues as some Java signers write them (XMLDSig 1.1 §6.4.3 wants r‖s in the
 * field size; BigInteger.toByteArray gives a 0x00 sign octet or drops leading zero octets) verify
 * by their numeric value; values of a wrong shape stay refused. The signatures come from
 * `openssl dgst -sign` (DER), re-encoded here the way such signers do.
 */
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseXml } from "../xml/parse-xml.ts";
import { normalizeEcdsaValue } from "./ecdsa-value.ts";
import { document, genpkey, hasOpenssl, openssl, signedInfo } from "./openssl-fixtures.ts";
import * as U from "./uris.ts";
import { verifyXmlSignature } from "./verify.ts";

/** r and s of a DER ECDSA-Sig-Value (RFC 3279 §2.2.3): SEQUENCE { INTEGER r, INTEGER s }. */
function derIntegers(der: Buffer): [Buffer, Buffer] {
  let i = der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2;
  const out: Buffer[] = [];
  for (let k = 0; k < 2; k++) {
    if (der[i] !== 0x02) throw new Error("not an INTEGER");
    const length = der[i + 1]!;
    out.push(der.subarray(i + 2, i + 2 + length));
    i += 2 + length;
  }
  return [out[0]!, out[1]!];
}

/** Java style: each half as BigInteger.toByteArray, both left-padded to the longer one. */
function javaStyle(r: Buffer, s: Buffer): Buffer {
  const length = Math.max(r.length, s.length);
  const pad = (b: Buffer) => Buffer.concat([Buffer.alloc(length - b.length), b]);
  return Buffer.concat([pad(r), pad(s)]);
}

describe.skipIf(!hasOpenssl)("ECDSA r||s halves of another length (openssl-made signatures)", () => {
  const p256 = genpkey("ec-p256", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");

  it("P-256 halves with a 0x00 sign octet (33 + 33 octets) verify; tampering still fails", async () => {
    // Sign until both r and s have the top bit set, so DER (and Java) carry a sign octet.
    let xml: string | undefined;
    // ECDSA signing is randomised: the same SignedInfo gives a new (r, s) each time.
    const si = signedInfo(U.SIG_ECDSA_SHA256, U.DIGEST_SHA256);
    for (let attempt = 0; attempt < 200 && !xml; attempt++) {
      const [r, s] = derIntegers(openssl(["dgst", "-sha256", "-sign", p256.file], Buffer.from(si)));
      if (r.length === 33 && s.length === 33) xml = document(si, () => javaStyle(r, s));
    }
    expect(xml, "openssl gave no signature with two 33-octet integers").toBeDefined();
    const r = await verifyXmlSignature(parseXml(xml!), { key: p256.publicKey });
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
    const value = /<SignatureValue>([^<]+)</.exec(xml!)![1]!;
    const bytes = Buffer.from(value, "base64");
    expect(bytes.length).toBe(66);
    bytes[65]! ^= 0x01;
    const tampered = await verifyXmlSignature(parseXml(xml!.replace(value, bytes.toString("base64"))), {
      key: p256.publicKey,
    });
    expect(tampered.valid).toBe(false);
    expect(tampered.errors.map((e) => e.code)).toEqual(["xmldsig-signature-invalid"]);
  });

  it("P-521 halves shortened by a leading zero octet (65 + 65 octets) verify", async () => {
    const p521 = genpkey("ec-p521", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521");
    let xml: string | undefined;
    // ECDSA signing is randomised: the same SignedInfo gives a new (r, s) each time.
    const si = signedInfo(U.SIG_ECDSA_SHA512, U.DIGEST_SHA256);
    for (let attempt = 0; attempt < 200 && !xml; attempt++) {
      const [r, s] = derIntegers(openssl(["dgst", "-sha512", "-sign", p521.file], Buffer.from(si)));
      if (r.length === 65 && s.length === 65) xml = document(si, () => javaStyle(r, s));
    }
    expect(xml, "openssl gave no signature with two 65-octet integers").toBeDefined();
    const r = await verifyXmlSignature(parseXml(xml!), { key: p521.publicKey });
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it("values of a wrong shape stay refused as invalid", async () => {
    const si = signedInfo(U.SIG_ECDSA_SHA256, U.DIGEST_SHA256);
    const [r0, s0] = derIntegers(openssl(["dgst", "-sha256", "-sign", p256.file], Buffer.from(si)));
    const fit = (b: Buffer) => Buffer.concat([Buffer.alloc(32), b]).subarray(-32);
    const [r, s] = [fit(r0), fit(s0)];
    const shapes = {
      odd: Buffer.concat([r, s, Buffer.from([0])]),
      "halves too long": Buffer.concat([Buffer.alloc(2), r, Buffer.alloc(2), s]),
      "sign octet not zero": Buffer.concat([Buffer.from([1]), r, Buffer.from([1]), s]),
      "r only": r,
    };
    for (const [name, value] of Object.entries(shapes)) {
      const v = await verifyXmlSignature(parseXml(document(si, () => value)), { key: p256.publicKey });
      expect(v.valid, name).toBe(false);
      expect(v.signatureValueValid, name).toBe(false);
      expect(
        v.errors.map((e) => e.code),
        name,
      ).toEqual(["xmldsig-signature-invalid"]);
    }
  });
});

describe("normalizeEcdsaValue", () => {
  const key = (curve: string): KeyObject => generateKeyPairSync("ec", { namedCurve: curve }).publicKey;

  it("keeps a value of the field size and pads each half to it", () => {
    const k = key("P-384");
    const exact = new Uint8Array(96).fill(3);
    expect(normalizeEcdsaValue(exact, k)).toBe(exact);
    const short = Buffer.concat([Buffer.alloc(47, 5), Buffer.alloc(47, 6)]);
    const out = Buffer.from(normalizeEcdsaValue(short, k));
    expect(out.length).toBe(96);
    expect(out[0]).toBe(0);
    expect(out[48]).toBe(0);
    expect(out.subarray(1, 48)).toEqual(Buffer.alloc(47, 5));
  });

  it("an ECDSA signature node:crypto made still verifies after a sign-octet round trip", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const raw = sign("sha256", Buffer.from("x"), { key: privateKey, dsaEncoding: "ieee-p1363" });
    const padded = Buffer.concat([Buffer.from([0]), raw.subarray(0, 32), Buffer.from([0]), raw.subarray(32)]);
    expect(Buffer.from(normalizeEcdsaValue(padded, publicKey))).toEqual(raw);
  });
});
