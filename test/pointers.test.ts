import { describe, expect, it } from 'vitest';
import { Validator } from '../src/check/validate.js';
import { sourceFromText } from '../src/parse/index.js';
import { prefixExpansions, xpathToRe2 } from '../src/tei/pointers.js';
import { htmlOf } from './helpers/doc.js';

const TEI = 'http://www.tei-c.org/ns/1.0';
const doc = (defs: string, body: string) =>
  `<TEI xmlns="${TEI}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc><encodingDesc><listPrefixDef>${defs}</listPrefixDef></encodingDesc></teiHeader><text><body><p>${body}</p></body></text></TEI>`;
const wd = '<prefixDef ident="wd" matchPattern="(Q\\d+)" replacementPattern="https://www.wikidata.org/wiki/$1"/>';

describe('prefixDef expansion in linear time (src/tei/pointers.ts)', () => {
  it('expands pointers that fit the whole pattern, with $N groups and \\$ escapes', () => {
    const s = sourceFromText(
      'a.xml',
      doc(`${wd}<prefixDef ident="p" matchPattern="([a-z]+)-(\\d+)" replacementPattern="#$2\\$$1"/>`, '<persName ref="wd:Q649 p:ab-12 wd:x">n</persName>'),
    );
    const { expansions, findings } = prefixExpansions(s);
    expect(expansions).toEqual({ 'wd:Q649': 'https://www.wikidata.org/wiki/Q649', 'p:ab-12': '#12$ab' });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/wd:x use the prefix "wd" but do not match its @matchPattern/);
  });

  it('XPath classes keep their Unicode meaning: \\d matches Arabic-Indic digits', () => {
    const s = sourceFromText('a.xml', doc(wd, '<persName ref="wd:Q٦٤٩">n</persName>'));
    expect(Object.keys(prefixExpansions(s).expansions)).toEqual(['wd:Q٦٤٩']);
  });

  it('a catastrophic pattern against a long pointer finishes (RE2 does not backtrack)', () => {
    const s = sourceFromText(
      'a.xml',
      doc('<prefixDef ident="x" matchPattern="(a+)+$" replacementPattern="#$1"/>', `<persName ref="x:${'a'.repeat(5000)}b">n</persName>`),
    );
    const { expansions, findings } = prefixExpansions(s);
    expect(expansions).toEqual({});
    expect(findings[0]!.rule).toBe('prefixDef');
  });

  it('refuses what RE2 cannot express, with the reason', () => {
    expect(() => xpathToRe2('(a)\\1')).toThrow(/back-references/);
    expect(() => xpathToRe2('[a-z-[aeiou]]')).toThrow(/subtraction/);
    expect(() => xpathToRe2('\\p{IsArabic}+')).toThrow(/block escape/);
    expect(xpathToRe2('[\\d\\w]+')).toBe('[\\p{Nd}\\p{L}\\p{M}\\p{N}\\p{S}]+');
  });

  it('the validator reports misfits as located warnings, and the HTML links expansions', async () => {
    const xml = doc(wd, '<rs ref="wd:abc">x</rs> <ref target="wd:Q1">y</ref>');
    const report = await new Validator({ defaults: false }).validate(sourceFromText('a.xml', xml));
    expect(report.findings.filter((f) => f.rule === 'prefixDef').map((f) => [f.line, f.severity])).toEqual([[1, 'warning']]);
    expect(htmlOf(xml)).toContain('href="https://www.wikidata.org/wiki/Q1"');
  });
});
