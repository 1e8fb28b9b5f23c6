/**
 * Paths inside a bag, safe on any file system (RFC 8493 §5.1, §6.1.1): relative, "/"-separated,
 * no "." or ".." segment, no empty segment, no drive letter, backslash, NUL or other control
 * character, and Unicode in NFC so that a name written on one system is found on another.
 */

/** Why a path named by a manifest (or about to be written) is not a path inside the bag; null when it is. */
export function unsafePath(path: string): string | null {
  if (path === '') return 'an empty path';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('\\\\')) return 'an absolute path, outside the bag';
  if (path.startsWith('~')) return 'a home-folder path, outside the bag';
  if (path.includes('\\')) return 'a backslash in the path (the separator is "/")';
  // CR and LF are allowed (percent-encoded in manifests); other controls are not names.
  if (/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/.test(path)) return 'a control character in the path';
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return 'a ".." segment, which leads outside its folder';
  if (segments.some((s) => s === '.' || s === '')) return 'an empty or "." segment';
  return null;
}

/** A file name that cannot be in a bag (unsafe, or clashing with another): nothing was written. */
export class BagNameError extends Error {
  override name = 'BagNameError';
}

/** Windows device names, reserved with any extension (RFC 8493 §6.2.2). */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * Why a name diwan is about to write would not survive every file system (§6.2.2): characters
 * Windows forbids, its device names, a segment ending in a dot or space (Windows drops them),
 * a segment over 255 bytes of UTF-8. The verifier does not apply this to bags made elsewhere.
 */
export function unportablePath(path: string): string | null {
  for (const segment of path.split('/')) {
    if (/[<>:"|?*]/.test(segment)) return `a character Windows does not allow in names (< > : " | ? *) in ${JSON.stringify(segment)}`;
    if (RESERVED.test(segment)) return `${JSON.stringify(segment)} is a device name on Windows`;
    if (/[. ]$/.test(segment)) return `${JSON.stringify(segment)} ends in a dot or a space, which Windows drops`;
    if (Buffer.byteLength(segment, 'utf8') > 255) return `a name of more than 255 bytes`;
  }
  return null;
}

/**
 * A payload name diwan writes: NFC, and refused (a BagNameError naming it) when unsafe or not
 * portable, so a slug or a schema's file name can never place a file outside the bag, nor make a
 * bag that cannot be copied to another file system.
 */
export function bagPath(path: string): string {
  const nfc = path.normalize('NFC');
  const why = unsafePath(nfc) ?? unportablePath(nfc);
  if (why) throw new BagNameError(`cannot be a file name in a bag: ${JSON.stringify(path)} (${why})`);
  return nfc;
}
