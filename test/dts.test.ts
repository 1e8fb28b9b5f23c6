import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citabilityOf } from '../src/cite/index.js';
import { plainText } from '../src/cite/dom.js';
import { editionDtsFiles, STATIC_SIBLINGS_MAX, StaticDts } from '../src/cite/dts/static.js';
import { dtsExtension } from '../src/cite/dts/server.js';
import { readSource, sourceFromText } from '../src/parse/index.js';
import { startServer, type RunningServer } from '../src/serve/server.js';
import { metadataOf } from '../src/transform/metadata.js';
import { dtsErrors } from './helpers/dts-schemas.js';
import { rawGet } from './helpers/serve.js';
import { expand } from './helpers/uri-template.js';

// DTS 1.0 over a site of three editions of different shapes: the seed (a news article, declared
// citation structure), a play from DraCor and a novel from ELTeC (derived trees). Level 0 as the
// build writes it, level 1 as diwan serve answers it over real HTTP on loopback; every JSON
// response checked against the JSON Schemas of test/fixtures/dts-schemas.
const repo = path.resolve(import.meta.dirname, '..');
const corpus = path.resolve(repo, '..', 'shared', 'corpus');
const EDITIONS = {
  'haftar-moscow-2016': path.join(repo, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml'),
  'emilia-galotti': path.join(corpus, 'dracor', 'gerdracor', 'lessing-emilia-galotti.xml'),
  'lyall-novel': path.join(corpus, 'eltec', 'eng', 'level1', 'ENG18872_Lyall.xml'),
};
const haveShared = existsSync(EDITIONS['emilia-galotti']) && existsSync(EDITIONS['lyall-novel']);
if (process.env.CI === 'true' && !haveShared) throw new Error('under CI=true: ../shared/corpus is required');

let out: string;
let server: RunningServer;
beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'diwan-dts-'));
  const dts = new StaticDts(out);
  for (const [slug, file] of Object.entries(EDITIONS)) {
    if (!existsSync(file)) continue;
    // What diwan build leaves in the site: OUT/<slug>/<slug>.xml, a copy of the TEI.
    mkdirSync(path.join(out, slug));
    copyFileSync(file, path.join(out, slug, `${slug}.xml`));
    const source = readSource(file);
    dts.add({ slug, record: metadataOf(source), trees: citabilityOf(source).trees }, source);
  }
  dts.finish();
  server = await startServer({ root: out, port: 0, extensions: [dtsExtension({ root: out })] });
}, 300_000);

afterAll(async () => {
  await server?.close();
  rmSync(out, { recursive: true, force: true });
});

const api = (pathAndQuery: string) => new URL(pathAndQuery, server.url).href;
async function getJson(pathAndQuery: string, status = 200): Promise<Record<string, unknown>> {
  const res = await fetch(api(pathAndQuery));
  expect(res.status, `${pathAndQuery}: ${res.status}`).toBe(status);
  expect(res.headers.get('content-type')).toMatch(status === 200 ? /^application\/ld\+json/ : /^application\/json/);
  return (await res.json()) as Record<string, unknown>;
}
const nav = (q: string) => getJson(`/api/dts/navigation/?${q}`);
const ids = (j: Record<string, unknown>) => (j.member as { identifier: string }[]).map((m) => m.identifier);
const seedText = (id: string) => {
  const s = sourceFromText('seed.xml', readFileSync(EDITIONS['haftar-moscow-2016'], 'utf8'));
  const [tree] = citabilityOf(s).trees;
  return plainText(s.tree.elements[tree!.units[tree!.byId.get(id)!]!.element]!);
};

describe('level 1 (diwan serve): entry and collection', () => {
  it('the entry point names the three endpoints by URI templates', async () => {
    const entry = await getJson('/api/dts/');
    expect(dtsErrors('entry', entry)).toEqual([]);
    expect(entry).toMatchObject({ '@type': 'EntryPoint', dtsVersion: '1.0', navigation: '/api/dts/navigation/{?resource,ref,start,end,down,tree,page}' });
  });

  it('the root collection lists every edition as a Resource; a Resource and its parents', async () => {
    const root = await getJson('/api/dts/collection/');
    expect(dtsErrors('collection', root)).toEqual([]);
    const members = root.member as { '@id': string; citationTrees: unknown[]; mediaTypes: string[] }[];
    expect(members.map((m) => m['@id'])).toEqual(
      Object.keys(EDITIONS)
        .filter((s) => existsSync(path.join(out, s)))
        .sort(),
    );
    expect(members[0]!.mediaTypes).toEqual(['application/tei+xml', 'text/html', 'text/plain']);
    const one = await getJson('/api/dts/collection/?id=haftar-moscow-2016');
    expect(dtsErrors('collection', one)).toEqual([]);
    expect(one).toMatchObject({ '@type': 'Resource', title: 'حفتر يجري مباحثات بموسكو والغويل يطالب بمحاكمته', totalParents: 1 });
    expect((one.citationTrees as { citeStructure: { citeType: string }[] }[])[0]!.citeStructure.map((c) => c.citeType)).toEqual([
      'headline',
      'caption',
      'paragraph',
      'source',
    ]);
    const parents = await getJson('/api/dts/collection/?id=haftar-moscow-2016&nav=parents');
    expect(dtsErrors('collection', parents)).toEqual([]);
    expect((parents.member as { '@id': string }[]).map((m) => m['@id'])).toEqual(['diwan']);
    await getJson('/api/dts/collection/?id=nothing-here', 404);
    await getJson('/api/dts/collection/?nav=sideways', 400);
  });
});

describe("level 1: navigation, every row of the specification's table", () => {
  const R = 'resource=haftar-moscow-2016';
  const all = ['head', 'fig1-en', 'fig1-ar', ...Array.from({ length: 10 }, (_, i) => `p${i + 1}`), 'source'];

  it.each([
    ['', 'no resource'],
    [R, 'no ref, start/end or down'],
    [`${R}&down=0`, 'down=0 without ref'],
    [`${R}&ref=p3&start=p2&end=p4`, 'ref with start and end'],
    [`${R}&ref=p3&end=p4`, 'ref with end'],
    [`${R}&start=p2`, 'start without end'],
    [`${R}&start=p2&end=p4&down=0`, 'down=0 with start and end'],
    [`${R}&down=x`, 'down not a number'],
    [`${R}&down=-2`, 'down below -1'],
    [`${R}&start=p4&end=p2&down=1`, 'start after end'],
  ])('400 for %s (%s)', async (q) => {
    const res = await fetch(api(`/api/dts/navigation/?${q}`));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(5);
  });

  it.each([
    [`resource=nothing&ref=p1`, 'unknown resource'],
    [`${R}&ref=p99`, 'unknown ref'],
    [`${R}&start=p1&end=p99&down=1`, 'unknown end'],
    [`${R}&ref=p1&tree=pages`, 'unknown tree'],
  ])('404 for %s (%s)', async (q) => {
    expect((await fetch(api(`/api/dts/navigation/?${q}`))).status).toBe(404);
  });

  it('ref alone, siblings (down=0), the tree (down=1, -1), a range with and without down', async () => {
    const ref = await nav(`${R}&ref=p3`);
    expect(dtsErrors('navigation', ref)).toEqual([]);
    expect(ref.ref).toEqual({ identifier: 'p3', '@type': 'CitableUnit', level: 1, parent: null, citeType: 'paragraph', dublinCore: { identifier: ['3'] } });
    expect(ref.member).toBeUndefined();
    expect(ref['@id']).toBe(api(`/api/dts/navigation/?${R}&ref=p3`));
    for (const q of [`${R}&ref=p3&down=0`, `${R}&down=1`, `${R}&down=-1`, `${R}&down=5`]) {
      const j = await nav(q);
      expect(dtsErrors('navigation', j), q).toEqual([]);
      expect(ids(j), q).toEqual(all);
    }
    const range = await nav(`${R}&start=p2&end=p4`);
    expect(dtsErrors('navigation', range)).toEqual([]);
    expect([(range.start as { identifier: string }).identifier, (range.end as { identifier: string }).identifier, range.member]).toEqual([
      'p2',
      'p4',
      undefined,
    ]);
    const ranged = await nav(`${R}&start=p2&end=p4&down=1`);
    expect(ids(ranged)).toEqual(['p2', 'p3', 'p4']);
    expect(ids(await nav(`${R}&ref=p3&down=1`))).toEqual(['p3']);
  });

  it.skipIf(!haveShared)('a play: acts, then scenes of one act, a range across acts, and ids with spaces and umlauts', async () => {
    const P = 'resource=emilia-galotti';
    const acts = await nav(`${P}&down=1`);
    expect(dtsErrors('navigation', acts)).toEqual([]);
    expect(ids(acts)).toEqual(['Erster Aufzug', 'Zweiter Aufzug', 'Dritter Aufzug', 'Vierter Aufzug', 'Fünfter Aufzug']);
    const first = await nav(`${P}&ref=${encodeURIComponent('Erster Aufzug')}&down=1`);
    expect(dtsErrors('navigation', first)).toEqual([]);
    expect(ids(first)).toHaveLength(9);
    expect((first.member as { parent: string | null; level: number }[]).slice(1).every((m) => m.parent === 'Erster Aufzug' && m.level === 2)).toBe(true);
    const across = await nav(
      `${P}&start=${encodeURIComponent('Erster Aufzug.Achter Auftritt')}&end=${encodeURIComponent('Zweiter Aufzug.Erster Auftritt')}&down=-1`,
    );
    expect(ids(across)).toEqual(['Erster Aufzug.Achter Auftritt', 'Zweiter Aufzug', 'Zweiter Aufzug.Erster Auftritt']);
    const whole = await nav(`${P}&down=-1`);
    expect(ids(whole)).toHaveLength(48);
    expect((whole.resource as { citationTrees: { description: string }[] }).citationTrees[0]!.description).toMatch(/derived/);
  });

  it.skipIf(!haveShared)('a novel: its chapters', async () => {
    const j = await nav('resource=lyall-novel&down=-1');
    expect(dtsErrors('navigation', j)).toEqual([]);
    expect(ids(j)).toHaveLength(8);
    expect((j.member as { citeType: string; dublinCore: { title: { value: string }[] } }[])[0]).toMatchObject({
      citeType: 'chapter',
      dublinCore: { title: [{ value: 'MY FIRST STAGE' }] },
    });
  });
});

describe('level 1: document', () => {
  const R = 'resource=haftar-moscow-2016';
  const get = async (q: string, status = 200) => {
    const res = await fetch(api(`/api/dts/document/?${q}`));
    expect(res.status, q).toBe(status);
    return res;
  };

  it('a paragraph as well-formed TEI: the header and a dts:wrapper holding the paragraph as it stands in the source', async () => {
    const res = await get(`${R}&ref=p3`);
    expect(res.headers.get('content-type')).toBe('application/tei+xml; charset=utf-8');
    expect(res.headers.get('link')).toBe('</api/dts/collection/?id=haftar-moscow-2016>; rel="collection"');
    const xml = await res.text();
    const doc = sourceFromText('answer.xml', xml); // throws unless well-formed, namespace-well-formed XML
    const root = doc.tree.doc.documentElement!;
    expect([root.namespaceURI, root.localName]).toEqual(['http://www.tei-c.org/ns/1.0', 'TEI']);
    const wrapper = doc.tree.byName.get('{https://w3id.org/api/dts#}wrapper')!;
    expect(wrapper).toHaveLength(1);
    const ps = doc.tree.byName.get('{http://www.tei-c.org/ns/1.0}p')!.filter((p) => p.parentNode === wrapper[0]);
    expect(ps).toHaveLength(1);
    expect(plainText(ps[0]!)).toBe(seedText('p3'));
    expect(doc.tree.byName.get('{http://www.tei-c.org/ns/1.0}teiHeader')).toHaveLength(1);
  });

  it('a range, the whole resource byte for byte, HTML and plain text, and 404 for a media type it has not', async () => {
    const range = sourceFromText('r.xml', await (await get(`${R}&start=p2&end=p4`)).text());
    const wrapped = range.tree.byName.get('{http://www.tei-c.org/ns/1.0}p')!.filter((p) => p.parentNode?.localName === 'wrapper');
    expect(wrapped.map((p) => p.attributes && Array.from(p.attributes).find((a) => a.name === 'xml:id')?.value)).toEqual(['p2', 'p3', 'p4']);
    expect(await (await get(R)).text()).toBe(readFileSync(EDITIONS['haftar-moscow-2016'], 'utf8'));
    const text = await (await get(`${R}&ref=p3&mediaType=text/plain`)).text();
    expect(text).toBe(`${seedText('p3').replace(/\u00A0/g, '\u00A0')}\n`);
    const html = await get(`${R}&ref=p3&mediaType=text/html`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toMatch(/<p id="p3"[^>]*>/);
    await get(`${R}&ref=p3&mediaType=application/pdf`, 404);
    await get(`${R}&ref=p99`, 404);
    await get(`${R}&ref=p3&start=p1&end=p2`, 400);
    await get('ref=p3', 400);
  });

  it.skipIf(!haveShared)('a scene of the play and a chapter of the novel', async () => {
    const scene = sourceFromText('s.xml', await (await get(`resource=emilia-galotti&ref=${encodeURIComponent('Zweiter Aufzug.Erster Auftritt')}`)).text());
    const divs = scene.tree.byName.get('{http://www.tei-c.org/ns/1.0}div')!;
    expect(divs).toHaveLength(1);
    expect(plainText(divs[0]!)).toMatch(/^Erster Auftritt/);
    const chapter = sourceFromText('c.xml', await (await get(`resource=lyall-novel&ref=${encodeURIComponent('MY SECOND STAGE')}`)).text());
    expect(chapter.tree.byName.get('{http://www.tei-c.org/ns/1.0}div')).toHaveLength(1);
  });
});

describe("level 0 (the build's static files)", () => {
  const dtsDir = () => path.join(out, '_dts');
  const readJson = (rel: string) => JSON.parse(readFileSync(path.join(dtsDir(), rel), 'utf8')) as Record<string, unknown>;

  it('every JSON file passes the schemas, and a client following the templates finds its files', async () => {
    const entry = readJson('index.json');
    expect(dtsErrors('entry', entry)).toEqual([]);
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const f = path.join(d, n);
        if (statSync(f).isDirectory()) walk(f);
        else files.push(path.relative(dtsDir(), f));
      }
    };
    walk(dtsDir());
    for (const f of files.filter((x) => x.endsWith('.json'))) {
      const kind = f === 'index.json' ? 'entry' : f.startsWith('navigation') ? 'navigation' : 'collection';
      expect(dtsErrors(kind, readJson(f)), f).toEqual([]);
    }
    for (const f of files.filter((x) => x.endsWith('.xml'))) expect(() => sourceFromText(f, readFileSync(path.join(dtsDir(), f), 'utf8')), f).not.toThrow();
    // Served as the site: the expanded templates answer over HTTP.
    const base = api('/_dts/index.json');
    const follow = async (template: string, vars: Record<string, string | number | undefined>) => {
      const res = await fetch(new URL(expand(template, vars), base));
      expect(res.status, expand(template, vars)).toBe(200);
      return res;
    };
    const root = (await (await follow(entry.collection as string, {})).json()) as { member: { '@id': string; navigation: string; document: string }[] };
    const seed = root.member.find((m) => m['@id'] === 'haftar-moscow-2016')!;
    const p3 = (await (await follow(seed.navigation, { ref: 'p3' })).json()) as Record<string, unknown>;
    expect((p3.ref as { identifier: string }).identifier).toBe('p3');
    expect(ids((await (await follow(seed.navigation, { down: 1 })).json()) as Record<string, unknown>)).toHaveLength(14);
    expect(await (await follow(seed.document, { ref: 'p3' })).text()).toContain('xml:id="p3"');
    if (haveShared) {
      const play = root.member.find((m) => m['@id'] === 'emilia-galotti')!;
      const act = (await (await follow(play.navigation, { ref: 'Erster Aufzug', down: 1 })).json()) as Record<string, unknown>;
      expect(ids(act)).toHaveLength(9);
      expect(await (await follow(play.document, { ref: 'Fünfter Aufzug.Achter Auftritt' })).text()).toContain('<div type="scene">');
    }
  });

  it('names the same units as the level-1 API', async () => {
    const stat = readJson(path.join('navigation', 'haftar-moscow-2016;down=-1.json'));
    const live = await nav('resource=haftar-moscow-2016&down=-1');
    expect(stat.member).toEqual(live.member);
  });

  it("writes a unit's siblings (;down=0) as served, and leaves a group over STATIC_SIBLINGS_MAX to diwan serve (n² otherwise)", async () => {
    const stat = readJson(path.join('navigation', 'haftar-moscow-2016', 'p3;down=0.json'));
    expect(stat.member).toEqual((await nav('resource=haftar-moscow-2016&ref=p3&down=0')).member);
    const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => `<p xml:id="q${i + 1}" n="${i + 1}">Paragraph ${i + 1}.</p>`).join('');
    const files = (n: number) => {
      const xml = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Flat</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body>${paragraphs(n)}</body></text></TEI>`;
      const source = sourceFromText('flat.xml', xml);
      return editionDtsFiles({ slug: 'flat', record: metadataOf(source), trees: citabilityOf(source).trees }, source).files;
    };
    const small = files(STATIC_SIBLINGS_MAX);
    const siblingFile = (fs: { rel: string }[], ref: string) => fs.some((f) => f.rel === path.join('navigation', 'flat', `${ref};down=0.json`));
    expect(siblingFile(small, 'q1')).toBe(true);
    const large = files(4 * STATIC_SIBLINGS_MAX);
    expect(siblingFile(large, 'q1')).toBe(false);
    expect(large.some((f) => f.rel === path.join('navigation', 'flat', 'q1.json'))).toBe(true);
    // Linear: four times the units, about four times the bytes (quadratic would be sixteen).
    const bytes = (fs: { data: string | Uint8Array }[]) => fs.reduce((t, f) => t + f.data.length, 0);
    expect(bytes(large) / bytes(small)).toBeLessThan(6);
  });
});

describe('level 1 hardening', () => {
  it.each([
    ['/api/dts/navigation/?resource=..%2F..%2Fetc%2Fpasswd&ref=p1', 404],
    ['/api/dts/document/?resource=../haftar-moscow-2016&ref=p1', 404],
    ['/api/dts/document/?resource=haftar-moscow-2016/../haftar-moscow-2016', 404],
    ['/api/dts/navigation/?resource=haftar-moscow-2016&ref=%zz', 400],
    ['/api/dts/navigation/?resource=haftar-moscow-2016&ref=p1%00', 400],
    [`/api/dts/navigation/?resource=haftar-moscow-2016&ref=${'x'.repeat(600)}`, 400],
    [`/api/dts/navigation/?resource=haftar-moscow-2016&down=1&tree=${'y'.repeat(500)}&ref=${'x'.repeat(1600)}`, 400],
    ['/api/dts/navigation/?resource=haftar-moscow-2016&ref=p1&ref=p2', 400],
    ['/api/dts/navigation/?resource=haftar-moscow-2016&ref=p1&callback=alert', 400],
    ['/api/dts/collection/?page=0', 400],
    ['/api/dts/collection/?page=2', 404],
    ['/api/dts/nothing', 404],
    ['/api/dts/?x=1', 400],
  ])('%s → %i, with a JSON message and the safe headers', async (p, status) => {
    const res = await rawGet(server.port, p);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body).error.status).toBe(status);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    // The value may be echoed (JSON-escaped) in the message; no file content, no stack trace.
    expect(res.body).not.toMatch(/root:[x*]?:|    at /);
  });

  it('answers only GET and HEAD, and only to its own Host', async () => {
    expect((await rawGet(server.port, '/api/dts/', { method: 'POST' })).status).toBe(405);
    expect((await rawGet(server.port, '/api/dts/', { method: 'DELETE' })).status).toBe(405);
    const head = await rawGet(server.port, '/api/dts/collection/', { method: 'HEAD' });
    expect([head.status, head.body, head.headers['content-type']]).toEqual([200, '', 'application/ld+json; charset=utf-8']);
    expect((await rawGet(server.port, '/api/dts/', { host: 'evil.example:80' })).status).toBe(403);
  });
});
