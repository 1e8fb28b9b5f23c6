import { readFileSync } from 'node:fs';
import type { BuildOptions } from '../edition/build.js';
import { compileStylesheet } from '../transform/custom.js';
import { UsageError } from './io.js';

/** --xslt, --text-xslt and --css as build options: the stylesheets compiled (cached), the CSS read. */
export async function customisation(values: { xslt?: string; 'text-xslt'?: string; css?: string }): Promise<Pick<BuildOptions, 'html' | 'text'>> {
  const html: NonNullable<BuildOptions['html']> = {};
  const text: NonNullable<BuildOptions['text']> = {};
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
