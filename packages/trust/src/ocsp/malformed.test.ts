/**
 * Hostile input: random mutations of real OCSP responses and requests and of time-stamp tokens
 * must give a typed answer or a MalformedInputError — never another exception, never a hang.
 */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { MalformedInputError } from "../errors.ts";
import { buildTimeStampRequest, parseTimeStampRequest } from "../tsp/time-stamp-request.ts";
import { buildTimeStampToken } from "../tsp/time-stamp-token.ts";
import { verifyTimeStampToken } from "../tsp/verify-token.ts";
import { buildOcspRequest } from "./build-request.ts";
import { buildOcspResponse } from "./build-response.ts";
import { buildCertId } from "./cert-id.ts";
import { certificateFields } from "./certificate-fields.ts";
import { checkOcspResponse } from "./check-response.ts";
import { parseOcspRequest } from "./parse-request.ts";
import { issue, makeCa, type TestIdentity } from "./testing/fixtures.ts";

let ca: TestIdentity;
let leaf: TestIdentity;
let responder: TestIdentity;
let response: Uint8Array;
let request: Uint8Array;
let token: Uint8Array;

beforeAll(async () => {
  ca = await makeCa("CN=Fuzz CA,C=LV");
  leaf = await issue(ca, "CN=Fuzz Leaf,C=LV");
  responder = await issue(ca, "CN=Fuzz OCSP,C=LV", { ocspSigning: true, noCheck: true });
  response = buildOcspResponse({
    responses: [
      {
        certId: buildCertId(certificateFields(leaf.der), certificateFields(ca.der)),
        answer: { status: "revoked", revocationTime: new Date(), reason: "keyCompromise" },
        thisUpdate: new Date(),
        nextUpdate: new Date(Date.now() + 3600_000),
      },
    ],
    signerKey: responder.key,
    signerCertificate: responder.der,
    producedAt: new Date(),
    nonce: randomBytes(16),
    certs: [responder.der],
  });
  request = buildOcspRequest({ certificate: leaf.der, issuer: ca.der, nonce: randomBytes(16) });
  token = buildTimeStampToken({
    policy: "1.2.3.4",
    messageImprint: { hashAlgorithm: "2.16.840.1.101.3.4.2.1", hashedMessage: new Uint8Array(32) },
    serialNumber: new Uint8Array([1, 2, 3]),
    genTime: new Date(),
    signerKey: responder.key,
    signerCertificate: responder.der,
    certificates: [responder.der],
  });
});

/** A mutation: flip bytes, truncate, or splice random bytes in. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("splice" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
);

type Step = { kind: "flip" | "truncate" | "splice"; at: number; value?: number; bytes?: Uint8Array };

function mutate(input: Uint8Array, steps: Step[]): Uint8Array {
  let out = input.slice();
  for (const step of steps) {
    const at = step.at % Math.max(out.length, 1);
    if (step.kind === "flip") out[at] = step.value!;
    else if (step.kind === "truncate") out = out.subarray(0, at);
    else out = new Uint8Array([...out.subarray(0, at), ...step.bytes!, ...out.subarray(at)]);
  }
  return out;
}

function onlyTypedFailures(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof MalformedInputError)) throw error;
  }
}

describe("hostile OCSP and TSP input", () => {
  it("checkOcspResponse answers or throws MalformedInputError on mutated responses", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (steps) => {
        const bad = mutate(response, steps);
        onlyTypedFailures(() => {
          const status = checkOcspResponse({
            response: bad,
            certificate: leaf.der,
            issuer: ca.der,
            at: new Date(),
          });
          expect(["good", "revoked", "unknown"]).toContain(status.status);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("parseOcspRequest / parseTimeStampRequest / verifyTimeStampToken on mutations", () => {
    const tsq = buildTimeStampRequest({
      data: new Uint8Array([1]),
      nonce: new Uint8Array([9, 9]),
      certReq: true,
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (steps) => {
        onlyTypedFailures(() => parseOcspRequest(mutate(request, steps)));
        onlyTypedFailures(() => parseTimeStampRequest(mutate(tsq, steps)));
        onlyTypedFailures(() => verifyTimeStampToken(mutate(token, steps)));
      }),
      { numRuns: 300 },
    );
  });

  it("deep nesting and huge lengths are refused quickly", () => {
    const deep = new Uint8Array(200_000);
    for (let i = 0; i < deep.length; i += 2) {
      deep[i] = 0x30;
      deep[i + 1] = 0x80;
    }
    for (const bad of [deep, new Uint8Array([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x0a])]) {
      expect(() =>
        checkOcspResponse({ response: bad, certificate: leaf.der, issuer: ca.der, at: new Date() }),
      ).toThrow(MalformedInputError);
      expect(() => parseOcspRequest(bad)).toThrow(MalformedInputError);
      expect(() => verifyTimeStampToken(bad)).toThrow(MalformedInputError);
    }
  });
});
