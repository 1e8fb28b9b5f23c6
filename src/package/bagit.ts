/**
 * The text formats of a BagIt 1.0 bag (RFC 8493): the bag declaration (§2.1.1), manifest lines
 * (§2.1.3, §2.2.1), bag-info.txt metadata elements (§2.2.2) and the text tag file rules (§2.4:
 * UTF-8 without a byte-order mark, every line ended). Pure functions: the writer and the
 * verifier share them, so what one writes the other reads by the same rule.
 */

export const BAGIT_VERSION = '1.0';

/** Algorithms diwan writes (RFC 8493 §2.4: SHA-256 and SHA-512 MUST be supported, SHA-512 by default). */
export const WRITE_ALGORITHMS = ['sha256', 'sha512'] as const;

/** Algorithms the verifier can check: the two above and the legacy ones §2.4 asks to support. */
export const READ_ALGORITHMS = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);

export function bagitTxt(): string {
  return `BagIt-Version: ${BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n`;
}

/**
 * A file path as a manifest line writes it (§2.1.3): CR, LF and "%" percent-encoded, and only
 * those. CRLF is the two encoded in turn.
 */
export function encodePath(path: string): string {
  return path.replace(/[%\r\n]/g, (c) => (c === '%' ? '%25' : c === '\r' ? '%0D' : '%0A'));
}

/** The inverse; a "%" that starts none of the three encodings is kept as written (and reported by the caller). */
export function decodePath(path: string): { path: string; stray: boolean } {
  let stray = false;
  const out = path.replace(/%(25|0[dD]|0[aA])|%/g, (m, code: string | undefined) => {
    if (!code) {
      stray = true;
      return m;
    }
    return code === '25' ? '%' : code.toLowerCase() === '0d' ? '\r' : '\n';
  });
  return { path: out, stray };
}

/** Byte order of the UTF-8 encodings: the one order that does not depend on a locale. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * A manifest: one "checksum filepath" line per file, sorted by path so that the same files give
 * the same bytes. One space separates the two (§2.1.3's examples; GNU sha256sum -c reads it).
 */
export function manifestText(entries: { path: string; digest: string }[]): string {
  return [...entries]
    .sort((x, y) => byteOrder(x.path, y.path))
    .map((e) => `${e.digest} ${encodePath(e.path)}\n`)
    .join('');
}

export interface ManifestLine {
  line: number;
  digest: string;
  /** Decoded (CR, LF, % restored). */
  path: string;
  /** The path as written in the manifest. */
  written: string;
}

/**
 * Splits a tag file into lines (each ended by LF, CR or CRLF, §2.4). `ended` is false when the
 * last line has no ending (allowed: the RFC only recommends one).
 */
export function tagLines(text: string): { lines: string[]; ended: boolean } {
  if (text === '') return { lines: [], ended: true };
  const lines = text.split(/\r\n|\r|\n/);
  const ended = lines[lines.length - 1] === '';
  if (ended) lines.pop();
  return { lines, ended };
}

/** Parses a manifest; malformed lines come back as problems with their line number. */
export function parseManifest(text: string): { entries: ManifestLine[]; problems: { line: number; message: string }[] } {
  const entries: ManifestLine[] = [];
  const problems: { line: number; message: string }[] = [];
  tagLines(text).lines.forEach((raw, i) => {
    const line = i + 1;
    const m = /^([0-9A-Fa-f]+)[ \t]+(.*)$/.exec(raw);
    if (!m || m[2] === '') {
      problems.push({ line, message: `not a manifest line "checksum filepath": ${JSON.stringify(raw.slice(0, 80))}` });
      return;
    }
    // A leading "*" is md5sum's binary-mode mark (§6.2.3): not BagIt, so it stays part of the path and fails.
    const decoded = decodePath(m[2]!);
    if (decoded.stray) problems.push({ line, message: `"%" not percent-encoded as %25 in ${JSON.stringify(m[2])} (RFC 8493 §2.1.3); read as written` });
    entries.push({ line, digest: m[1]!.toLowerCase(), path: decoded.path, written: m[2]! });
  });
  return { entries, problems };
}

/** bag-info.txt's recommended line length (§2.2.2), in characters. */
const MAX_LINE = 79;

/**
 * bag-info.txt: one "Label: value" element per field in the order given (§2.2.2: order is
 * preserved), white space in values collapsed (a value never holds a line break), long values
 * folded at spaces onto continuation lines that start with a space.
 */
export function bagInfoText(fields: [string, string][]): string {
  let out = '';
  for (const [label, raw] of fields) {
    if (!/^[^:\r\n\s](?:[^:\r\n]*[^:\r\n\s])?$/.test(label)) throw new Error(`bad bag-info label ${JSON.stringify(label)}`);
    const value = raw.replace(/\s+/g, ' ').trim();
    if (!value) continue;
    const words = value.split(' ');
    let line = `${label}:`;
    let first = true;
    for (const word of words) {
      const next = `${line} ${word}`;
      if (!first && [...next].length > MAX_LINE) {
        out += `${line}\n`;
        line = ` ${word}`;
      } else line = next;
      first = false;
    }
    out += `${line}\n`;
  }
  return out;
}

/**
 * Parses bag-info.txt: elements in order, continuation lines joined by one space. `lenient`: the
 * white space before and after the colon that bags older than 1.0 may have (§2.2.2 asks 1.0
 * readers to accept it there).
 */
export function parseBagInfo(
  text: string,
  lenient = false,
): { fields: { label: string; value: string; line: number }[]; problems: { line: number; message: string }[] } {
  const fields: { label: string; value: string; line: number }[] = [];
  const problems: { line: number; message: string }[] = [];
  tagLines(text).lines.forEach((raw, i) => {
    const line = i + 1;
    if (/^[ \t]/.test(raw)) {
      const last = fields[fields.length - 1];
      if (last) last.value = `${last.value} ${raw.trim()}`;
      else problems.push({ line, message: 'a continuation line with no element before it' });
      return;
    }
    const m = lenient ? /^[ \t]*([^:]*[^:\s])[ \t]*:[ \t]*(.*)$/.exec(raw) : /^([^:]+):[ \t](.*)$/.exec(raw);
    if (!m || /^\s|\s$/.test(m[1]!)) {
      problems.push({ line, message: `not a metadata element "Label: value": ${JSON.stringify(raw.slice(0, 80))}` });
      return;
    }
    fields.push({ label: m[1]!, value: m[2]!, line });
  });
  return { fields, problems };
}

/** Payload-Oxum (§2.2.2): "OctetCount.StreamCount". */
export function payloadOxum(octets: number, streams: number): string {
  return `${octets}.${streams}`;
}

/** Bag-Size, for people (§2.2.2): decimal units, as the RFC's examples ("42.6 GB"). */
export function humanSize(octets: number): string {
  if (octets < 1000) return `${octets} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let n = octets / 1000;
  let u = 0;
  while (n >= 1000 && u < units.length - 1) {
    n /= 1000;
    u++;
  }
  return `${n.toFixed(1)} ${units[u]}`;
}

export interface FetchLine {
  line: number;
  url: string;
  length: string;
  path: string;
  written: string;
}

/** Parses fetch.txt (§2.2.3): "url length filepath" per line, the path percent-decoded as in manifests. */
export function parseFetch(text: string): { entries: FetchLine[]; problems: { line: number; message: string }[] } {
  const entries: FetchLine[] = [];
  const problems: { line: number; message: string }[] = [];
  tagLines(text).lines.forEach((raw, i) => {
    const line = i + 1;
    const m = /^(\S+)[ \t]+([0-9]+|-)[ \t]+(.+)$/.exec(raw);
    if (!m) {
      problems.push({ line, message: `not a fetch line "url length filepath": ${JSON.stringify(raw.slice(0, 80))}` });
      return;
    }
    entries.push({ line, url: m[1]!, length: m[2]!, path: decodePath(m[3]!).path, written: m[3]! });
  });
  return { entries, problems };
}
