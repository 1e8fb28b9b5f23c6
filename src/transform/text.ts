import type { Source } from '../parse/index.js';
import { provenanceParams, type ProvenanceOptions } from '../package/provenance.js';
import { editorialParams, type EditorialOptions } from './editorial.js';
import { runStylesheet, type CompiledStylesheet, type StylesheetResult } from './saxon.js';

export interface TextOptions extends EditorialOptions {
  /** A project stylesheet to run instead of diwan's text.xsl (it imports diwan's). */
  stylesheet?: CompiledStylesheet;
  /** What the closing colophon states (default: the TEI's own hash, no source.txt). */
  provenance?: ProvenanceOptions;
  /** The suggested citations, one line each, for the title block (src/cite citePage textLines). */
  citeLines?: string[];
}

/** The plain-text edition (title block, text portion, notes, apparatus, registers) of a checked TEI document. */
export function toText(source: Source, opts: TextOptions = {}): StylesheetResult {
  return runStylesheet(opts.stylesheet ?? 'text', source, {
    params: { ...provenanceParams(source, opts.provenance), ...editorialParams(opts), 'cite-lines': opts.citeLines ?? [] },
  });
}

/**
 * The text portion of a plain-text edition: between the two rules of 72 "=", without the blank
 * line next to each. What follows the second rule (registers, and the colophon under its rule of
 * 72 "-") is never part of it: the closing rule is the last "=" rule after a blank line.
 */
export function textPortion(edition: string): string {
  const rule = '='.repeat(72);
  const start = edition.indexOf(`${rule}\n\n`);
  const end = edition.lastIndexOf(`\n\n${rule}`);
  if (start < 0 || end < start) throw new Error('not a diwan plain-text edition: the two "=" rules are missing');
  return edition.slice(start + rule.length + 2, end);
}
