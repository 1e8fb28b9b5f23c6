import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/** What a request path names in the site folder. */
export type SitePath =
  | { kind: 'file'; file: string /** The first path segment: an edition's slug, or '' for the site's root. */; top: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'refused'; status: 400 | 404; reason: string };

/**
 * Resolves the path of a request URL (as the WHATWG URL parser leaves it: dot segments already
 * resolved, the rest percent-encoded) to a file inside `root`, or refuses it. Each segment is
 * decoded on its own and refused when it decodes to a separator, a NUL, a dot segment ("%2e%2e%2f"
 * arrives as one segment) or a hidden name (diwan's staged folders are hidden). The file's real
 * path must lie inside the root's real path: a symbolic link that leads out is refused like a
 * missing file. A folder without its final slash redirects to it, so relative links resolve.
 */
export function resolveSitePath(root: string, urlPath: string, search = ''): SitePath {
  if (!urlPath.startsWith('/')) return { kind: 'refused', status: 400, reason: 'the path must start with /' };
  const raw = urlPath.slice(1).split('/');
  const segments: string[] = [];
  for (const [i, s] of raw.entries()) {
    if (s === '' && i === raw.length - 1) break; // the final slash of a folder
    let d: string;
    try {
      d = decodeURIComponent(s);
    } catch {
      return { kind: 'refused', status: 400, reason: 'malformed percent-encoding' };
    }
    if (d === '' || /[/\\\0]/.test(d) || d === '.' || d === '..') return { kind: 'refused', status: 400, reason: 'not a path inside the site' };
    if (d.startsWith('.')) return { kind: 'refused', status: 404, reason: 'hidden files are not served' };
    segments.push(d);
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { kind: 'refused', status: 404, reason: 'the site folder does not exist (yet)' };
  }
  let file = join(realRoot, ...segments);
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return { kind: 'refused', status: 404, reason: 'no such file' };
  }
  if (!inside(real, realRoot)) return { kind: 'refused', status: 404, reason: 'outside the site folder' };
  const top = segments[0] ?? '';
  if (statSync(real).isDirectory()) {
    if (!urlPath.endsWith('/')) return { kind: 'redirect', location: `${urlPath}/${search}` };
    file = join(real, 'index.html');
    try {
      real = realpathSync(file);
    } catch {
      return { kind: 'refused', status: 404, reason: 'no index.html in this folder' };
    }
    if (!inside(real, realRoot) || !statSync(real).isFile()) return { kind: 'refused', status: 404, reason: 'no index.html in this folder' };
  } else if (!statSync(real).isFile()) {
    return { kind: 'refused', status: 404, reason: 'not a regular file' };
  }
  return { kind: 'file', file: real, top };
}

function inside(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}
