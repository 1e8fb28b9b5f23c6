import { existsSync, readFileSync } from 'node:fs';
import type { Finding } from '../check/finding.js';
import { positionOf } from '../parse/position.js';
import { normalised } from '../tei/plain-source.js';
import { textPortion } from '../transform/text.js';

/**
 * Scholarly fidelity: when the edition keeps the archival source (`source.txt`), the text portion
 * of the plain-text edition must equal it character for character. Returns the first difference
 * as a finding, located in source.txt.
 */
export function fidelityCheck(textEditionText: string, sourceTxt: string, normalisations: readonly string[] = []): Finding | null {
  if (!existsSync(sourceTxt)) return null;
  return fidelityOf(textEditionText, { path: sourceTxt, text: readFileSync(sourceTxt, 'utf8') }, normalisations);
}

/**
 * The same check against a source already read. `normalisations` are those the edition's header
 * declares (the metadata record's): only they are applied to the source before comparing.
 */
export function fidelityOf(textEditionText: string, archival: { path: string; text: string }, normalisations: readonly string[] = []): Finding | null {
  const expected = normalised(archival.text, normalisations);
  let actual: string;
  try {
    actual = textPortion(textEditionText);
  } catch (err) {
    return { file: archival.path, line: 0, col: 0, severity: 'error', rule: 'fidelity', message: String((err as Error).message) };
  }
  if (actual === expected) return null;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  // With declared normalisations the position is one in the normalised source, and the message says so.
  const { line, col } = positionOf(expected, i);
  const show = (s: string) => JSON.stringify(s.slice(i, i + 24));
  return {
    file: archival.path,
    line,
    col,
    severity: 'error',
    rule: 'fidelity',
    message: `the edition's text differs from the source${normalisations.length ? ` (as normalised by ${normalisations.join(', ')})` : ''} here: source has ${show(expected)}, edition has ${show(actual)}`,
  };
}
