/**
 * How a signature inside an ASiC-E container reaches the container's data files: a reference URI
 * names an entry (percent-encoded, relative; asic/reference-uri.ts), and the resolver hands the
 * entry's bytes to the XML-DSig core — "unavailable" for anything that is not one of the files.
 */
import type { AsicContainer } from "../asic/asic-read.ts";
import { findEntryByReferenceUri } from "../asic/reference-uri.ts";
import type { ExternalResolver } from "../xmldsig/references.ts";

export interface ContainerReferences {
  /** The data files' names, in container order. */
  names: string[];
  /** The data file a reference URI names, or null. */
  uriToFile(uri: string): string | null;
  resolver: ExternalResolver;
}

export function containerReferences(container: Pick<AsicContainer, "dataFiles">): ContainerReferences {
  const names = container.dataFiles.map((f) => f.name);
  const byName = new Map(container.dataFiles.map((f) => [f.name, f.content]));
  const uriToFile = (uri: string): string | null => {
    try {
      return findEntryByReferenceUri(uri, names);
    } catch {
      return null;
    }
  };
  const resolver: ExternalResolver = async (uri) => {
    const name = uri === null ? null : uriToFile(uri);
    return name === null ? "unavailable" : (byName.get(name) as Uint8Array);
  };
  return { names, uriToFile, resolver };
}
