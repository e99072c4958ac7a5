import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { Accuracy, MessageImprint, TSTInfo } from "@peculiar/asn1-tsp";
import { AlgorithmIdentifier, GeneralName } from "@peculiar/asn1-x509";
import { describe, expect, it } from "vitest";
import { parseTstInfo } from "./parse-tst-info.ts";

const OID_SHA256 = "2.16.840.1.101.3.4.2.1";

function tstInfo(options: {
  genTime: Date;
  nonce?: boolean;
  accuracy?: boolean;
  ordering?: boolean;
  tsa?: boolean;
}) {
  const tst = new TSTInfo({
    policy: "1.3.6.1.4.1.99999.1",
    messageImprint: new MessageImprint({
      hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID_SHA256 }),
      hashedMessage: new OctetString(new Uint8Array(32).fill(9)),
    }),
    serialNumber: new Uint8Array([0, 0x85, 1]).buffer,
    genTime: options.genTime,
  });
  if (options.nonce) tst.nonce = new Uint8Array([1, 2, 3]).buffer;
  if (options.accuracy) tst.accuracy = new Accuracy({ seconds: 1 });
  if (options.ordering) tst.ordering = true;
  if (options.tsa) tst.tsa = new GeneralName({ dNSName: "tsa.example" });
  return new Uint8Array(AsnConvert.serialize(tst));
}

describe("parseTstInfo", () => {
  const shapes = [
    { genTime: new Date("2026-11-25T21:31:02Z"), nonce: true },
    { genTime: new Date("2026-11-25T21:31:02.123Z"), accuracy: true },
    { genTime: new Date("1999-01-01T00:00:00Z"), nonce: true, accuracy: true, ordering: true },
    { genTime: new Date("2030-06-30T12:00:00Z"), tsa: true },
  ];
  it.each(shapes)("reads what the schema parser reads (%o)", (shape) => {
    const der = tstInfo(shape);
    const lean = parseTstInfo(der);
    const schema = AsnConvert.parse(der, TSTInfo);
    expect(lean.policy).toBe(schema.policy);
    expect(lean.genTime.toISOString()).toBe(schema.genTime.toISOString());
    expect(Buffer.from(lean.serialNumber)).toEqual(Buffer.from(schema.serialNumber));
    expect(lean.hashAlgorithm).toBe(schema.messageImprint.hashAlgorithm.algorithm);
    expect(Buffer.from(lean.hashedMessage)).toEqual(Buffer.from(schema.messageImprint.hashedMessage.buffer));
    expect(lean.nonce && Buffer.from(lean.nonce)).toEqual(schema.nonce && Buffer.from(schema.nonce));
  });

  it("accepts and refuses what the schema parser does (truncated, trailing data, wrong tags)", () => {
    const der = tstInfo({ genTime: new Date("2026-11-25T21:31:02Z"), nonce: true });
    const outcome = (parse: () => { genTime: Date }) => {
      try {
        return parse().genTime.toISOString();
      } catch {
        return "refused";
      }
    };
    const variants = [
      der.subarray(0, der.length - 3),
      new Uint8Array([...der, 0x05, 0x00]),
      Uint8Array.from(der, (b, i) => (i === 0 ? 0x31 : b)),
      Uint8Array.from(der, (b, i) => (i === 2 ? 0x04 : b)),
    ];
    for (const v of variants) {
      expect(outcome(() => parseTstInfo(v))).toBe(outcome(() => AsnConvert.parse(v, TSTInfo)));
    }
    expect(outcome(() => parseTstInfo(variants[0]!))).toBe("refused");
  });
});
