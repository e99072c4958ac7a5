/**
 * Signing a Latvian eDoc (ASiC-E with XAdES, EN 319 162-1 + EN 319 132-1): builds a new
 * container around the data files, or adds one more signature file to an existing container
 * without touching its bytes — so earlier signatures stay valid. Every signature covers every
 * data file (eParaksts does the same), by percent-encoded detached reference.
 */
import { addSignature, createAsicE } from "../asic/asic-create.ts";
import { readAsicE } from "../asic/asic-read.ts";
import { DEFAULT_DATA_MEDIA_TYPE } from "../asic/constants.ts";
import { entryNameToReferenceUri, findEntryByReferenceUri } from "../asic/reference-uri.ts";
import { augmentXades } from "../xades/augment.ts";
import type { XadesLevel } from "../xades/constants.ts";
import { XadesError } from "../xades/errors.ts";
import type { RevocationFetchers, TimeStampAuthority } from "../xades/ports.ts";
import { signXades, type XadesSigner } from "../xades/sign-xades.ts";
import type { ProductionPlace } from "../xades/signed-properties.ts";

export interface EdocDataFile {
  name: string;
  content: Uint8Array;
  mediaType?: string;
}

export interface SignEdocOptions {
  /** A new container of these files … */
  dataFiles?: EdocDataFile[];
  /** … or one more signature on an existing container. */
  existingContainer?: Uint8Array;
  signer: XadesSigner;
  level?: XadesLevel;
  tsa?: TimeStampAuthority;
  fetchers?: RevocationFetchers;
  /** CA certificates for building the signer's and the TSA's chains (LT). */
  certificates?: Uint8Array[];
  signingTime?: Date;
  claimedRoles?: string[];
  productionPlace?: ProductionPlace;
  now?: () => Date;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n';

export async function signEdoc(options: SignEdocOptions): Promise<Uint8Array> {
  if (!!options.dataFiles === !!options.existingContainer)
    throw new XadesError("xades-bad-input", "give either dataFiles or existingContainer");
  let files: { name: string; content: Uint8Array; mediaType: string }[];
  let signatureCount = 0;
  if (options.existingContainer) {
    const container = readAsicE(options.existingContainer);
    files = container.dataFiles.map((f) => ({ name: f.name, content: f.content, mediaType: f.mediaType }));
    signatureCount = container.signatureFiles.length;
  } else {
    files = options.dataFiles!.map((f) => ({
      name: f.name,
      content: f.content,
      mediaType: f.mediaType ?? DEFAULT_DATA_MEDIA_TYPE,
    }));
  }
  if (files.length === 0) throw new XadesError("xades-bad-input", "the container has no data files to sign");
  const signatureId = `S${signatureCount}`;
  const signed = await signXades({
    shape: "asic",
    signer: options.signer,
    signatureId,
    dataObjects: files.map((f) => ({
      uri: entryNameToReferenceUri(f.name),
      content: f.content,
      mimeType: f.mediaType,
    })),
    ...(options.signingTime ? { signingTime: options.signingTime } : {}),
    ...(options.claimedRoles ? { claimedRoles: options.claimedRoles } : {}),
    ...(options.productionPlace ? { productionPlace: options.productionPlace } : {}),
  });
  let xml = signed.xml;
  const level = options.level ?? "B";
  if (level !== "B") {
    const names = files.map((f) => f.name);
    xml = await augmentXades({
      xml,
      level,
      signatureId,
      ...(options.tsa ? { tsa: options.tsa } : {}),
      ...(options.fetchers ? { fetchers: options.fetchers } : {}),
      ...(options.certificates ? { certificates: options.certificates } : {}),
      ...(options.now ? { now: options.now } : {}),
      resolver: async (uri) => {
        let name: string | null = null;
        try {
          name = uri === null ? null : findEntryByReferenceUri(uri, names);
        } catch {
          name = null;
        }
        const file = name === null ? undefined : files.find((f) => f.name === name);
        return file ? file.content : "unavailable";
      },
    });
  }
  const signatureFile = new TextEncoder().encode(XML_DECLARATION + xml);
  if (options.existingContainer) return addSignature(options.existingContainer, signatureFile);
  return createAsicE({ dataFiles: files, signatures: [signatureFile] });
}
