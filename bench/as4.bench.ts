/**
 * eDelivery AS4 throughput (@tilts/as4): packaging (gzip, RSA-SHA256 signature, AES-128-GCM +
 * RSA-OAEP encryption, MIME) and opening (MIME, envelope, decryption, signature and
 * certificate-path verification with CRLs, gunzip) of a user message with two payloads, for
 * payload sizes of 10 kB, 100 kB and 1 MB. Baseline in the same run: the raw crypto floor
 * (one RSA-2048 signature + verification, one RSA-OAEP wrap + unwrap, AES-GCM and gzip of
 * the same bytes with node:crypto / node:zlib).
 *
 * Then between two processes (as4-two-processes.ts): signed, encrypted 100 kB messages per
 * second from this process to a `tilts start` child (stored, receipted, receipt verified),
 * against the same HTTP POST to a bare node:http child in the same run — the child storing in
 * PGlite, and with TEST_DATABASE_URL also in a fresh PostgreSQL database.
 */
import {
  constants,
  createCipheriv,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  sign,
  verify,
  X509Certificate,
} from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { openMessage, packageUserMessage } from "../packages/as4/src/index.ts";
import { AT, ootsRequestHeader, testAccessPoints } from "../packages/as4/src/testing/test-access-points.ts";
import { freshPostgresDatabase } from "../packages/platform/src/db/testing.ts";
import { formatTwoProcess, twoProcessRates } from "./as4-two-processes.ts";
import { formatRate, measure } from "./measure.ts";

export default async function bench(): Promise<void> {
  const aps = testAccessPoints();
  const signing = {
    privateKey: aps.sender.key.privateKey,
    certificate: aps.sender.certificate,
    algorithm: "rsa-sha256" as const,
  };
  const receiverPublic = new X509Certificate(aps.receiver.certificate).publicKey;
  for (const size of [10_000, 100_000, 1_000_000]) {
    // RegRep-like XML (compresses several-fold) and incompressible PDF-like bytes.
    const rows: string[] = [];
    for (let i = 0, n = 0; n < size; i++) {
      const row = `<rim:Slot name="Evidence-${i}"><rim:SlotValue><rim:Value>${(i * 7919) % 100_003} ${randomBytes(6).toString("hex")}</rim:Value></rim:SlotValue></rim:Slot>`;
      rows.push(row);
      n += row.length;
    }
    const xml = Buffer.from(rows.join("").slice(0, size));
    const pdf = new Uint8Array(randomBytes(size));
    const input = {
      message: ootsRequestHeader(),
      payloads: [
        { contentId: "a@x", mimeType: "application/x-ebrs+xml", bytes: new Uint8Array(xml) },
        { contentId: "b@x", mimeType: "application/pdf", bytes: pdf },
      ],
      compress: true,
      signing,
      encryptFor: aps.receiver.certificate,
    };
    const sent = await packageUserMessage(input);
    const options = {
      policyFor: () => ({
        signature: { required: true, allowedCertificates: [aps.sender.certificate] },
        encryptionRequired: true,
      }),
      trust: aps.trust,
      decryptionKey: aps.receiver.key.privateKey,
      at: AT,
    };
    const label = `${size / 1000} kB ×2`;
    console.log(
      formatRate(
        `package (gzip, sign, encrypt, MIME) ${label}`,
        await measure(() => packageUserMessage(input)),
      ),
    );
    console.log(
      formatRate(
        `open (decrypt, verify + path, gunzip) ${label}`,
        await measure(() => openMessage(sent.mime, options)),
      ),
    );
    const floor = () => {
      const z = [gzipSync(xml), gzipSync(pdf)];
      const key = randomBytes(16);
      for (const b of z) {
        const c = createCipheriv("aes-128-gcm", key, randomBytes(12));
        c.update(b);
        c.final();
      }
      const wrapped = publicEncrypt(
        { key: receiverPublic, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
        key,
      );
      privateDecrypt(
        { key: aps.receiver.key.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
        wrapped,
      );
      const s = sign("sha256", z[0]!, aps.sender.key.privateKey);
      verify("sha256", z[0]!, aps.sender.key.publicKey, s);
      for (const b of z) gunzipSync(b);
    };
    console.log(formatRate(`raw crypto + zlib floor ${label}`, await measure(floor)));
  }
  for (const line of formatTwoProcess(await twoProcessRates(100_000), 100_000, "PGlite")) console.log(line);
  // With TEST_DATABASE_URL, again with the receiver storing in a fresh PostgreSQL database.
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return;
  const database = await freshPostgresDatabase(serverUrl);
  try {
    const rates = await twoProcessRates(100_000, database.url);
    for (const line of formatTwoProcess(rates, 100_000, "PostgreSQL")) console.log(line);
  } finally {
    await database.drop();
  }
}
