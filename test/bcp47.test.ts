import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dirOf, RTL_LANGUAGES, RTL_SCRIPTS } from '../src/transform/bcp47.js';

const xsl = readFileSync(join(resolve(import.meta.dirname, '..'), 'xslt', 'common', 'language.xsl'), 'utf8');
const listIn = (name: string) => {
  const m = new RegExp(`name="${name}"[^>]*select="([^"]*)"`).exec(xsl);
  return new Set([...(m?.[1] ?? '').matchAll(/'([a-z]+)'/g)].map((x) => x[1]));
};

describe('direction from BCP 47 tags', () => {
  it('uses the same lists as the XSLT', () => {
    expect(new Set(RTL_LANGUAGES)).toEqual(listIn('d:rtl-languages'));
    expect(new Set(RTL_SCRIPTS)).toEqual(listIn('d:rtl-scripts'));
  });

  it.each([
    ['ar', 'rtl'], ['ar-EG', 'rtl'], ['ar-Latn-x-ijmes', 'ltr'], ['ar-Latn', 'ltr'], ['tr-Arab', 'rtl'],
    ['en', 'ltr'], ['yi', 'rtl'], ['he', 'rtl'], ['syr', 'rtl'], ['fa-IR', 'rtl'], ['de', 'ltr'], ['x-private', 'ltr'],
  ])('%s is %s', (tag, dir) => {
    expect(dirOf(tag)).toBe(dir);
  });
});
