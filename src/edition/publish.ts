import { existsSync, readFileSync } from 'node:fs';
import type { Finding } from '../check/finding.js';
import type { Source } from '../parse/index.js';
import type { Paper, PrintSession } from '../print/index.js';
import { toHtml, type HtmlOptions } from '../transform/html.js';
import { textPortion, toText } from '../transform/text.js';
import { positionOf } from '../parse/errors.js';

/** The three editions of one TEI document, produced in memory before anything is written. */
export interface Editions {
  html: string;
  text: string;
  pdf?: Uint8Array;
}

export function htmlEdition(source: Source, downloads?: HtmlOptions['downloads']): string {
  return toHtml(source.text, { downloads });
}

export function textEdition(source: Source): string {
  return toText(source.text);
}

export async function pdfEdition(source: Source, html: string, session: PrintSession, paper: Paper = 'A4'): Promise<Uint8Array> {
  // Loaded here, not at the top: the print module pulls in Chromium's driver.
  const { pdfMetaFromTei } = await import('../print/index.js');
  return session.print(html, { paper, meta: pdfMetaFromTei(source.text) });
}

/**
 * Scholarly fidelity: when the edition folder keeps the archival source (`source.txt`), the
 * text portion of the plain-text edition must equal it character for character. Returns the
 * first difference as a finding, located in source.txt.
 */
export function fidelityCheck(textEditionText: string, sourceTxt: string): Finding | null {
  if (!existsSync(sourceTxt)) return null;
  const expected = readFileSync(sourceTxt, 'utf8');
  let actual: string;
  try {
    actual = textPortion(textEditionText);
  } catch (err) {
    return { file: sourceTxt, line: 0, col: 0, severity: 'error', rule: 'fidelity', message: String((err as Error).message) };
  }
  if (actual === expected) return null;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  const { line, col } = positionOf(expected, i);
  const show = (s: string) => JSON.stringify(s.slice(i, i + 24));
  return {
    file: sourceTxt,
    line,
    col,
    severity: 'error',
    rule: 'fidelity',
    message: `the edition's text differs from the source here: source has ${show(expected)}, edition has ${show(actual)}`,
  };
}
