/**
 * Path building backtracks (RFC 4158 §3.5): when a candidate issuer fails on its own (an unknown
 * critical extension, wrong keyUsage, expired) or by its signature, the other candidates are
 * tried; failed certificates and issuer pairs are never tried again, so n decoys at each of k
 * levels cost about n·k checks, not n^k; the search stays bounded when nothing can be pruned.
 */
import { describe, expect, it } from "vitest";
import { KEY_USAGE } from "../cert/extensions.ts";
import * as D from "../der/writer.ts";
import { buildCertificate, ext, generateKey, type KeyPair } from "../testing/build-pki.ts";
import { LEAF_NAME, ROOT_NAME } from "../testing/simple-pki.ts";
import { validateCertificatePath } from "../validate-certificate-path.ts";
import { SignatureCheckCache } from "./signature-cache.ts";

const at = new Date("2025-01-01T00:00:00Z");
const caUsage = ext.keyUsage([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign]);
const unknownCritical = ext.raw("1.3.6.1.4.1.99999.1", D.nullValue(), true);
const rootKey = generateKey("p256");
const root = buildCertificate({
  serial: 1,
  subject: ROOT_NAME,
  issuer: ROOT_NAME,
  publicKey: rootKey.publicKey,
  issuerKey: rootKey.privateKey,
  extensions: [ext.ca(), caUsage],
});
const levelName = (level: number): [string, string][] => [["2.5.4.3", `Level ${level} CA`]];

/** A signature cache that counts verifications: the work a validation did. */
class CountingCache extends SignatureCheckCache {
  checks = 0;
  override set(key: string, value: Parameters<SignatureCheckCache["set"]>[1]): void {
    this.checks++;
    super.set(key, value);
  }
}

/**
 * `levels` CA levels under the root; at each, `decoys(level)` same-name, same-key certificates
 * come BEFORE the good one in the pool (the builder ranks them equal, so it tries them first).
 */
function chain(levels: number, decoys: (issuerKey: KeyPair, level: number, key: KeyPair) => Uint8Array[]) {
  const pool: Uint8Array[] = [];
  let issuerKey = rootKey;
  let issuerName = ROOT_NAME;
  let serial = 100;
  for (let level = 1; level <= levels; level++) {
    const key = generateKey("p256");
    pool.push(...decoys(issuerKey, level, key));
    pool.push(
      buildCertificate({
        serial: serial++,
        subject: levelName(level),
        issuer: issuerName,
        publicKey: key.publicKey,
        issuerKey: issuerKey.privateKey,
        extensions: [ext.ca(), caUsage],
      }),
    );
    issuerKey = key;
    issuerName = levelName(level);
  }
  const leafKey = generateKey("p256");
  const leaf = buildCertificate({
    serial: 3,
    subject: LEAF_NAME,
    issuer: issuerName,
    publicKey: leafKey.publicKey,
    issuerKey: issuerKey.privateKey,
  });
  return { leaf, pool };
}

const issuerName = (level: number) => (level === 1 ? ROOT_NAME : levelName(level - 1));

/** Five decoys per level that fail on their own: unknown critical extension, no keyCertSign, expired… */
const localDecoys = (issuerKey: KeyPair, level: number, key: KeyPair) => {
  const spec = { subject: levelName(level), issuer: issuerName(level), publicKey: key.publicKey };
  const signed = { ...spec, issuerKey: issuerKey.privateKey };
  return [
    buildCertificate({ ...signed, serial: 1, extensions: [ext.ca(), caUsage, unknownCritical] }),
    buildCertificate({ ...signed, serial: 2, extensions: [ext.ca(), ext.keyUsage([KEY_USAGE.cRLSign])] }),
    buildCertificate({
      ...signed,
      serial: 3,
      extensions: [ext.ca(), caUsage],
      notAfter: new Date("2024-01-01"),
    }),
    buildCertificate({ ...signed, serial: 4, extensions: [caUsage] }),
    // Signed by a stranger's key under the right name: a bad signature, pruned as a pair.
    buildCertificate({
      ...spec,
      serial: 5,
      issuerKey: generateKey("p256").privateKey,
      extensions: [ext.ca(), caUsage],
    }),
  ];
};

async function validate(leaf: Uint8Array, pool: Uint8Array[], cache = new CountingCache()) {
  const result = await validateCertificatePath({
    leaf,
    untrusted: pool,
    anchors: [root],
    at,
    revocation: "off",
    signatureCache: cache,
  });
  return { result, checks: cache.checks };
}

describe("path building backtracks", () => {
  it("tries the other candidates after an issuer with an unknown critical extension", async () => {
    const { leaf, pool } = chain(1, (issuerKey, level, key) => [
      buildCertificate({
        serial: 1,
        subject: levelName(level),
        issuer: issuerName(level),
        publicKey: key.publicKey,
        issuerKey: issuerKey.privateKey,
        extensions: [ext.ca(), caUsage, unknownCritical],
      }),
    ]);
    const { result } = await validate(leaf, pool);
    expect(result.failure).toBeUndefined();
    expect(result.path.map((c) => c.serial)).toEqual(["03", "64", "01"]);
    // Without the good issuer, its failure is the one reported.
    const alone = await validate(leaf, [pool[0]!]);
    expect(alone.result.failure).toMatchObject({ code: "unknown-critical-extension", certificateIndex: 1 });
  });

  it("finds the one good path behind 5 failing decoys at each of 4 levels (6^4 = 1296 paths)", async () => {
    const { leaf, pool } = chain(4, localDecoys);
    const { result, checks } = await validate(leaf, pool);
    expect(result.failure).toBeUndefined();
    expect(result.path).toHaveLength(6);
    // Each decoy costs at most one signature check; the good path five: pruning, not n^k.
    expect(checks).toBeLessThanOrEqual(4 * 5 + 5);
  });

  it("reports the most relevant failure: a certificate's own failure over a wrong guess of issuer", async () => {
    const { leaf, pool } = chain(1, localDecoys);
    const withoutGood = pool.slice(0, 5);
    const { result } = await validate(leaf, withoutGood);
    expect(result.failure?.code).not.toBe("signature-invalid");
    expect(result.failure?.certificateIndex).toBe(1);
    // Only the stranger-signed decoy: then the bad signature is all there is to report.
    const { result: onlyBadSignature } = await validate(leaf, [pool[4]!]);
    expect(onlyBadSignature.failure).toMatchObject({ code: "signature-invalid", certificateIndex: 1 });
  });

  it("stays bounded when failures depend on the whole path and prune nothing", async () => {
    // Decoys that pass alone but carry pathLen 0 above another CA: path-length, path-dependent.
    const { leaf, pool } = chain(5, (issuerKey, level, key) =>
      [1, 2, 3, 4, 5, 6].map((serial) =>
        buildCertificate({
          serial,
          subject: levelName(level),
          issuer: issuerName(level),
          publicKey: key.publicKey,
          issuerKey: issuerKey.privateKey,
          extensions: [ext.ca(0), caUsage],
        }),
      ),
    );
    const goodOnly = pool.filter((_, i) => i % 7 === 6);
    expect((await validate(leaf, goodOnly)).result.valid).toBe(true);
    // 7^5 = 16,807 candidate paths: the search gives up after its budget, with a coded failure.
    const { result, checks } = await validate(
      leaf,
      pool.filter((_, i) => i % 7 !== 6),
    );
    expect(result.failure?.code).toBe("path-length");
    expect(checks).toBeLessThan(500);
  });

  it("cuts cycles: two CAs certifying each other, and no anchor above them", async () => {
    const x = generateKey("p256");
    const y = generateKey("p256");
    const xName: [string, string][] = [["2.5.4.3", "Loop X"]];
    const yName: [string, string][] = [["2.5.4.3", "Loop Y"]];
    const cross = (subject: typeof xName, issuer: typeof xName, key: KeyPair, by: KeyPair, serial: number) =>
      buildCertificate({
        serial,
        subject,
        issuer,
        publicKey: key.publicKey,
        issuerKey: by.privateKey,
        extensions: [ext.ca(), caUsage],
      });
    const pool = [cross(xName, yName, x, y, 1), cross(yName, xName, y, x, 2), cross(xName, xName, x, x, 3)];
    const leafKey = generateKey("p256");
    const leaf = buildCertificate({
      serial: 4,
      subject: LEAF_NAME,
      issuer: xName,
      publicKey: leafKey.publicKey,
      issuerKey: x.privateKey,
    });
    const { result, checks } = await validate(leaf, pool);
    expect(result.failure?.code).toBe("no-path");
    expect(checks).toBe(0);
  });
});
