/**
 * Convenience for enveloped XAdES B-B over a whole XML document (trusted lists, forms):
 * `signXades` with the "enveloped" shape, optionally raised to T/LT/LTA.
 */
import { augmentXades } from "./augment.ts";
import type { XadesLevel } from "./constants.ts";
import type { RevocationFetchers, TimeStampAuthority } from "./ports.ts";
import { signXades, type XadesSigner } from "./sign-xades.ts";
import type { ProductionPlace } from "./signed-properties.ts";

export interface SignXadesEnvelopedOptions {
  document: Uint8Array | string;
  signer: XadesSigner;
  level?: XadesLevel;
  signatureId?: string;
  signingTime?: Date;
  claimedRoles?: string[];
  productionPlace?: ProductionPlace;
  tsa?: TimeStampAuthority;
  fetchers?: RevocationFetchers;
  certificates?: Uint8Array[];
}

/** Returns the signed document as a string (store it as UTF-8 bytes unchanged). */
export async function signXadesEnveloped(options: SignXadesEnvelopedOptions): Promise<string> {
  const signed = await signXades({
    shape: "enveloped",
    document: options.document,
    signer: options.signer,
    ...(options.signatureId ? { signatureId: options.signatureId } : {}),
    ...(options.signingTime ? { signingTime: options.signingTime } : {}),
    ...(options.claimedRoles ? { claimedRoles: options.claimedRoles } : {}),
    ...(options.productionPlace ? { productionPlace: options.productionPlace } : {}),
  });
  const level = options.level ?? "B";
  if (level === "B") return signed.xml;
  return augmentXades({
    xml: signed.xml,
    level,
    ...(options.signatureId ? { signatureId: options.signatureId } : {}),
    ...(options.tsa ? { tsa: options.tsa } : {}),
    ...(options.fetchers ? { fetchers: options.fetchers } : {}),
    ...(options.certificates ? { certificates: options.certificates } : {}),
  });
}
