import { InputError, positionOf } from './errors.js';

/**
 * Turns the bytes of an XML file into text, following XML 1.0 appendix F: a byte-order
 * mark wins, then the encoding declaration. A wrong guess would produce mojibake that
 * looks like text, so every decoder is fatal on bad bytes and unknown encodings are refused.
 */
export interface Decoded {
  text: string;
  encoding: string;
  /** A doubt about the declared encoding, said as a warning (UTF-16 offset in the text). */
  doubt?: { at: number; message: string };
}

const SINGLE_BYTE = new Set([
  'latin1',
  'windows-1252',
  'windows-1256',
  'iso-8859-6',
  'windows-1255',
  'iso-8859-8',
  'windows-1251',
  'iso-8859-2',
  'iso-8859-15',
]);

export function decodeXml(file: string, bytes: Uint8Array): Decoded {
  if (bytes.length === 0) throw new InputError(file, 'empty file: expected an XML document', 0, 0, 'xml');

  const bom = byteOrderMark(bytes);
  if (bom) {
    const text = decodeStrict(file, bytes.subarray(bom.length), bom.encoding);
    checkDeclaredMatches(file, text, bom.encoding);
    return { text, encoding: bom.encoding };
  }
  // UTF-16 without a BOM still starts with "<" and a zero byte in one order or the other.
  if (bytes.length >= 2 && bytes[0] === 0x3c && bytes[1] === 0x00) {
    return { text: decodeStrict(file, bytes, 'utf-16le'), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0x00 && bytes[1] === 0x3c) {
    return { text: decodeStrict(file, bytes, 'utf-16be'), encoding: 'utf-16be' };
  }

  const declared = declaredEncoding(bytes);
  const encoding = declared ? canonicalEncoding(file, declared) : 'utf-8';
  const text = decodeStrict(file, bytes, encoding);
  return { text, encoding, doubt: SINGLE_BYTE.has(encoding) ? utf8Doubt(bytes, declared!, text) : undefined };
}

/**
 * Bytes declared as a single-byte encoding that are also valid UTF-8 with multi-byte sequences
 * are almost always UTF-8 mislabelled (ISO-8859-1 over UTF-8 makes "Ø­ÙØªØ±" of "حفتر"):
 * decoded as declared, as XML says, but reported where the first such sequence stands.
 */
function utf8Doubt(bytes: Uint8Array, declared: string, text: string): Decoded['doubt'] {
  let first = -1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      first = i;
      break;
    }
  }
  if (first < 0) return undefined;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // Single-byte decoding maps byte i to character i (no BOM here), so the offset carries over.
  const sample = new TextDecoder('utf-8').decode(bytes.subarray(first, first + 24)).split(/[\r\n]/)[0];
  return {
    at: Math.min(first, text.length),
    message: `the document declares encoding="${declared}" but its bytes are valid UTF-8 with non-ASCII characters ("${sample}" as UTF-8, "${text.slice(first, first + 12)}" as declared); decoded as declared — if the file is UTF-8, correct its XML declaration`,
  };
}

function byteOrderMark(b: Uint8Array): { encoding: string; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** The encoding pseudo-attribute of the XML declaration, read as ASCII. */
function declaredEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const decl = /^<\?xml\s[^?]*?encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/.exec(head);
  return decl ? decl[2]! : null;
}

// Encodings archivists meet in practice. Anything else is refused rather than guessed.
const SUPPORTED: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'windows-1256': 'windows-1256',
  cp1256: 'windows-1256',
  'iso-8859-6': 'iso-8859-6',
  'windows-1255': 'windows-1255',
  'iso-8859-8': 'iso-8859-8',
  'windows-1251': 'windows-1251',
  'iso-8859-2': 'iso-8859-2',
  'iso-8859-15': 'iso-8859-15',
};

function canonicalEncoding(file: string, declared: string): string {
  const enc = SUPPORTED[declared.toLowerCase()];
  if (!enc) {
    throw new InputError(
      file,
      `unsupported encoding "${declared}" in the XML declaration; expected UTF-8, UTF-16, windows-1256, ISO-8859-6 or another common single-byte encoding (convert the file to UTF-8 with iconv)`,
      1,
      1,
      'encoding',
    );
  }
  return enc;
}

function decodeStrict(file: string, bytes: Uint8Array, encoding: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  } catch {
    throw new InputError(file, `encoding "${encoding}" is not available in this Node.js build`, 1, 1, 'encoding');
  }
  try {
    return decoder.decode(bytes);
  } catch {
    const at = firstBadOffset(bytes, encoding);
    const before = new TextDecoder(encoding, { fatal: false }).decode(bytes.subarray(0, at));
    const { line, col } = positionOf(before, before.length);
    const hex = Array.from(bytes.subarray(at, at + 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
    throw new InputError(
      file,
      `invalid ${encoding.toUpperCase()} byte sequence at byte ${at} (${hex}); expected text in the declared encoding (re-save the file as UTF-8 or declare its real encoding)`,
      line,
      col,
      'encoding',
    );
  }
}

/** Byte offset of the first undecodable sequence (binary search on the fatal decoder). */
function firstBadOffset(bytes: Uint8Array, encoding: string): number {
  let lo = 0;
  let hi = bytes.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      // stream:true lets a multi-byte sequence cut at `mid` pass as incomplete, not as bad.
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  // The prefix may end in the lead bytes of the sequence that failed: point at its start.
  if (encoding === 'utf-8') {
    let j = lo;
    while (j > 0 && (bytes[j - 1]! & 0xc0) === 0x80) j--;
    if (j > 0 && bytes[j - 1]! >= 0xc0) return j - 1;
  }
  return lo;
}

function checkDeclaredMatches(file: string, text: string, bomEncoding: string): void {
  const decl = /^<\?xml\s[^?]*?encoding\s*=\s*(["'])([^"']*)\1/.exec(text);
  if (!decl) return;
  const declared = decl[2]!.toLowerCase();
  const family = (e: string) => (e.startsWith('utf-16') ? 'utf-16' : e === 'utf8' ? 'utf-8' : e);
  if (family(declared) !== family(bomEncoding)) {
    throw new InputError(
      file,
      `the byte-order mark says ${bomEncoding.toUpperCase()} but the XML declaration says "${decl[2]}"; expected them to agree`,
      1,
      1,
      'encoding',
    );
  }
}
