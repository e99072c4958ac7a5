/**
 * The sign-in pages' Content-Security-Policy. It repeats the server's policy (http/server.ts) but
 * widens `form-action`: browsers apply form-action to every redirect after a form submission
 * (CSP3 §6.3.1.3), and a method button's POST is followed by a redirect to the method's service
 * (LVRTC…), the cancel button's by one to the relying party.
 */
export function signInPageCsp(formTargets: readonly string[], scriptSources: readonly string[] = []): string {
  const origins = [...new Set(formTargets.map(originOf).filter((o): o is string => o !== undefined))];
  // Scripts as files only (never 'unsafe-inline'); a method's page may add an origin its
  // scripts come from (the eID card page: a testbed's stand-in extension script).
  const scripts = [...new Set(scriptSources.map(originOf).filter((o): o is string => o !== undefined))];
  return [
    "default-src 'self'",
    `script-src 'self' ${scripts.join(" ")}`.trim(),
    "style-src 'self'",
    "img-src 'self' data:",
    `form-action 'self' ${origins.join(" ")}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

function originOf(uri: string): string | undefined {
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
}
