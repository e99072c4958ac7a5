/**
 * xml:base fix-up of Canonical XML 1.1 §2.4: when an element's ancestors are omitted from a
 * document subset, their xml:base values are joined into the element's own, using RFC 3986
 * §5.2 reference resolution with the c14n 1.1 change to remove_dot_segments (leading "../"
 * segments of a relative result are kept, since the base may itself be relative).
 */

const URI_PARTS = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/; // RFC 3986 App. B

interface UriParts {
  scheme?: string;
  authority?: string;
  path: string;
  query?: string;
  fragment?: string;
}

function split(uri: string): UriParts {
  const m = URI_PARTS.exec(uri)!;
  const parts: UriParts = { path: m[3] ?? "" };
  if (m[1] !== undefined) parts.scheme = m[1];
  if (m[2] !== undefined) parts.authority = m[2];
  if (m[4] !== undefined) parts.query = m[4];
  if (m[5] !== undefined) parts.fragment = m[5];
  return parts;
}

function join(p: UriParts): string {
  let out = "";
  if (p.scheme !== undefined) out += `${p.scheme}:`;
  if (p.authority !== undefined) out += `//${p.authority}`;
  out += p.path;
  if (p.query !== undefined) out += `?${p.query}`;
  if (p.fragment !== undefined) out += `#${p.fragment}`;
  return out;
}

/** RFC 3986 §5.2.4, keeping leading ".." segments of relative paths (c14n 1.1 §2.4). */
export function removeDotSegments(path: string): string {
  const absolute = path.startsWith("/");
  const input = path.split("/");
  if (absolute) input.shift();
  const out: string[] = [];
  for (let i = 0; i < input.length; i++) {
    const seg = input[i]!;
    const last = i === input.length - 1;
    if (seg === ".") {
      if (last) out.push("");
    } else if (seg === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") {
        out.pop();
      } else if (!absolute) {
        out.push("..");
      }
      if (last) out.push("");
    } else {
      out.push(seg);
    }
  }
  return (absolute ? "/" : "") + out.join("/");
}

function mergePaths(base: UriParts, ref: string): string {
  if (base.authority !== undefined && base.path === "") return `/${ref}`;
  const slash = base.path.lastIndexOf("/");
  return slash < 0 ? ref : base.path.slice(0, slash + 1) + ref;
}

/** Resolves `reference` against `base` (RFC 3986 §5.2.2); the base may be relative. */
export function joinUriReferences(base: string, reference: string): string {
  const b = split(base);
  const r = split(reference);
  const t: UriParts = { path: "" };
  if (r.scheme !== undefined) {
    Object.assign(t, r, { path: removeDotSegments(r.path) });
  } else {
    if (r.authority !== undefined) {
      Object.assign(t, r, { path: removeDotSegments(r.path) });
    } else {
      if (r.path === "") {
        t.path = b.path;
        if (r.query !== undefined) t.query = r.query;
        else if (b.query !== undefined) t.query = b.query;
      } else {
        t.path = removeDotSegments(r.path.startsWith("/") ? r.path : mergePaths(b, r.path));
        if (r.query !== undefined) t.query = r.query;
      }
      if (b.authority !== undefined) t.authority = b.authority;
    }
    if (b.scheme !== undefined) t.scheme = b.scheme;
    if (r.fragment !== undefined) t.fragment = r.fragment;
  }
  return join(t);
}
