// The rule of xslt/common/language.xsl, for the pages diwan writes without XSLT (the print
// page, the catalogue). test/bcp47.test.ts keeps the two lists identical.

/** Languages whose default script is right-to-left (2- and 3-letter codes). */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set([
  'ar',
  'ara',
  'fa',
  'fas',
  'per',
  'he',
  'heb',
  'iw',
  'yi',
  'yid',
  'ji',
  'syr',
  'syc',
  'arc',
  'ur',
  'urd',
  'ckb',
  'dv',
  'div',
  'ps',
  'pus',
  'sd',
  'snd',
  'ug',
  'uig',
  'arz',
  'apc',
  'ajp',
  'acm',
  'ary',
  'aeb',
  'arq',
  'ayl',
  'afb',
  'jrb',
  'prs',
  'pes',
  'bal',
  'mzn',
  'glk',
  'nqo',
  'sam',
  'mid',
  'rhg',
]);

/** ISO 15924 scripts written right to left (lower case). */
export const RTL_SCRIPTS: ReadonlySet<string> = new Set([
  'arab',
  'aran',
  'hebr',
  'syrc',
  'syre',
  'syrj',
  'syrn',
  'thaa',
  'nkoo',
  'adlm',
  'rohg',
  'mand',
  'samr',
  'mend',
  'avst',
  'phnx',
  'nbat',
  'palm',
  'hatr',
  'mani',
  'armi',
  'prti',
  'phli',
  'phlp',
  'sogd',
  'sogo',
  'yezi',
  'chrs',
  'elym',
  'khar',
  'lydi',
  'narb',
  'sarb',
  'orkh',
  'hung',
]);

/**
 * Direction of a BCP 47 tag: an explicit script subtag decides (ar-Latn is LTR), else the
 * primary language; private-use parts are ignored (ar-Latn-x-ijmes is LTR).
 */
export function dirOf(tag: string): 'rtl' | 'ltr' {
  const subtags = tag.trim().toLowerCase().split(/[-_]/);
  const x = subtags.indexOf('x');
  const before = x >= 0 ? subtags.slice(0, x) : subtags;
  const script = before.slice(1).find((s) => /^[a-z]{4}$/.test(s));
  if (script) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  return RTL_LANGUAGES.has(before[0] ?? '') ? 'rtl' : 'ltr';
}
