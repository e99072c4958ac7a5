/**
 * From the list of lists to verified national lists (TS 119 615 §4.1–4.2): verify the LOTL with
 * the signer certificates the caller trusts (published in the Official Journal), then follow each
 * XML pointer to a national list (MIME type application/vnd.etsi.tsl+xml; the PDF twins and the
 * LOTL's pointers to itself are skipped), fetch it through the injected fetcher, and keep it only
 * when its signature verifies against the certificates that pointer announces. Problems are
 * returned per list; one bad national list does not stop the others.
 */
import { MalformedInputError } from "../errors.ts";
import type { TrustedListProblem } from "./errors.ts";
import { parseTrustedList } from "./parse-trusted-list.ts";
import type { TrustedList } from "./types.ts";
import { TSL_MIME_TYPE, TSL_TYPE_EU_LOTL } from "./uris.ts";
import { verifyTrustedListSignature } from "./verify-signature.ts";

export interface LoadTrustedListsOptions {
  /** The list of lists as received. */
  lotl: Uint8Array | string;
  /** Certificates allowed to sign the list of lists. */
  lotlSignerCertificates: Uint8Array[];
  /** Fetches a national list (network access only through this port). */
  fetch: (url: string) => Promise<Uint8Array>;
  /** Only these territories (default: all). */
  territories?: string[];
}

export interface TrustedListLoadProblem extends TrustedListProblem {
  territory?: string;
  location?: string;
}

export interface LoadedTrustedLists {
  lotl?: TrustedList;
  /** National lists whose signature verified. */
  lists: TrustedList[];
  problems: TrustedListLoadProblem[];
}

const problemOf = (cause: unknown): TrustedListProblem => ({
  code: cause instanceof MalformedInputError ? "tl-malformed" : "tl-fetch-failed",
  message: cause instanceof Error ? cause.message : String(cause),
});

export async function loadTrustedLists(options: LoadTrustedListsOptions): Promise<LoadedTrustedLists> {
  let lotl: TrustedList;
  try {
    lotl = parseTrustedList(options.lotl);
  } catch (cause) {
    return { lists: [], problems: [problemOf(cause)] };
  }
  const lotlCheck = await verifyTrustedListSignature(lotl, options.lotlSignerCertificates);
  if (!lotlCheck.valid) return { lists: [], problems: lotlCheck.errors };
  const out: LoadedTrustedLists = { lotl, lists: [], problems: [] };
  const pointers = lotl.pointers.filter(
    (p) =>
      p.tslType !== TSL_TYPE_EU_LOTL &&
      (p.mimeType === undefined || p.mimeType === TSL_MIME_TYPE) &&
      (!options.territories || (p.territory !== undefined && options.territories.includes(p.territory))),
  );
  for (const pointer of pointers) {
    const where = {
      ...(pointer.territory ? { territory: pointer.territory } : {}),
      location: pointer.location,
    };
    let list: TrustedList;
    try {
      list = parseTrustedList(await options.fetch(pointer.location));
    } catch (cause) {
      out.problems.push({ ...problemOf(cause), ...where });
      continue;
    }
    const check = await verifyTrustedListSignature(list, pointer.signerCertificates);
    if (!check.valid) {
      out.problems.push(...check.errors.map((e) => ({ ...e, ...where })));
      continue;
    }
    if (pointer.territory && list.territory !== pointer.territory) {
      out.problems.push({
        code: "tl-territory-mismatch",
        message: `pointer says ${pointer.territory}, list says ${list.territory}`,
        ...where,
      });
      continue;
    }
    out.lists.push(list);
  }
  return out;
}
