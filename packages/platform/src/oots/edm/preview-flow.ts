/**
 * The preview round of chapter 4.9 (DIGEST §1.6) as far as messages and URLs go: where the
 * requester sends the user (1.x: PreviewLocation + `returnurl`/`returnmethod` parameters;
 * 2.0: PreviewLocation unchanged, the return address travels in the second request's
 * ReturnLocation, GET only), the second request itself, and the provider's reading of the
 * return information. Pure: no HTTP, no clock.
 */
import { EdmParseError } from "./errors.ts";
import type { EvidenceRequest } from "./model.ts";
import { type EdmVersion, edmSpecification } from "./version.ts";

export type ReturnMethod = "GET" | "POST" | "PUT";

function https(url: string, rule: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EdmParseError(rule, `${what} is not a URL: ${url}`);
  }
  if (parsed.protocol !== "https:") throw new EdmParseError(rule, `${what} must be an https:// URL`);
  return parsed;
}

/** The address the requester redirects the user's browser to (step 3). */
export function previewRedirectUrl(
  version: EdmVersion,
  previewLocation: string,
  returnUrl: string,
  returnMethod: ReturnMethod = "GET",
): string {
  const target = https(previewLocation, "R-EDM-ERR-C019", "PreviewLocation");
  if (edmSpecification(version).hasReturnLocation) {
    if (returnMethod !== "GET") throw new TypeError("EDM 2.0 returns the user with GET only");
    return target.href;
  }
  https(returnUrl, "R-EDM-REQ-C005", "the return URL");
  target.searchParams.set("returnurl", returnUrl);
  target.searchParams.set("returnmethod", returnMethod);
  return target.href;
}

/** The second request (step 4): the first one's content plus PreviewLocation [+ ReturnLocation]. */
export function secondPreviewRequest(
  first: EvidenceRequest,
  id: string,
  issueDateTime: string,
  previewLocation: string,
  returnUrl: string,
): EvidenceRequest {
  https(previewLocation, "R-EDM-REQ-C005", "PreviewLocation");
  const second: EvidenceRequest = { ...first, id, issueDateTime, previewLocation };
  if (edmSpecification(first.version).hasReturnLocation) {
    https(returnUrl, "R-EDM-REQ-C120", "ReturnLocation");
    second.returnLocation = returnUrl;
  } else delete second.returnLocation;
  return second;
}

/**
 * Where the provider sends the user back after the decision (step 5): from the second
 * request's ReturnLocation (2.0) or from the preview URL's `returnurl`/`returnmethod` (1.x).
 */
export function previewReturn(
  request: EvidenceRequest,
  previewUrlAsVisited?: string,
): { url: string; method: ReturnMethod } {
  if (edmSpecification(request.version).hasReturnLocation) {
    if (!request.returnLocation)
      throw new EdmParseError("R-EDM-REQ-S062", "the second 2.0 preview request carries no ReturnLocation");
    return { url: https(request.returnLocation, "R-EDM-REQ-C120", "ReturnLocation").href, method: "GET" };
  }
  const visited = https(previewUrlAsVisited ?? "", "R-EDM-REQ-C005", "the preview URL");
  const url = visited.searchParams.get("returnurl") ?? "";
  const method = (visited.searchParams.get("returnmethod") ?? "GET").toUpperCase();
  if (method !== "GET" && method !== "POST" && method !== "PUT")
    throw new EdmParseError("R-EDM-ERR-C021", `returnmethod ${method} is not GET, POST or PUT`);
  return { url: https(url, "R-EDM-REQ-C005", "returnurl").href, method };
}
