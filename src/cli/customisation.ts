import { readFileSync } from 'node:fs';
import type { BuildOptions } from '../edition/build.js';
import { compileStylesheet } from '../transform/custom.js';
import { READINGS, readingOf, type EditorialOptions } from '../transform/editorial.js';
import { UsageError } from './io.js';

/**
 * --xslt, --text-xslt, --css, --reading and --page-breaks as build options: the stylesheets
 * compiled (cached), the CSS read, the editorial choices given to both editions.
 */
export async function customisation(values: {
  xslt?: string;
  'text-xslt'?: string;
  css?: string;
  reading?: string;
  'page-breaks'?: string;
}): Promise<Pick<BuildOptions, 'html' | 'text'>> {
  const editorial: EditorialOptions = {};
  if (values.reading !== undefined) {
    const reading = readingOf(values.reading);
    if (!reading) throw new UsageError(`--reading expects ${READINGS.join(' or ')}, got "${values.reading}"`);
    editorial.reading = reading;
  }
  if (values['page-breaks'] !== undefined) {
    const ed = values['page-breaks'].trim();
    if (!/^#?[\p{L}\p{N}_.:-]+$/u.test(ed)) throw new UsageError(`--page-breaks expects the @ed of a pb (an edition's id), got "${values['page-breaks']}"`);
    editorial.pageBreaks = ed;
  }
  const html: NonNullable<BuildOptions['html']> = { ...editorial };
  const text: NonNullable<BuildOptions['text']> = { ...editorial };
  if (values.xslt) html.stylesheet = await compileStylesheet(values.xslt);
  if (values['text-xslt']) text.stylesheet = await compileStylesheet(values['text-xslt']);
  if (values.css) {
    let css: string;
    try {
      css = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(values.css));
    } catch {
      throw new UsageError(`--css ${values.css} cannot be read as UTF-8 text`);
    }
    // The CSS goes into a <style> element: it must not be able to close it.
    if (/<\/style/i.test(css)) throw new UsageError(`--css ${values.css} contains "</style"; expected plain CSS`);
    html.css = css;
  }
  return { html, text };
}
