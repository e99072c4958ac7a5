/**
 * A Latvian-style test PKI kept in a state directory (see README.md for the layout):
 * a root CA; "eID", "eParaksts" and "organisation" issuing CAs; one delegated OCSP responder per CA;
 * a TSA. CA keys: P-384 for the root, eID and eParaksts CAs (new LV eID cards use P-384), RSA-4096
 * for the organisation CA (institutions' software mostly speaks RSA). `create` makes it once;
 * `load` opens it again after a restart; the mutable part (issued, revoked) lives in `store.json`.
 */
import { type KeyObject, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate, Name } from "@peculiar/asn1-x509";
import { type CertificateFields, certificateFields, type RevocationReason, serialToHex } from "@tilts/trust";
import { buildCertificate } from "./certificate-builder.ts";
import { keyIdentifierOf } from "./extensions.ts";
import {
  certificateToPem,
  generateKey,
  type KeyKind,
  privateKeyToPem,
  readKeyFileEncrypting,
} from "./keys.ts";
import { buildName, nameToString } from "./names.ts";
import {
  type CaId,
  caIds,
  caNames,
  issuingCaExtensions,
  ocspResponderExtensions,
  ocspResponderName,
  rootCaExtensions,
  tsaExtensions,
  tsaName,
  urlsOf,
} from "./profiles.ts";
import {
  type IssuedKind,
  type IssuedRecord,
  normaliseSerialHex,
  type RevocationRecord,
  StateStore,
} from "./state-store.ts";

const DAY = 24 * 60 * 60 * 1000;
const YEAR = 365 * DAY;

export interface TestPkiOptions {
  /** Base URL the testbed is served under, e.g. "http://127.0.0.1:3000/testbed" (used in CDP/AIA). */
  baseUrl: string;
  /** Key kind per CA; defaults documented above. */
  caKeys?: Partial<Record<CaId, KeyKind>>;
  now?: () => Date;
}

export interface PkiRuntimeOptions {
  now?: () => Date;
  /** CRL nextUpdate = thisUpdate + this (default 24 h, ANX2-9's refresh period). */
  crlValidityMs?: number;
  /** OCSP nextUpdate = thisUpdate + this (default 1 h). */
  ocspValidityMs?: number;
  /**
   * CRL and OCSP thisUpdate lie this far before the moment of issue (default 60 s), so relying
   * parties whose clocks lag a little, or who fixed their validation time just before fetching,
   * do not see revocation data "from the future". Revocations are included all the same.
   */
  backdateMs?: number;
  /**
   * Encrypts the CA, OCSP responder and TSA keys at rest: written as encrypted PKCS#8 (PBES2,
   * AES-256; `openssl pkey -passin` reads them) under this passphrase, and clear key files of an
   * older state folder are rewritten encrypted when first read. The platform passes its
   * key-encryption secret. Absent: keys are written in clear (a stand-alone testbed).
   */
  keyPassphrase?: string;
}

export interface Signer {
  id: string;
  certificate: Uint8Array;
  fields: CertificateFields;
  key: KeyObject;
  name: Name;
}

interface PkiManifest {
  format: 1;
  baseUrl: string;
  createdAt: string;
  caKeys: Record<CaId, KeyKind>;
}

export const defaultCaKeys: Record<CaId, KeyKind> = {
  root: "p384",
  eid: "p384",
  eparaksts: "p384",
  org: "rsa4096",
};

/** A random positive 16-octet serial (RFC 5280 §4.1.2.2: ≤ 20 octets; CA/B BR: ≥ 64 bits of entropy). */
export function randomSerial(): Uint8Array {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return new Uint8Array(bytes);
}

export class UnknownCertificateError extends Error {
  override name = "UnknownCertificateError";
  readonly code = "testbed-unknown-certificate";
}

export class NotOnHoldError extends Error {
  override name = "NotOnHoldError";
  readonly code = "testbed-not-on-hold";
}

export class TestPki {
  readonly store: StateStore;
  private readonly signers = new Map<string, Signer>();
  readonly now: () => Date;
  readonly crlValidityMs: number;
  readonly ocspValidityMs: number;
  readonly backdateMs: number;
  private readonly keyPassphrase: string | undefined;

  private constructor(
    readonly stateDir: string,
    readonly baseUrl: string,
    options: PkiRuntimeOptions,
  ) {
    this.store = new StateStore(stateDir);
    this.now = options.now ?? (() => new Date());
    this.crlValidityMs = options.crlValidityMs ?? DAY;
    this.ocspValidityMs = options.ocspValidityMs ?? 60 * 60 * 1000;
    this.backdateMs = options.backdateMs ?? 60_000;
    this.keyPassphrase = options.keyPassphrase;
  }

  static exists(stateDir: string): boolean {
    return existsSync(join(stateDir, "pki.json"));
  }

  /** Creates a new PKI in an empty (or absent) state directory. */
  static create(stateDir: string, options: TestPkiOptions & PkiRuntimeOptions): TestPki {
    if (TestPki.exists(stateDir)) throw new Error(`a test PKI already exists in ${stateDir}`);
    for (const sub of ["ca", "ocsp", "tsa", "issued"]) mkdirSync(join(stateDir, sub), { recursive: true });
    StateStore.initialise(stateDir);
    const caKeys = { ...defaultCaKeys, ...options.caKeys };
    const now = (options.now ?? (() => new Date()))();
    const pki = new TestPki(stateDir, options.baseUrl, options);
    // Root, then the issuing CAs, each with its delegated OCSP responder.
    const rootKey = generateKey(caKeys.root);
    const rootName = buildName(caNames.root);
    const rootKeyId = keyIdentifierOf(rootKey);
    const rootCert = buildCertificate({
      serial: randomSerial(),
      issuer: rootName,
      subject: rootName,
      publicKey: rootKey,
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + 20 * YEAR),
      extensions: rootCaExtensions(rootKeyId),
      signerKey: rootKey,
    });
    pki.saveSigner("ca", "root", rootCert, rootKey);
    pki.record(rootCert, "root", "ca");
    for (const id of caIds.filter((c) => c !== "root")) {
      const key = generateKey(caKeys[id]);
      const cert = buildCertificate({
        serial: randomSerial(),
        issuer: rootName,
        subject: buildName(caNames[id]),
        publicKey: key,
        notBefore: new Date(now.getTime() - DAY),
        notAfter: new Date(now.getTime() + 12 * YEAR),
        extensions: issuingCaExtensions(urlsOf(options.baseUrl, "root"), {
          subject: keyIdentifierOf(key),
          issuer: rootKeyId,
        }),
        signerKey: rootKey,
      });
      pki.saveSigner("ca", id, cert, key);
      pki.record(cert, "root", "ca");
    }
    for (const id of caIds) pki.createOcspResponder(id, now);
    pki.createTsa("Tilts Test TSA", now);
    const manifest: PkiManifest = {
      format: 1,
      baseUrl: options.baseUrl,
      createdAt: now.toISOString(),
      caKeys,
    };
    writeFileSync(join(stateDir, "pki.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    return pki;
  }

  /** Opens an existing PKI. */
  static load(stateDir: string, options: PkiRuntimeOptions = {}): TestPki {
    const manifest = JSON.parse(readFileSync(join(stateDir, "pki.json"), "utf8")) as PkiManifest;
    if (manifest.format !== 1) throw new Error(`unsupported test PKI format in ${stateDir}`);
    return new TestPki(stateDir, manifest.baseUrl, options);
  }

  /** Loads the PKI in `stateDir`, creating it first when absent. */
  static openOrCreate(stateDir: string, options: TestPkiOptions & PkiRuntimeOptions): TestPki {
    return TestPki.exists(stateDir) ? TestPki.load(stateDir, options) : TestPki.create(stateDir, options);
  }

  /** A CA's certificate and key. */
  ca(id: CaId): Signer {
    return this.signer("ca", id);
  }

  /** The delegated OCSP responder of a CA. */
  ocspResponder(id: CaId): Signer {
    return this.signer("ocsp", id);
  }

  /** The TSA's certificate and key. */
  tsa(): Signer {
    return this.signer("tsa", "tsa");
  }

  /** DER certificate chain above a CA's issued certificates: [issuing CA, root] (or [root]). */
  chainFor(caId: CaId): Uint8Array[] {
    return caId === "root"
      ? [this.ca("root").certificate]
      : [this.ca(caId).certificate, this.ca("root").certificate];
  }

  issued(): IssuedRecord[] {
    return this.store.read().issued;
  }

  revocations(caId?: CaId): RevocationRecord[] {
    const all = this.store.read().revocations;
    return caId ? all.filter((r) => r.caId === caId) : all;
  }

  /** The CA that issued a certificate, by comparing names and verifying nothing else (testbed-only use). */
  issuerOf(certificate: Uint8Array): CaId | undefined {
    const fields = certificateFields(certificate);
    return caIds.find((id) => Buffer.from(this.ca(id).fields.subjectName).equals(fields.issuerName));
  }

  /**
   * Revokes a certificate given by serial (hex, any case, optional ":"/spaces) or as DER.
   * Revoking an already revoked certificate returns its existing record — except that a
   * certificate on hold (suspended) can then be revoked for good: its reason is replaced and
   * the original revocation date kept (RFC 5280 §5.3.1). SIG-4: effective at once.
   */
  revoke(
    target: string | Uint8Array,
    reason: RevocationReason = "unspecified",
    at?: Date,
  ): RevocationRecord & { alreadyRevoked: boolean } {
    const wanted = this.identify(target);
    const recordedAt = this.now();
    return this.store.update((data) => {
      const issued = this.findIssued(data.issued, wanted);
      const existing = data.revocations.find((r) => r.serial === issued.serial && r.caId === issued.caId);
      if (existing) {
        if (existing.reason !== "certificateHold" || reason === "certificateHold")
          return { ...existing, alreadyRevoked: true };
        existing.reason = reason;
        existing.recordedAt = recordedAt.toISOString();
        return { ...existing, alreadyRevoked: false };
      }
      const record: RevocationRecord = {
        serial: issued.serial,
        caId: issued.caId,
        revokedAt: new Date(Math.floor((at ?? recordedAt).getTime() / 1000) * 1000).toISOString(),
        reason,
        recordedAt: recordedAt.toISOString(),
      };
      data.revocations.push(record);
      return { ...record, alreadyRevoked: false };
    });
  }

  /**
   * Lifts a suspension: a certificate revoked with reason certificateHold becomes valid again and
   * leaves the next full CRL (RFC 5280 §5.3.1 — the only revocation that can be undone).
   */
  releaseHold(target: string | Uint8Array): IssuedRecord {
    const wanted = this.identify(target);
    return this.store.update((data) => {
      const issued = this.findIssued(data.issued, wanted);
      const index = data.revocations.findIndex((r) => r.serial === issued.serial && r.caId === issued.caId);
      const existing = data.revocations[index];
      if (!existing) throw new NotOnHoldError(`certificate ${issued.serial} is not revoked`);
      if (existing.reason !== "certificateHold") {
        throw new NotOnHoldError(
          `certificate ${issued.serial} is revoked for good (${existing.reason}), not on hold`,
        );
      }
      data.revocations.splice(index, 1);
      return issued;
    });
  }

  private identify(target: string | Uint8Array): { serial: string; caId?: CaId } {
    if (typeof target === "string") {
      if (!/^[0-9a-fA-F:\s]+$/.test(target))
        throw new UnknownCertificateError(`not a hex serial number: ${target}`);
      return { serial: normaliseSerialHex(target) };
    }
    const caId = this.issuerOf(target);
    if (!caId) throw new UnknownCertificateError("the certificate was not issued by this test PKI");
    return { serial: serialToHex(certificateFields(target).serial), caId };
  }

  private findIssued(issued: IssuedRecord[], wanted: { serial: string; caId?: CaId }): IssuedRecord {
    const matches = issued.filter(
      (r) => r.serial === wanted.serial && (!wanted.caId || r.caId === wanted.caId),
    );
    if (matches.length === 0) {
      throw new UnknownCertificateError(
        `no certificate with serial ${wanted.serial} was issued by this test PKI`,
      );
    }
    if (matches.length > 1)
      throw new UnknownCertificateError(`serial ${wanted.serial} is ambiguous; give the certificate file`);
    return matches[0]!;
  }

  /** Records an issued certificate in the store and keeps its PEM under issued/. */
  record(certificate: Uint8Array, caId: CaId, kind: IssuedKind): IssuedRecord {
    const cert = AsnConvert.parse(certificate, Certificate);
    const record: IssuedRecord = {
      serial: serialToHex(certificateFields(certificate).serial),
      caId,
      kind,
      subject: nameToString(cert.tbsCertificate.subject),
      notBefore: cert.tbsCertificate.validity.notBefore.getTime().toISOString(),
      notAfter: cert.tbsCertificate.validity.notAfter.getTime().toISOString(),
      issuedAt: this.now().toISOString(),
    };
    writeFileSync(join(this.stateDir, "issued", `${record.serial}.pem`), certificateToPem(certificate));
    this.store.update((data) => {
      data.issued.push(record);
    });
    return record;
  }

  private createOcspResponder(caId: CaId, now: Date): void {
    const ca = this.ca(caId);
    const key = generateKey("p256");
    const cert = buildCertificate({
      serial: randomSerial(),
      issuer: ca.name,
      subject: buildName(ocspResponderName(caId)),
      publicKey: key,
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + 5 * YEAR),
      extensions: ocspResponderExtensions({ subject: keyIdentifierOf(key), issuer: keyIdentifierOf(ca.key) }),
      signerKey: ca.key,
    });
    this.saveSigner("ocsp", caId, cert, key);
    this.record(cert, caId, "ocsp-responder");
  }

  private createTsa(name: string, now: Date): void {
    const ca = this.ca("org");
    const key = generateKey("p256");
    const cert = buildCertificate({
      serial: randomSerial(),
      issuer: ca.name,
      subject: buildName(tsaName(name)),
      publicKey: key,
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + 10 * YEAR),
      extensions: tsaExtensions(urlsOf(this.baseUrl, "org"), {
        subject: keyIdentifierOf(key),
        issuer: keyIdentifierOf(ca.key),
      }),
      signerKey: ca.key,
    });
    this.saveSigner("tsa", "tsa", cert, key);
    this.record(cert, "org", "tsa");
  }

  private saveSigner(folder: string, id: string, certificate: Uint8Array, key: KeyObject): void {
    writeFileSync(join(this.stateDir, folder, `${id}.crt.pem`), certificateToPem(certificate));
    writeFileSync(join(this.stateDir, folder, `${id}.key.pem`), privateKeyToPem(key, this.keyPassphrase), {
      mode: 0o600,
    });
    this.signers.delete(`${folder}/${id}`);
  }

  /** A signer's key; a clear file is rewritten encrypted when a passphrase is configured. */
  private readKey(path: string): KeyObject {
    return readKeyFileEncrypting(path, this.keyPassphrase);
  }

  /** Reads a key file the PKI's companions keep in its state folder (the trusted lists' signers). */
  readCompanionKey(path: string): KeyObject {
    return readKeyFileEncrypting(path, this.keyPassphrase);
  }

  /** Writes a companion's new key file, encrypted when the PKI has a passphrase (0600). */
  writeCompanionKey(path: string, key: KeyObject): void {
    writeFileSync(path, privateKeyToPem(key, this.keyPassphrase), { mode: 0o600 });
  }

  private signer(folder: string, id: string): Signer {
    const cacheKey = `${folder}/${id}`;
    const cached = this.signers.get(cacheKey);
    if (cached) return cached;
    const pem = readFileSync(join(this.stateDir, folder, `${id}.crt.pem`), "latin1");
    const der = new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s+/g, ""), "base64"));
    const key = this.readKey(join(this.stateDir, folder, `${id}.key.pem`));
    const fields = certificateFields(der);
    const signer: Signer = {
      id,
      certificate: der,
      fields,
      key,
      name: AsnConvert.parse(fields.subjectName, Name),
    };
    this.signers.set(cacheKey, signer);
    return signer;
  }
}
