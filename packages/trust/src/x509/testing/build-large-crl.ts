/**
 * A CRL with a very large revokedCertificates list, written straight into one buffer (the
 * general DER writer would allocate per entry). Entry i has serial `serialOf(i)` (8 octets,
 * high bit clear) and revocation time 2021-01-01T00:00:00Z; every `reasonEvery`-th entry carries
 * a reasonCode (keyCompromise).
 */
import type { KeyObject } from "node:crypto";
import * as D from "../der/writer.ts";
import * as O from "../oids.ts";
import { signerFor } from "./build-pki.ts";

const REVOKED_AT = Buffer.from("210101000000Z", "latin1");
/** Extensions ::= SEQUENCE { Extension { reasonCode, OCTET STRING { ENUMERATED 1 } } } */
const REASON_EXTS = Buffer.from(D.seq(D.extension(O.OID_CRL_REASON, D.enumerated(1))));

export function serialOf(i: number): bigint {
  return 0x1000_0000_0000_0000n + BigInt(i) * 7919n;
}

export function serialHexOf(i: number): string {
  return serialOf(i).toString(16).padStart(16, "0");
}

function header(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const bytes: number[] = [];
  for (let v = length; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
}

export function buildLargeCrl(
  count: number,
  issuer: [string, string][],
  issuerKey: KeyObject,
  reasonEvery = 10,
): Uint8Array {
  const plain = 2 + 10 + 15; // SEQUENCE header, INTEGER(8), UTCTime(13)
  const withReason = plain + REASON_EXTS.length;
  let total = 0;
  for (let i = 0; i < count; i++) total += i % reasonEvery === 0 ? withReason : plain;
  const list = Buffer.allocUnsafe(total);
  let p = 0;
  for (let i = 0; i < count; i++) {
    const reason = i % reasonEvery === 0;
    list[p++] = 0x30;
    list[p++] = (reason ? withReason : plain) - 2;
    list[p++] = 0x02;
    list[p++] = 8;
    list.writeBigUInt64BE(serialOf(i), p);
    p += 8;
    list[p++] = 0x17;
    list[p++] = 13;
    REVOKED_AT.copy(list, p);
    p += 13;
    if (reason) {
      REASON_EXTS.copy(list, p);
      p += REASON_EXTS.length;
    }
  }
  const signer = signerFor(issuerKey);
  const revoked = Buffer.concat([header(0x30, list.length), list]);
  const body = Buffer.concat([
    D.int(1),
    signer.algorithm,
    D.name(issuer),
    D.time(new Date("2021-01-01T00:00:00Z")),
    D.time(new Date("2039-01-01T00:00:00Z")),
    revoked,
    D.explicit(0, D.seq(D.extension(O.OID_CRL_NUMBER, D.int(1)))),
  ]);
  const tbs = Buffer.concat([header(0x30, body.length), body]);
  const sig = D.bitString(signer.sign(tbs));
  const outer = Buffer.concat([tbs, signer.algorithm, sig]);
  return new Uint8Array(Buffer.concat([header(0x30, outer.length), outer]));
}
