/**
 * PAdES validation and signing (ETSI EN 319 142-1; SIG-2, SIG-3).
 *  - `validatePdf` of a ~1 MB PDF with one PAdES-BASELINE-LT signature (P-384 signer,
 *    offline: the CMS certificates and the DSS's OCSP responses and CRLs only), against the
 *    crypto floor of the same run: the digest of the ByteRange octets, the signature's and the
 *    time-stamp token's verifications, and the certificate, OCSP and CRL signature checks
 *    (stood in for by certificate checks with the same issuer keys, as in edoc.bench.ts).
 *  - signing: `signPdf` B-B of a ~1 MB and a ~32 MB PDF against one SHA-384 pass over the file,
 *    (the result is one new buffer; the original is hashed in place, copied only into it).
 *    Memory: a fresh process reads the file, then signs it; the growth of its peak RSS over the
 *    input size is reported (the signer keeps the input, the appended update and the output).
 */
import { spawnSync } from "node:child_process";
import { createHash, generateKeyPairSync, type KeyObject, sign, verify, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSignedData } from "../packages/trust/src/cms/parse-signed-data.ts";
import { edocTestPki } from "../packages/trust/src/edoc/testing/edoc-test-pki.ts";
import { PdfDocument } from "../packages/trust/src/pades/pdf-document.ts";
import { readSignatureFields } from "../packages/trust/src/pades/read-signatures.ts";
import { signPdf } from "../packages/trust/src/pades/sign-pdf.ts";
import { buildTestPdf } from "../packages/trust/src/pades/testing/test-pdf.ts";
import { validatePdf } from "../packages/trust/src/pades/validate-pdf.ts";
import { formatRate, measure } from "./measure.ts";

const MB = 1024 * 1024;

export default async function bench(): Promise<void> {
  const rows: string[] = [];
  const pki = edocTestPki();
  const signer = pki.issueSigner({ key: "p384" });
  const original = await buildTestPdf({ padBytes: MB, objectStreams: false });
  const signed = await signPdf({ pdf: original, signer, level: "LT", tsa: pki.tsa, fetchers: pki.fetchers });
  const check = await validatePdf(signed, { anchors: [pki.root] });
  const s = check.signatures[0]!;
  if (!check.valid || s.format !== "PAdES-BASELINE-LT")
    throw new Error(`bench PDF does not validate: ${JSON.stringify(s)}`);
  const label = `P-384, B-LT PDF ${(signed.length / MB).toFixed(2)} MB`;

  // Floor inputs, prepared once.
  const sig = readSignatureFields(PdfDocument.open(signed))[0]!;
  const cms = parseSignedData(sig.contents);
  const si = cms.signers[0]!;
  const [, a, b, c] = sig.byteRange as [number, number, number, number];
  const signerPub = new X509Certificate(signer.certificate).publicKey;
  const caPub = new X509Certificate(pki.ca).publicKey;
  const rootPub = new X509Certificate(pki.root).publicKey;
  const signerCert = new X509Certificate(signer.certificate);
  const caCert = new X509Certificate(pki.ca);
  const tsaCert = new X509Certificate(pki.tsaCertificate);
  const tsaStandIn = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const tstSignedAttrs = new Uint8Array(220).fill(7);
  const tstSignature = sign("sha256", tstSignedAttrs, tsaStandIn.privateKey);
  const floor = await measure(() => {
    createHash("sha384")
      .update(signed.subarray(0, a))
      .update(signed.subarray(b, b + c))
      .digest();
    createHash("sha256").update(si.signature).digest();
    createHash("sha256").update(tstSignedAttrs).digest();
    if (!verify("sha384", si.signedAttrsDer!, { key: signerPub, dsaEncoding: "der" }, si.signature))
      throw new Error("floor: CMS");
    if (!verify("sha256", tstSignedAttrs, tsaStandIn.publicKey, tstSignature)) throw new Error("floor: TST");
    // signer, TSA and CA certificates; signer OCSP, TSA OCSP (CA key); CA CRL (root key)
    if (!signerCert.verify(caPub) || !tsaCert.verify(caPub) || !caCert.verify(rootPub))
      throw new Error("floor: certs");
    if (!signerCert.verify(caPub) || !tsaCert.verify(caPub) || !caCert.verify(rootPub))
      throw new Error("floor: revocation");
  });
  const full = await measure(async () => {
    const r = await validatePdf(signed, { anchors: [pki.root] });
    if (!r.valid) throw new Error("validation failed");
  });
  rows.push(formatRate(`floor (digest + 8 verifications) ${label}`, floor));
  rows.push(formatRate(`tilts validatePdf ${label}`, full));
  rows.push(`  → over the floor: ${(full.msPerOp - floor.msPerOp).toFixed(2)} ms/signature`);

  for (const size of [MB, 32 * MB]) {
    const pdf = await buildTestPdf({ padBytes: size, objectStreams: true });
    const hashOnly = await measure(() => createHash("sha384").update(pdf).digest(), 3, 200);
    const signing = await measure(() => signPdf({ pdf, signer, level: "B" }), 3, 200);
    const what = `${(pdf.length / MB).toFixed(1)} MB`;
    rows.push(formatRate(`SHA-384 over the file ${what}`, hashOnly));
    rows.push(formatRate(`tilts signPdf B-B ${what}`, signing));
    rows.push(memoryOfSigning(pdf, signer));
  }
  for (const r of rows) console.log(r);
}

/** Peak-RSS growth of one signPdf in a fresh process (this one already holds pdf-lib's garbage). */
function memoryOfSigning(
  pdf: Uint8Array,
  signer: { key: KeyObject; certificate: Uint8Array; chain: Uint8Array[] },
): string {
  const dir = mkdtempSync(join(tmpdir(), "pades-bench-"));
  try {
    writeFileSync(join(dir, "in.pdf"), pdf);
    writeFileSync(join(dir, "key.pem"), signer.key.export({ type: "pkcs8", format: "pem" }));
    writeFileSync(join(dir, "cert.der"), signer.certificate);
    const script = `
      import { readFileSync } from "node:fs";
      import { createPrivateKey } from "node:crypto";
      import { signPdf, signPdfUpdate } from ${JSON.stringify(new URL("../packages/trust/src/pades/sign-pdf.ts", import.meta.url).href)};
      const dir = ${JSON.stringify(dir)};
      const pdf = readFileSync(dir + "/in.pdf");
      const key = createPrivateKey(readFileSync(dir + "/key.pem"));
      const certificate = new Uint8Array(readFileSync(dir + "/cert.der"));
      await signPdf({ pdf: new Uint8Array(64), signer: { key, certificate, chain: [] } }).catch(() => {});
      const r0 = process.resourceUsage().maxRSS;
      const update = await signPdfUpdate({ pdf, signer: { key, certificate, chain: [] } });
      const r1 = process.resourceUsage().maxRSS;
      const out = await signPdf({ pdf, signer: { key, certificate, chain: [] } });
      const r2 = process.resourceUsage().maxRSS;
      console.log(JSON.stringify({ r0, r1, r2, update: update.length, out: out.length }));`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    const m = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as { r0: number; r1: number; r2: number };
    const mb = (kb: number) => ((kb * 1024) / MB).toFixed(1);
    const x = (kb: number) => ((kb * 1024) / pdf.length).toFixed(2);
    return `  peak RSS growth in a fresh process, ${(pdf.length / MB).toFixed(1)} MB input: signPdfUpdate ${mb(m.r1 - m.r0)} MB (${x(m.r1 - m.r0)}×), then signPdf ${mb(m.r2 - m.r1)} MB (${x(m.r2 - m.r1)}×; its output is 1×)`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
