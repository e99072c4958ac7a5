/**
 * Test fixtures made with the `openssl` command, an implementation independent of ours: keys
 * (`genpkey`), digests and signature values over a canonical SignedInfo written out by hand
 * (Exclusive c14n), and the enveloping ds:Signature around them. Used by the algorithm, ECDSA
 * and KeyInfo tests; never imported by the library.
 */
import { spawnSync } from "node:child_process";
import { createPublicKey, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { EXC_C14N } from "../c14n/algorithms.ts";
import * as U from "./uris.ts";

export const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "dsig-openssl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

export function openssl(args: string[], input?: Uint8Array): Buffer {
  const r = spawnSync("openssl", args, input ? { input } : {});
  if (r.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** A key made by `openssl genpkey`: its file and its public key. */
export function genpkey(name: string, ...args: string[]): { file: string; publicKey: KeyObject } {
  const file = join(dir, `${name}.pem`);
  openssl(["genpkey", ...args, "-out", file]);
  return { file, publicKey: createPublicKey(readFileSync(file)) };
}

export const OBJECT_TEXT = "Ārsta slēdziens &amp; nosūtījums";
/** The ds:Object under Exclusive c14n (the #obj reference's transform output), by hand. */
const OBJECT_C14N = `<Object xmlns="${U.DSIG_NAMESPACE}" Id="obj">${OBJECT_TEXT}</Object>`;
const OPENSSL_DIGEST: Record<string, string> = {
  [U.DIGEST_SHA256]: "-sha256",
  [U.DIGEST_SHA3_224]: "-sha3-224",
  [U.DIGEST_SHA3_512]: "-sha3-512",
  [U.DIGEST_RIPEMD160]: "-ripemd160",
  [U.DIGEST_MD5]: "-md5",
};

/** Canonical SignedInfo (Exclusive c14n, empty elements written as start-end pairs). */
export function signedInfo(method: string, digestMethod: string, methodContent = ""): string {
  const digest = openssl(["dgst", OPENSSL_DIGEST[digestMethod]!, "-binary"], Buffer.from(OBJECT_C14N));
  return (
    `<SignedInfo xmlns="${U.DSIG_NAMESPACE}"><CanonicalizationMethod Algorithm="${EXC_C14N}"></CanonicalizationMethod>` +
    `<SignatureMethod Algorithm="${method}">${methodContent}</SignatureMethod>` +
    `<Reference URI="#obj"><Transforms><Transform Algorithm="${EXC_C14N}"></Transform></Transforms>` +
    `<DigestMethod Algorithm="${digestMethod}"></DigestMethod><DigestValue>${digest.toString("base64")}</DigestValue></Reference></SignedInfo>`
  );
}

/** An enveloping signature whose SignatureValue `sign` makes from the canonical SignedInfo. */
export function document(si: string, sign: (octets: Buffer) => Buffer, keyInfo = ""): string {
  const value = sign(Buffer.from(si)).toString("base64");
  return `<Signature xmlns="${U.DSIG_NAMESPACE}">${si}<SignatureValue>${value}</SignatureValue>${keyInfo}<Object Id="obj">${OBJECT_TEXT}</Object></Signature>`;
}

export function signFile(octets: Buffer, name: string): string {
  const file = join(dir, `${name}.si`);
  writeFileSync(file, octets);
  return file;
}
