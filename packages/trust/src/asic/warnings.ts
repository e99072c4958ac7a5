/**
 * Deviations a tolerant reader accepts but reports (real eDocs have them: edoc-and-validation.md
 * §1.2 and §1.4 item 10). A warning never changes what was read; the validator decides what it means.
 */
export const ASIC_WARNING_CODES = {
  "mimetype-missing": "there is no mimetype entry; the manifest or signature files say ASiC-E",
  "mimetype-not-first": "the mimetype entry is not the first entry of the archive",
  "mimetype-compressed": "the mimetype entry is compressed instead of STORED",
  "mimetype-extra-field": "the mimetype entry's local header has an extra field",
  "mimetype-whitespace": "the mimetype content has surrounding whitespace",
  "manifest-missing": "there is no META-INF/manifest.xml",
  "manifest-malformed":
    "META-INF/manifest.xml cannot be read; media types fall back to application/octet-stream",
  "manifest-root-media-type": "the manifest's '/' entry is missing or names another media type",
  "manifest-file-missing": "the manifest names a file that is not in the container",
  "manifest-duplicate-entry": "the manifest lists the same file twice",
  "data-file-not-in-manifest": "a data file is not listed in the manifest",
  "no-data-files": "the container holds no data files",
  "file-name-not-utf8": "an entry name is not UTF-8 and was read as code page 437",
} as const;

export type AsicWarningCode = keyof typeof ASIC_WARNING_CODES;

export interface AsicWarning {
  code: AsicWarningCode;
  message: string;
}

export function asicWarning(code: AsicWarningCode, detail?: string): AsicWarning {
  const base = ASIC_WARNING_CODES[code];
  return { code, message: detail ? `${base}: ${detail}` : base };
}
