/**
 * Personal codes never travel in a portal address (browser history, proxies' and servers' access
 * logs): after the search (a POST), pages carry an opaque patient reference instead — the code
 * sealed with AES-256-GCM under a secret every server process shares, bound to the professional
 * signed in (the associated data), so a reference copied into another person's session opens
 * nothing. Each seal uses a fresh IV: the same patient gets a different reference each time.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A sealed 12-character code is ~52 base64url characters; anything longer is not ours. */
const MAX_REF_LENGTH = 120;

export interface PatientRefs {
  /** The reference of `personCode` for the professional `viewer` (their `PNOLV-…` subject). */
  seal(personCode: string, viewer: string): string;
  /** The personal code, or undefined for a reference that is not one of ours for this viewer. */
  open(ref: string, viewer: string): string | undefined;
}

export function patientRefs(secret: string): PatientRefs {
  const key = createHash("sha256").update(`tilts patient reference\n${secret}`).digest();
  return {
    seal(personCode, viewer) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(viewer, "utf8"));
      const sealed = Buffer.concat([cipher.update(personCode, "utf8"), cipher.final()]);
      return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
    },
    open(ref, viewer) {
      if (ref.length > MAX_REF_LENGTH || !/^[A-Za-z0-9_-]+$/.test(ref)) return undefined;
      const bytes = Buffer.from(ref, "base64url");
      if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(viewer, "utf8"));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return plain.toString("utf8");
      } catch {
        return undefined;
      }
    },
  };
}
