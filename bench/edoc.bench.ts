/**
 * eDoc validation throughput (issue "Trust II"): `verifyDocument` on a one-signature
 * XAdES-BASELINE-LT eDoc (ASiC-E, one ~50 kB data file), RSA-2048 and P-384 signers, offline
 * (embedded certificates, OCSP responses and CRLs only).
 * Baselines measured in the same run:
 *  - the raw crypto floor, with node:crypto directly: the digests validation needs (data file,
 *    SignedProperties, the time-stamp's imprint and TSTInfo) and the signature verifications
 *    (SignedInfo; the time-stamp token; signer, CA and TSA certificates; the signer's and the
 *    TSA's OCSP responses and the CA's CRL — these three are stood in for by certificate
 *    checks with the same issuer keys, as the cost is the issuer's public-key operation);
 *  - `xmlsec1 --verify` of an equivalent enveloped XML signature (same key, c14n 1.1, one
 *    ~50 kB reference), with process start-up (`xmlsec1 --version`) timed separately.
 * Target: within 5 ms of the floor per signature for documents under 100 kB.
 */
import { spawnSync } from "node:child_process";
import { createHash, generateKeyPairSync, sign, verify, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readAsicE } from "../packages/trust/src/asic/asic-read.ts";
import { C14N_11 } from "../packages/trust/src/c14n/algorithms.ts";
import { signEdoc } from "../packages/trust/src/edoc/sign-edoc.ts";
import { edocTestPki } from "../packages/trust/src/edoc/testing/edoc-test-pki.ts";
import { verifyDocument } from "../packages/trust/src/edoc/verify-document.ts";
import { parseXml } from "../packages/trust/src/xml/parse-xml.ts";
import { signXml } from "../packages/trust/src/xmldsig/sign.ts";
import * as U from "../packages/trust/src/xmldsig/uris.ts";
import { verifyXmlSignature } from "../packages/trust/src/xmldsig/verify.ts";
import { formatRate, measure, timeProcess } from "./measure.ts";

function dataFile(bytes: number): Uint8Array {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const l = `${i}. punkts: Puses vienojas par pakalpojuma sniegšanu saskaņā ar pielikumu Nr. ${i % 7}.\n`;
    lines.push(l);
    size += Buffer.byteLength(l);
  }
  return new TextEncoder().encode(lines.join(""));
}

export default async function bench(): Promise<void> {
  const hasXmlsec = spawnSync("xmlsec1", ["--version"]).status === 0;
  const runs = 15;
  const startup = hasXmlsec ? timeProcess("xmlsec1", ["--version"], runs) : Number.NaN;
  const dir = mkdtempSync(join(tmpdir(), "edoc-bench-"));
  const rows: string[] = [];
  const content = dataFile(50_000);
  const tsaStandIn = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const tstSignedAttrs = new Uint8Array(220).fill(7);
  const tstSignature = sign("sha256", tstSignedAttrs, tsaStandIn.privateKey);
  try {
    for (const keyKind of ["rsa2048", "p384"] as const) {
      const pki = edocTestPki();
      const signer = pki.issueSigner({ key: keyKind });
      const edoc = await signEdoc({
        dataFiles: [{ name: "ligums.txt", content, mediaType: "text/plain" }],
        signer,
        level: "LT",
        tsa: pki.tsa,
        fetchers: pki.fetchers,
      });
      const label = `${keyKind === "rsa2048" ? "RSA-2048" : "P-384"}, LT eDoc ${(edoc.length / 1024).toFixed(0)} kB`;
      const check = await verifyDocument(edoc, { anchors: [pki.root] });
      if (!check.valid)
        throw new Error(`bench eDoc does not validate: ${JSON.stringify(check.signatures[0])}`);

      // Floor inputs, prepared once.
      const sigXml = readAsicE(edoc).signatureFiles[0]!.content;
      const v = await verifyXmlSignature(parseXml(sigXml), {
        resolver: async () => content,
      });
      const hash = keyKind === "p384" ? "sha384" : "sha256";
      const spOctets = v.references[1]!.digestedOctets!;
      const siOctets = v.signedInfoOctets!;
      const sigValue = Buffer.from(
        v.signature.getElementsByTagNameNS(U.DSIG_NAMESPACE, "SignatureValue")[0]!.textContent!,
        "base64",
      );
      const signerPub = new X509Certificate(signer.certificate).publicKey;
      const caPub = new X509Certificate(pki.ca).publicKey;
      const rootPub = new X509Certificate(pki.root).publicKey;
      const signerCert = new X509Certificate(signer.certificate);
      const caCert = new X509Certificate(pki.ca);
      const tsaCert = new X509Certificate(pki.tsaCertificate);
      const sigValueC14n = new Uint8Array(600);
      const floor = await measure(() => {
        createHash(hash).update(content).digest();
        createHash(hash).update(spOctets).digest();
        createHash("sha256").update(sigValueC14n).digest();
        createHash("sha256").update(tstSignedAttrs).digest();
        const opts = keyKind === "p384" ? { key: signerPub, dsaEncoding: "ieee-p1363" as const } : signerPub;
        if (!verify(hash, siOctets, opts, sigValue)) throw new Error("floor: SignedInfo");
        if (!verify("sha256", tstSignedAttrs, tsaStandIn.publicKey, tstSignature))
          throw new Error("floor: TST");
        // signer, TSA and CA certificates; signer OCSP, TSA OCSP (CA key); CA CRL (root key)
        if (!signerCert.verify(caPub) || !tsaCert.verify(caPub) || !caCert.verify(rootPub))
          throw new Error("floor: certs");
        if (!signerCert.verify(caPub) || !tsaCert.verify(caPub) || !caCert.verify(rootPub))
          throw new Error("floor: revocation");
      });
      const full = await measure(async () => {
        const r = await verifyDocument(edoc, { anchors: [pki.root] });
        if (!r.valid) throw new Error("validation failed");
      });
      rows.push(formatRate(`floor (digests + 8 verifications) ${label}`, floor));
      rows.push(formatRate(`tilts verifyDocument ${label}`, full));
      rows.push(
        `  → over the floor: ${(full.msPerOp - floor.msPerOp).toFixed(2)} ms/signature (target ≤ 5 ms)`,
      );

      if (hasXmlsec) {
        // The equivalent enveloped XML signature: same key, c14n 1.1, one ~50 kB reference.
        const body = `<ligums xmlns="urn:tilts:bench"><teksts>${Buffer.from(content).toString("utf8").replace(/&/g, "&amp;").replace(/</g, "&lt;")}</teksts></ligums>`;
        const enveloped = await signXml({
          document: parseXml(body).document,
          references: [
            {
              uri: "",
              digestAlgorithm: keyKind === "p384" ? U.DIGEST_SHA384 : U.DIGEST_SHA256,
              transforms: [{ algorithm: U.TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: C14N_11 }],
            },
          ],
          canonicalizationAlgorithm: C14N_11,
          signatureAlgorithm: keyKind === "p384" ? U.SIG_ECDSA_SHA384 : U.SIG_RSA_SHA256,
          key: signer.key,
        });
        const file = join(dir, `${keyKind}.xml`);
        const pub = join(dir, `${keyKind}.pub.pem`);
        writeFileSync(file, enveloped.xml);
        writeFileSync(pub, signerPub.export({ type: "spki", format: "pem" }));
        const xs = timeProcess("xmlsec1", ["--verify", "--pubkey-pem", pub, file], runs);
        rows.push(
          `  xmlsec1 --verify (enveloped, ${(Buffer.byteLength(enveloped.xml) / 1024).toFixed(0)} kB, no chain/revocation): ${xs.toFixed(2)} ms/run (median of ${runs}), ${(xs - startup).toFixed(2)} ms after start-up`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    hasXmlsec
      ? `xmlsec1 --version (process start-up): ${startup.toFixed(2)} ms (median of ${runs})`
      : "xmlsec1 not installed: no xmlsec1 baseline",
  );
  for (const r of rows) console.log(r);
}
