import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchema, validateRelaxNG, type RelaxNGSchema } from '../src/check/relaxng/index.js';
import { sourceFromText } from '../src/parse/index.js';
import { jingAvailable, runJing } from './helpers/jing.js';

/**
 * Recovery inside rejected elements: every independent error in one pass, as jing reports them.
 * a = (b = d), c; the cases put unknown and misplaced elements around valid and invalid content.
 */
const RNG = `<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="a">
  <element name="b"><element name="d"><empty/></element></element><element name="c"><text/></element>
</element></start></grammar>`;
const cases: [string, string, string[]][] = [
  ['unknown-then-next', '<a><x/><c/></a>', ['element "x" not allowed anywhere', 'element "c" not allowed yet']],
  ['unknown-only', '<a><x/></a>', ['element "x" not allowed anywhere', 'element "a" incomplete']],
  ['misplaced-known', '<a><c/></a>', ['element "c" not allowed yet']],
  [
    'inside-unknown',
    '<a><x y="1">text<b><q/></b><d z="1"/></x><b><d/></b><c/></a>',
    [
      'element "x" not allowed anywhere',
      'element "q" not allowed anywhere',
      'element "b" incomplete',
      'element "d" not allowed here',
      'attribute "z" not allowed on element "d"',
    ],
  ],
  ['extra-sibling', '<a><b><d/></b><c/><c/></a>', ['element "c" not allowed here']],
  ['inside-misplaced-known', '<a><b><d><q/></d></b><c/></a>', ['element "q" not allowed anywhere']],
  [
    'deep-unknown',
    '<a><b><d/></b><c/><x><y><b><d/><d/></b></y></x></a>',
    ['element "x" not allowed anywhere', 'element "b" not allowed here', 'element "d" not allowed here'],
  ],
];

const tmp = mkdtempSync(path.join(tmpdir(), 'diwan-recovery-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const rng = path.join(tmp, 's.rng');
writeFileSync(rng, RNG);
const file = (name: string) => path.join(tmp, `${name}.xml`);
for (const [name, xml] of cases) writeFileSync(file(name), xml);

describe('RELAX NG recovery: errors inside rejected elements are reported in one pass', () => {
  let schema: RelaxNGSchema;
  beforeAll(async () => {
    schema = await loadSchema(rng, { cacheDir: path.join(tmp, 'cache') });
  });

  for (const [name, xml, expected] of cases) {
    it(name, () => {
      const messages = validateRelaxNG(schema, sourceFromText(file(name), xml)).map((f) => f.message);
      expect(messages.map((m) => m.replace(/;.*$/, ''))).toEqual(expected);
      for (const m of messages) expect(m).not.toMatch(/\{"/);
    });
  }

  it.skipIf(!jingAvailable())('as many errors as jing in each case (jing present)', async () => {
    const jing = await runJing(
      rng,
      cases.map(([n]) => file(n)),
    );
    const rows = cases.map(([name, xml]) => [name, validateRelaxNG(schema, sourceFromText(file(name), xml)).length, jing.get(file(name))!.length] as const);
    console.log(rows.map((r) => `  ${r[0].padEnd(24)} diwan ${r[1]}  jing ${r[2]}`).join('\n'));
    for (const [name, ours, theirs] of rows) expect(ours, name).toBe(theirs);
  });
});
