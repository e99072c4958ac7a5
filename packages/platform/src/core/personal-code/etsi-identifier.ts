/**
 * The personal code as an ETSI natural-person semantics identifier, the form used in the subject
 * `serialNumber` of Latvian eID and eParaksts certificates and in LVRTC's OIDC `serial_number`
 * (shared/specs/latvian-identity.md §3.1, §5.1), e.g. `PNOLV-290156-11605`.
 *
 * ETSI EN 319 412-1 §5.1.3: 3-character identity type reference ("PNO" = national personal
 * number), 2-character ISO 3166 country code, hyphen-minus (U+002D), then the identifier as the
 * country defines it — for Latvia the code with its own hyphen kept.
 */
import { MAX_PERSONAL_CODE_INPUT_LENGTH, parsePersonalCode } from "./parse-personal-code.ts";
import type { ParsePersonalCodeOptions, PersonalCode, PersonalCodeResult } from "./types.ts";

/** EN 319 412-1 §5.1.3 type reference "PNO" + country "LV" + hyphen-minus. */
export const ETSI_LATVIAN_PERSONAL_NUMBER_PREFIX = "PNOLV-";

/**
 * `PNOLV-XXXXXX-XXXXX`. Takes the branded `PersonalCode` a successful `parsePersonalCode`
 * returns, so an unvalidated string cannot reach a certificate or token by accident.
 */
export function toEtsiIdentifier(code: PersonalCode): string {
  return ETSI_LATVIAN_PERSONAL_NUMBER_PREFIX + code;
}

/**
 * Parse `PNOLV-XXXXXX-XXXXX` back to a validated personal code (same result type and error
 * codes as `parsePersonalCode`). The prefix is matched exactly, upper case, as §5.1.3 writes it;
 * anything else — another country or type (`PNOEE-`, `IDCLV-`), no hyphen — is `bad-format`.
 * The code part must keep its hyphen, as in the certificates.
 */
export function parseEtsiIdentifier(
  input: string,
  options: ParsePersonalCodeOptions = {},
): PersonalCodeResult {
  if (typeof input !== "string") {
    return { ok: false, error: { code: "bad-format", message: "An ETSI identifier must be given as text." } };
  }
  if (input.length > MAX_PERSONAL_CODE_INPUT_LENGTH) {
    return {
      ok: false,
      error: { code: "too-long", message: `The input is over ${MAX_PERSONAL_CODE_INPUT_LENGTH} characters.` },
    };
  }
  const trimmed = input.trim();
  const rest = trimmed.slice(ETSI_LATVIAN_PERSONAL_NUMBER_PREFIX.length);
  if (!trimmed.startsWith(ETSI_LATVIAN_PERSONAL_NUMBER_PREFIX) || !/^\d{6}-\d{5}$/.test(rest)) {
    return {
      ok: false,
      error: {
        code: "bad-format",
        message: "A Latvian ETSI personal identifier has the form PNOLV-XXXXXX-XXXXX.",
      },
    };
  }
  return parsePersonalCode(rest, options);
}
