/**
 * The editorial choices both editions take as stylesheet parameters (xslt/common/editorial.xsl):
 * which reading of a `choice` the text shows, and which source edition's page breaks.
 */
export type Reading = 'diplomatic' | 'normalised';

export interface EditorialOptions {
  /** `diplomatic` (default: sic, orig, abbr, as the source shows) or `normalised` (corr, reg, expan). */
  reading?: Reading;
  /** The `pb/@ed` whose page breaks are shown (default: those without @ed, else the edition declared first). */
  pageBreaks?: string;
}

export const READINGS: readonly Reading[] = ['diplomatic', 'normalised'];

/** A reading named by a user ("normalized" too); undefined when it is none of them. */
export function readingOf(value: string): Reading | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'diplomatic') return 'diplomatic';
  if (v === 'normalised' || v === 'normalized') return 'normalised';
  return undefined;
}

export function editorialParams(opts: EditorialOptions): Record<string, string> {
  return { reading: opts.reading ?? 'diplomatic', 'page-breaks': opts.pageBreaks ?? '' };
}
