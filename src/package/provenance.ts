import { createHash } from 'node:crypto';
import type { Source } from '../parse/index.js';
import { diwanVersion } from '../paths.js';

/**
 * What an output says about the files it was made from and the tool that made it, beside what
 * the header says (identifier, version, date: xslt/common/metadata.xsl). The stylesheets cannot
 * hash bytes, so these are computed here and handed to them as parameters; everything the
 * colophon shows is then read off the one metadata record (d:record → EditionRecord.provenance).
 */
export interface Fixity {
  /** SHA-256 (hex) of the TEI file exactly as read: the copy published beside the editions has the same. */
  teiSha256: string;
  /** SHA-256 of the archival source (source.txt), when the edition keeps one. */
  sourceSha256: string | null;
  diwanVersion: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The fixity of an edition's inputs. `archival.sha256` is the hash of source.txt's bytes (loadEdition keeps it). */
export function fixityOf(source: Source, archival?: { text: string; sha256?: string }): Fixity {
  return {
    teiSha256: sha256Hex(source.bytes),
    // Without the bytes (an edition assembled in memory), the UTF-8 text is what the file would hold.
    sourceSha256: archival ? (archival.sha256 ?? sha256Hex(archival.text)) : null,
    diwanVersion: diwanVersion(),
  };
}

/** What a caller of toHtml, toText or metadataOf may say about provenance; the rest is computed. */
export interface ProvenanceOptions {
  /** Default: the TEI's hash from the Source, no source.txt. */
  fixity?: Fixity;
  /** The edition's slug: its identifier when the header gives none. */
  slug?: string;
}

/** The stylesheet parameters (declared in xslt/common/metadata.xsl) that carry provenance. */
export function provenanceParams(source: Source, opts: ProvenanceOptions = {}): Record<string, string> {
  const fixity = opts.fixity ?? fixityOf(source);
  const slug = opts.slug;
  return {
    'tei-sha256': fixity.teiSha256,
    'source-sha256': fixity.sourceSha256 ?? '',
    'diwan-version': fixity.diwanVersion,
    'edition-slug': slug ?? '',
  };
}
