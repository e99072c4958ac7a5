/**
 * Where the stand-in sends the person back: the relying party's registered redirect URI with the
 * authorization response's parameters (RFC 6749 §4.1.2, errors §4.1.2.1) added to its query.
 */
export function redirectTarget(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

/**
 * What a person's Cancel returns (RFC 6749 §4.1.2.1: the resource owner denied the request);
 * `user_cancelled` tells it from a PIN block, which is `access_denied` too.
 */
export const CANCELLED = { error: "access_denied", error_description: "user_cancelled" } as const;
