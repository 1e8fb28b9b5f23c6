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

/**
 * A payload name diwan writes: NFC, and refused (an Error naming it) when unsafe, so a slug or a
 * schema's file name can never place a file outside the bag.
 */
export function bagPath(path: string): string {
  const nfc = path.normalize('NFC');
  const why = unsafePath(nfc);
  if (why) throw new Error(`cannot be a file name in a bag: ${JSON.stringify(path)} (${why})`);
  return nfc;
}
