import type { Source } from '../parse/index.js';
import { provenanceParams, type ProvenanceOptions } from '../package/provenance.js';
import { runStylesheet } from './saxon.js';

/** A piece of a citation: titles carry their language so renderers can isolate them. */
export interface CitePiece {
  text: string;
  lang?: string | null;
  url?: string | null;
}

/**
 * The metadata record of an edition, made by xslt/common/metadata.xsl (d:record) from the TEI
 * header: the one description that the HTML and text editions, the PDF, the catalogue and every
 * export read. Absent values are null.
 */
export interface EditionRecord {
  title: { text: string; lang: string; dir: 'ltr' | 'rtl' };
  titles: { text: string; lang: string; type: string; level: string }[];
  authors: string[];
  editors: string[];
  contributors: { role: string; names: string[] }[];
  /** Authors and editors (or, failing them, the responsible people) in one line. */
  creator: string;
  publisher: string | null;
  /** yyyy-mm-dd: the publication date, else the latest change; null when the header has neither. */
  date: string | null;
  /** The publication date as the header words it. */
  dateText: string | null;
  licence: { text: string | null; url: string | null };
  identifiers: { type: string; value: string }[];
  /** The edition's own web address, when the header gives one. */
  url: string | null;
  /** BCP 47 tag of the main language, and its direction. */
  lang: string;
  dir: 'ltr' | 'rtl';
  languages: { ident: string; name: string }[];
  keywords: string[];
  sources: {
    type: string;
    text: string;
    parts: { label: string; kind: string; text: string | null; url: string | null }[];
    /** The source's own titles (main, translated, container), for citing it. */
    titles: { text: string; lang: string; level: string; type: string }[];
    authors: string[];
    /** yyyy-mm-dd of its first date. */
    date: string | null;
    url: string | null;
  }[];
  citation: { text: string; segments: CitePiece[][] };
  /** The first paragraph anchor, to show how a paragraph is cited. */
  anchor: string | null;
  /** What every output states about itself (the colophon): see src/package/provenance.ts. */
  provenance: Provenance;
  /** The normalisations of the source the header declares for diwan (`normalization/@n` tokens such as `diwan:line-ends`). */
  normalisations: string[];
}

export interface Provenance {
  /** The edition's identifier: the header's first idno that is not a URL, else its address, else the slug. */
  id: string | null;
  /** editionStmt/edition/@n (or editionStmt/@n). */
  version: string | null;
  /** The edition statement as worded. */
  statement: string | null;
  /** The edition's date (the record's date): never the day of the build. */
  date: string | null;
  teiSha256: string | null;
  sourceSha256: string | null;
  diwan: string | null;
}

/** The record of one parsed document (provenance: the TEI's own hash unless told more). */
export function metadataOf(source: Source, provenance?: ProvenanceOptions): EditionRecord {
  return JSON.parse(runStylesheet('metadata', source, { params: provenanceParams(source, provenance) }).output) as EditionRecord;
}
