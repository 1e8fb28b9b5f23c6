import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CslItem } from '../src/cite/csl.js';
import { formatItem, type Locator } from '../src/cite/format.js';

// The citation formatter's two speed-ups (src/cite/format.ts): citeproc-js's macro lookup answered
// from an index, and formatted citations kept in the cache folder. Neither may change a citation.

const root = resolve(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'diwan-cite-format-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const items: [CslItem, Locator | null][] = [
  [
    {
      id: 'ed',
      type: 'webpage',
      title: 'حفتر يبحث في موسكو [Haftar holds talks in Moscow]',
      editor: [{ literal: 'diwan project' }, { family: 'Dridi', given: 'Amina' }],
      'container-title': 'Al Jazeera',
      issued: { 'date-parts': [[2016, 6, 27]] },
      accessed: { 'date-parts': [[2026, 11, 29]] },
      URL: 'https://example.org/haftar',
    } as CslItem,
    null,
  ],
  [
    {
      id: 'b',
      type: 'book',
      title: 'Die letzten Tage der Menschheit',
      author: [{ family: 'Kraus', given: 'Karl' }],
      publisher: 'Die Fackel',
      'publisher-place': 'Wien',
      issued: { 'date-parts': [[1922]] },
    } as CslItem,
    { label: 'scene', value: '4' },
  ],
  [
    {
      id: 'a',
      type: 'article-newspaper',
      title: 'A caption',
      author: [{ literal: 'Reuters' }],
      'container-title': 'Al Jazeera',
      issued: { 'date-parts': [[2016, 11, 29]] },
    } as CslItem,
    { label: 'paragraph', value: '3' },
  ],
  [
    {
      id: 'l',
      type: 'manuscript',
      title: 'Brief an Richard Beer-Hofmann',
      author: [{ family: 'Schnitzler', given: 'Arthur' }],
      issued: { 'date-parts': [[1895, 6, 7]] },
    } as CslItem,
    { label: 'line', value: '12' },
  ],
];

/** The four items formatted by the built library in a fresh process, with or without the macro index, nothing cached. */
function formatInChild(plain: boolean): string {
  const script = `import { formatItem } from ${JSON.stringify(join(root, 'lib', 'cite', 'format.js'))};
const items = ${JSON.stringify(items)};
process.stdout.write(JSON.stringify(items.map(([item, locator]) => formatItem(item, locator ?? undefined, { cacheDir: false }))));`;
  const env = { ...process.env, DIWAN_CITEPROC_PLAIN: plain ? '1' : '' };
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env, timeout: 240_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('citation formatting', () => {
  it("gives exactly citeproc-js's citations with its macro lookup indexed (Chicago, MLA, APA; four kinds of item, with locators)", () => {
    const indexed = formatInChild(false);
    const plain = formatInChild(true);
    expect(JSON.parse(indexed)).toHaveLength(items.length);
    expect(indexed).toContain('Kraus');
    expect(indexed).toBe(plain);
  }, 300_000);

  it('keeps formatted citations in the cache folder and reads them back; an unreadable entry is formatted again', () => {
    const cacheDir = join(tmp, 'cache');
    const [item, locator] = items[2]!;
    const first = formatItem(item, locator ?? undefined, { cacheDir });
    const files = readdirSync(join(cacheDir, 'cite'));
    expect(files).toHaveLength(1);
    const file = join(cacheDir, 'cite', files[0]!);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
    // What is kept is what is returned: a marker written into the entry comes back.
    const marked = first.map((f) => ({ ...f, label: `${f.label} (kept)` }));
    writeFileSync(file, JSON.stringify(marked));
    expect(formatItem(item, locator ?? undefined, { cacheDir }).map((f) => f.label)).toEqual(['Chicago (kept)', 'MLA (kept)', 'APA (kept)']);
    // Another locator is another entry.
    formatItem(item, { label: 'paragraph', value: '4' }, { cacheDir });
    expect(readdirSync(join(cacheDir, 'cite'))).toHaveLength(2);
    writeFileSync(file, '{"half');
    expect(formatItem(item, locator ?? undefined, { cacheDir })).toEqual(first);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
    expect(readdirSync(join(cacheDir, 'cite')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);
});
