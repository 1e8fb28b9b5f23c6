import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSchema, validateRelaxNG, type RelaxNGSchema } from '../src/check/relaxng/index.js';
import { jingAvailable, runJing, type JingMessage } from './helpers/jing.js';
import type { Finding } from '../src/check/finding.js';
import { parsed } from './helpers/doc.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const teiAll = path.join(shared, 'tei', 'tei_all.rng');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'relaxng');
const cacheDir = path.join(tmpdir(), 'diwan-test-rng-cache');

const broken = [
  'missing-publicationStmt.xml',
  'bad-status.xml',
  'bad-element.xml',
  'bad-date.xml',
  'text-not-allowed.xml',
  'duplicate-id.xml',
  'missing-attribute.xml',
];

/** Quoted names and values in a message; jing writes foreign prefixes as ns:, we as the document or a known prefix. */
function quoted(message: string): string[] {
  return [...message.matchAll(/"([^"]*)"/g)].map((m) => m[1]!).filter((q) => !q.startsWith('http'));
}

describe.skipIf(!existsSync(teiAll))(`RELAX NG messages on broken TEI${existsSync(teiAll) ? '' : ' (skipped: ../shared is absent)'}`, () => {
  let schema: RelaxNGSchema;
  const ours = new Map<string, Finding[]>();
  beforeAll(async () => {
    schema = await loadSchema(teiAll, { cacheDir });
    for (const f of [...broken, 'valid-minimal.xml']) {
      const file = path.join(fixtures, f);
      ours.set(f, validateRelaxNG(schema, parsed(file, readFileSync(file, 'utf8'))));
    }
  }, 300_000);

  it('accepts the valid fixture', () => {
    expect(ours.get('valid-minimal.xml')).toEqual([]);
  });

  it('names the missing required element', () => {
    const f = ours.get('missing-publicationStmt.xml')!;
    // One error, as jing gives: the sourceDesc that came too early, at its start tag (line 8
    // column 7), naming what is missing before it; fileDesc is not also called incomplete.
    expect(f.map((x) => x.message)).toEqual(['element "sourceDesc" not allowed yet; expected one of "editionStmt", "extent", "publicationStmt" first']);
    expect(f[0]).toMatchObject({ line: 8, col: 7, rule: 'relaxng', severity: 'error' });
  });

  it('lists the allowed values of an enumerated attribute', () => {
    const [f] = ours.get('bad-status.xml')!;
    expect(f).toMatchObject({ line: 10, col: 23 });
    expect(f!.message).toContain('value of attribute "status"');
    expect(f!.message).toContain('"free", "restricted" or "unknown"');
  });

  it('names the datatype expected for a typed attribute', () => {
    const f = ours.get('bad-date.xml')!;
    expect(f[0]!.message).toMatch(/value of attribute "when" .*must be .*an xsd:date/);
    expect(f.find((x) => x.message.includes('"bogus"'))!.message).toMatch(/not allowed .*"xml:id"/);
    expect(f.find((x) => x.message.startsWith('value of attribute "xml:lang"'))!.message).toContain('an xsd:language');
  });

  it('tells unknown elements from misplaced ones, with the prefix the document uses', () => {
    const f = ours.get('bad-element.xml')!;
    expect(f[0]).toMatchObject({ line: 14, col: 7 });
    expect(f[0]!.message).toMatch(/^element "para" not allowed anywhere; expected one of .*"p"/);
    expect(f[1]!.message).toMatch(/^element "foo:bar" not allowed anywhere; expected the end of "p", text or one of/);
  });

  it('reports a duplicate xml:id once, at the second occurrence, naming the first', () => {
    const f = ours.get('duplicate-id.xml')!;
    expect(f.map((x) => [x.line, x.col])).toEqual([[15, 10]]);
    expect(f[0]!.message).toBe('ID "p1" has already been defined (first occurrence at 14:10)');
  });

  it('names a missing required attribute', () => {
    expect(ours.get('missing-attribute.xml')!.map((x) => x.message)).toEqual(['element "prefixDef" missing required attribute "replacementPattern"']);
  });

  it('reports text where only elements may stand', () => {
    const [f] = ours.get('text-not-allowed.xml')!;
    expect(f).toMatchObject({ line: 14, col: 7 });
    expect(f!.message).toMatch(/^text not allowed here; expected one of .*"p"/);
  });

  describe.skipIf(!jingAvailable())('at least as informative as jing', () => {
    let jing: Map<string, JingMessage[]>;
    beforeAll(async () => {
      jing = await runJing(
        teiAll,
        broken.map((f) => path.join(fixtures, f)),
      );
    }, 300_000);

    for (const f of broken) {
      it(f, () => {
        const theirs = jing.get(path.join(fixtures, f))!;
        const mine = ours.get(f)!;
        expect(theirs.length).toBeGreaterThan(0);
        expect(mine.length).toBeGreaterThan(0);
        // jing also reports the first occurrence of a duplicate ID as an error; diwan names it in the
        // one error at the second occurrence instead (one finding per problem).
        const firstOccurrences = theirs.filter((m) => /first occurrence of ID/.test(m.message));
        for (const m of firstOccurrences) {
          const id = /ID "([^"]+)"/.exec(m.message)?.[1];
          expect(
            mine.some((x) => x.message.includes(`ID "${id}" has already been defined (first occurrence at ${m.line}:`)),
            `${f}:${m.line}: ${m.message}`,
          ).toBe(true);
        }
        for (const m of theirs.filter((x) => !firstOccurrences.includes(x))) {
          // Same line (jing points at the end of the start tag, we at its start: same line here).
          const sameLine = mine.filter((x) => x.line === m.line);
          expect(sameLine.length, `${f}:${m.line}: ${m.message}`).toBeGreaterThan(0);
          const ourText = sameLine.map((x) => x.message).join('\n');
          for (const q of quoted(m.message)) {
            const local = q.replace(/^ns:/, '');
            expect(ourText.includes(`"${q}"`) || ourText.includes(`:${local}"`), `jing names "${q}" in: ${m.message}`).toBe(true);
          }
        }
      });
    }
  });
});
