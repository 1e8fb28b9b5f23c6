import type { Source } from '../parse/index.js';
import { runStylesheet, type CompiledStylesheet, type StylesheetResult } from './saxon.js';

export interface TextOptions {
  /** A project stylesheet to run instead of diwan's text.xsl (it imports diwan's). */
  stylesheet?: CompiledStylesheet;
}

/** The plain-text edition (title block, text portion, registers) of a checked TEI document. */
export function toText(source: Source, opts: TextOptions = {}): StylesheetResult {
  return runStylesheet(opts.stylesheet ?? 'text', source);
}

/** The text portion of a plain-text edition: between the two rules of 72 "=", without the blank line next to each. */
export function textPortion(edition: string): string {
  const rule = '='.repeat(72);
  const start = edition.indexOf(`${rule}\n\n`);
  const end = edition.lastIndexOf(`\n\n${rule}`);
  if (start < 0 || end < start) throw new Error('not a diwan plain-text edition: the two "=" rules are missing');
  return edition.slice(start + rule.length + 2, end);
}
