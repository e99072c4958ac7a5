import { createPublicKey, verify } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseCertificate, parseCrl, validateCertificatePath } from "@tilts/trust";
import { buildLargeCrl, serialHexOf } from "../packages/trust/src/x509/testing/build-large-crl.ts";
import { CA_NAME, simplePki } from "../packages/trust/src/x509/testing/simple-pki.ts";
import { formatRate, median, timeProcess } from "./measure.ts";

const AT = new Date("2025-01-01T00:00:00Z");

const pem = (label: string, der: Uint8Array) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n")}\n-----END ${label}-----\n`;

const HASH_OF: Record<string, string | null> = {
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.10045.4.3.3": "sha384",
};

/** The signature checks of one validation, done directly with node:crypto (keys made once). */
function rawVerifier(items: { data: Uint8Array; sig: Uint8Array; alg: string; signerSpki: Uint8Array }[]) {
  const prepared = items.map((i) => ({
    ...i,
    hash: HASH_OF[i.alg] ?? null,
    key: createPublicKey({ key: Buffer.from(i.signerSpki), format: "der", type: "spki" }),
  }));
  return () => {
    for (const p of prepared) if (!verify(p.hash, p.data, p.key, p.sig)) throw new Error("raw verify failed");
  };
}

async function pathBench(label: string, spec: "rsa2048" | "p384"): Promise<void> {
  const pki = simplePki(spec);
  const input = {
    leaf: pki.leaf,
    untrusted: [pki.ca],
    anchors: [pki.root],
    crls: [pki.rootCrl, pki.caCrl],
    at: AT,
    revocation: "require" as const,
  };
  const check = await validateCertificatePath(input);
  if (!check.valid)
    throw new Error(`${label}: the benchmark path does not validate: ${check.failure?.message}`);

  // The verifications one validation needs: leaf and CA signatures, and the two CRLs.
  const root = parseCertificate(pki.root);
  const ca = parseCertificate(pki.ca);
  const leaf = parseCertificate(pki.leaf);
  const rootCrl = parseCrl(pki.rootCrl);
  const caCrl = parseCrl(pki.caCrl);
  const raw = rawVerifier([
    { data: ca.tbs, sig: ca.signature, alg: ca.signatureAlgorithm.oid, signerSpki: root.spki },
    { data: leaf.tbs, sig: leaf.signature, alg: leaf.signatureAlgorithm.oid, signerSpki: ca.spki },
    { data: rootCrl.tbs, sig: rootCrl.signature, alg: rootCrl.signatureAlgorithm.oid, signerSpki: root.spki },
    { data: caCrl.tbs, sig: caCrl.signature, alg: caCrl.signatureAlgorithm.oid, signerSpki: ca.spki },
  ]);
  const rawNoCrl = rawVerifier([
    { data: ca.tbs, sig: ca.signature, alg: ca.signatureAlgorithm.oid, signerSpki: root.spki },
    { data: leaf.tbs, sig: leaf.signature, alg: leaf.signatureAlgorithm.oid, signerSpki: ca.spki },
  ]);

  // Validation and raw cost are measured in alternating rounds and compared round by round:
  // the machine is shared, and load that drifts between two separate windows skews a ratio.
  // CPU time (process.cpuUsage) is reported beside wall time: it is what another process's
  // load disturbs least.
  const timeOps = async (fn: () => unknown, minMs: number) => {
    for (let i = 0; i < 50; i++) await fn();
    let n = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    while (performance.now() - t0 < minMs) {
      await fn();
      n++;
    }
    const wall = (performance.now() - t0) / n;
    const c = process.cpuUsage(c0);
    return { wall, cpu: (c.user + c.system) / 1000 / n };
  };
  const paired = async (validate: () => Promise<unknown>, rawFn: () => void) => {
    const v: number[] = [];
    const r: number[] = [];
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    for (let round = 0; round < 7; round++) {
      const a = await timeOps(validate, 250);
      const b = await timeOps(rawFn, 250);
      v.push(a.wall);
      r.push(b.wall);
      ratios.push(a.wall / b.wall);
      cpuRatios.push(a.cpu / b.cpu);
    }
    const rate = (ms: number) => ({ opsPerSecond: 1000 / ms, msPerOp: ms });
    return {
      validation: rate(median(v)),
      raw: rate(median(r)),
      ratio: median(ratios),
      cpuRatio: median(cpuRatios),
    };
  };
  const withCrl = await paired(() => validateCertificatePath(input), raw);
  const noCrl = await paired(
    () => validateCertificatePath({ ...input, crls: [], revocation: "off" }),
    rawNoCrl,
  );

  console.log(formatRate(`${label}: validate, CRLs required`, withCrl.validation));
  console.log(formatRate(`${label}: raw node:crypto, 4 verifications`, withCrl.raw));
  console.log(
    `${label}: ratio validation / raw (median of 7 paired rounds)  ${withCrl.ratio.toFixed(2)}x wall, ${withCrl.cpuRatio.toFixed(2)}x CPU`,
  );
  console.log(formatRate(`${label}: validate, revocation off`, noCrl.validation));
  console.log(formatRate(`${label}: raw node:crypto, 2 verifications`, noCrl.raw));
  console.log(
    `${label}: ratio validation / raw (median of 7 paired rounds)  ${noCrl.ratio.toFixed(2)}x wall, ${noCrl.cpuRatio.toFixed(2)}x CPU`,
  );

  // openssl verify on the same files, with and without CRL checking; process start-up measured apart.
  const dir = mkdtempSync(join(tmpdir(), "x509-bench-"));
  writeFileSync(join(dir, "root.pem"), pem("CERTIFICATE", pki.root));
  writeFileSync(join(dir, "ca.pem"), pem("CERTIFICATE", pki.ca));
  writeFileSync(join(dir, "leaf.pem"), pem("CERTIFICATE", pki.leaf));
  writeFileSync(join(dir, "crls.pem"), pem("X509 CRL", pki.rootCrl) + pem("X509 CRL", pki.caCrl));
  const common = [
    "-CAfile",
    join(dir, "root.pem"),
    "-untrusted",
    join(dir, "ca.pem"),
    "-attime",
    String(AT.getTime() / 1000),
  ];
  // Interleaved runs; `openssl version` alone is the process start-up cost.
  const runs = 25;
  const startupTimes: number[] = [];
  const crlTimes: number[] = [];
  const plainTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    startupTimes.push(timeProcess("openssl", ["version"], 1));
    crlTimes.push(
      timeProcess(
        "openssl",
        ["verify", ...common, "-crl_check_all", "-CRLfile", join(dir, "crls.pem"), join(dir, "leaf.pem")],
        1,
      ),
    );
    plainTimes.push(timeProcess("openssl", ["verify", ...common, join(dir, "leaf.pem")], 1));
  }
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const startup = med(startupTimes);
  const sslCrl = med(crlTimes);
  const sslPlain = med(plainTimes);
  console.log(
    `${label}: openssl verify -crl_check_all   ${sslCrl.toFixed(2)} ms/run (openssl start-up alone ${startup.toFixed(2)} ms; difference ${(sslCrl - startup).toFixed(2)} ms)`,
  );
  console.log(
    `${label}: openssl verify (no CRLs)        ${sslPlain.toFixed(2)} ms/run (difference ${(sslPlain - startup).toFixed(2)} ms)`,
  );
}

async function largeCrlBench(): Promise<void> {
  const pki = simplePki("p256");
  const t0 = performance.now();
  // Every entry with a reasonCode, as in real CRLs.
  const der = buildLargeCrl(1_000_000, CA_NAME, pki.caKey.privateKey, 1);
  const built = performance.now() - t0;
  const loads: number[] = [];
  const cpu: number[] = [];
  let crl = parseCrl(der);
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage();
    const t = performance.now();
    crl = parseCrl(der);
    loads.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const lookups = 1_000_000;
  const keys = Array.from({ length: 1000 }, (_, i) => serialHexOf((i * 997) % 1_000_000));
  const t = performance.now();
  let found = 0;
  for (let i = 0; i < lookups; i++) if (crl.find(keys[i % 1000]!)) found++;
  const perLookup = ((performance.now() - t) * 1e6) / lookups;
  const missT = performance.now();
  for (let i = 0; i < lookups; i++) crl.find("7fffffffffffffff");
  const perMiss = ((performance.now() - missT) * 1e6) / lookups;
  const tv = performance.now();
  const sigOk = crl.verifySignature(createPublicKey(pki.caKey.privateKey));
  const verifyMs = performance.now() - tv;
  console.log(
    `1,000,000-entry CRL (all with reasonCode): ${(der.length / 1e6).toFixed(1)} MB built in ${built.toFixed(0)} ms`,
  );
  console.log(
    `1,000,000-entry CRL: load (parse + index) median ${med(loads).toFixed(0)} ms wall, ${med(cpu).toFixed(0)} ms CPU (5 runs; wall min ${Math.min(...loads).toFixed(0)}, max ${Math.max(...loads).toFixed(0)})`,
  );
  console.log(
    `1,000,000-entry CRL: lookup of a listed serial (decodes the entry) ${perLookup.toFixed(0)} ns (${found} found); of an absent one ${perMiss.toFixed(0)} ns`,
  );
  console.log(
    `1,000,000-entry CRL: signature verification ${verifyMs.toFixed(1)} ms (${sigOk ? "ok" : "FAILED"})`,
  );
}

export default async function run(): Promise<void> {
  await pathBench("RSA-2048", "rsa2048");
  await pathBench("P-384", "p384");
  await largeCrlBench();
}
