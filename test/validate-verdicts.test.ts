import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '../src/check/validate.js';
import { needsShared } from './helpers/needs-shared.js';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'diwan.js');
const shared = resolve(root, '..', 'shared');
const teiAll = join(shared, 'tei', 'tei_all.rng');
const namesDemo = join(shared, 'corpus', 'tei-p5-testsuite', 'Test', 'names-demo-en.xml');
const tmp = mkdtempSync(join(tmpdir(), 'diwan-verdicts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function diwan(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
/** Like diwan(), without blocking this process: the loopback server must answer the child's requests. */
function diwanAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: tmp, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => done({ code, out }));
  });
}
function write(name: string, content: string): string {
  const p = join(tmp, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, content);
  return p;
}
const RNG =
  '<element name="doc" xmlns="http://relaxng.org/ns/structure/1.0"><attribute name="status"><choice><value>free</value><value>unknown</value></choice></attribute><text/></element>';
const model = (href: string) => `<?xml-model href="${href}" schematypens="http://relaxng.org/ns/structure/1.0"?>\n`;

describe('--tei-all means TEI conformance, and every finding names its schema', () => {
  it("a document without xml-model gets tei_all (grammar and embedded rules) only, not diwan's own schema", (ctx) => {
    needsShared(ctx, [teiAll, namesDemo]);
    const r = diwan(['validate', '--json', namesDemo, '--tei-all', teiAll]);
    const report = JSON.parse(r.out);
    expect(report.files[0].schemas).toEqual([teiAll]);
    const errors = report.findings.filter((f: { severity: string }) => f.severity === 'error');
    // jing reports one error here (the root element); diwan may add "document incomplete" but nothing from diwan.rng.
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThanOrEqual(2);
    for (const f of report.findings) expect(f.schema).toMatch(/tei_all\.rng(#schematron)?$/);
    expect(report.findings.some((f: { schema: string }) => /diwan\.(rng|sch)/.test(f.schema))).toBe(false);
  });

  it('the schema is named in the text form too', () => {
    const rng = write('named/tiny.rng', RNG);
    const r = diwan(['validate', '--schema', rng, write('named/ko.xml', '<doc status="open">x</doc>')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/ko\.xml:1:6: error: value of attribute "status" on element "doc" is invalid.* \[named\/tiny\.rng\]$/m);
  });
});

describe('exit codes', () => {
  it('2 for a missing --schema file and for a schema that does not compile; 1 stays for invalid documents', () => {
    const doc = write('codes/doc.xml', '<doc status="free">x</doc>');
    const missing = diwan(['validate', '--schema', join(tmp, 'codes', 'nope.rng'), doc]);
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/cannot use schema .*nope\.rng/);
    const broken = diwan(['validate', '--schema', write('codes/broken.rng', '<element xmlns="http://relaxng.org/ns/structure/1.0"><bogus/></element>'), doc]);
    expect(broken.code).toBe(2);
    const xmlModelMissing = diwan(['validate', write('codes/m.xml', `${model('gone.rng')}<doc status="free">x</doc>`)]);
    expect(xmlModelMissing.code).toBe(2);
    expect(xmlModelMissing.out).toMatch(/xml-model schema gone\.rng not found/);
  });

  it('3 when no schema could be applied, said even with --quiet', () => {
    const doc = write('codes/remote.xml', `${model('https://example.org/s.rng')}<doc status="free">x</doc>`);
    for (const args of [
      ['validate', doc],
      ['validate', '-q', doc],
    ]) {
      const r = diwan(args);
      expect(r.code).toBe(3);
      expect(r.out).toMatch(/remote\.xml:0:0: error: not validated: no schema could be applied/);
    }
  });
});

describe('schemas named by URL: catalogs, never the network by default', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/s.rng') res.end(RNG);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('an OASIS XML catalog (--catalog, or $XML_CATALOG_FILES) maps the URL to a local copy', () => {
    const rng = write('cat/local.rng', RNG);
    const catalog = write(
      'cat/catalog.xml',
      `<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog"><group xml:base="./"><uri name="https://example.org/s.rng" uri="local.rng"/></group><rewriteURI uriStartString="https://example.org/dir/" rewritePrefix="./"/></catalog>`,
    );
    const doc = write('cat/doc.xml', `${model('https://example.org/s.rng')}<doc status="open">x</doc>`);
    const r = diwan(['validate', '--catalog', catalog, doc]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/is invalid.*\[.*cat\/local\.rng\]/);
    const rewritten = write('cat/doc2.xml', `${model('https://example.org/dir/local.rng')}<doc status="free">x</doc>`);
    expect(diwan(['validate', rewritten], { XML_CATALOG_FILES: catalog }).code).toBe(0);
    expect(readFileSync(rng, 'utf8')).toBe(RNG);
  });

  it("TEI's own address of tei_all is mapped to the local tei_all without a catalog", async (ctx) => {
    needsShared(ctx, [teiAll]);
    const doc = write(
      'cat/tei.xml',
      `${model('https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng')}<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>`,
    );
    const report = await new Validator({ teiAll, cacheDir: join(tmp, 'cache') }).validate(doc);
    expect(report.schemas).toEqual([teiAll]);
    expect(report.status).toBe('invalid');
  });

  it('--fetch downloads a schema once into the cache; without it nothing is requested', async () => {
    const doc = write('fetch/doc.xml', `${model(`${base}/s.rng`)}<doc status="open">x</doc>`);
    const env = { XDG_CACHE_HOME: join(tmp, 'xdg') };
    const none = await diwanAsync(['validate', doc], env);
    expect(none.code).toBe(3);
    expect(requests).toEqual([]);
    const fetched = await diwanAsync(['validate', '--fetch', doc], env);
    expect(fetched.code).toBe(1);
    expect(requests).toEqual(['/s.rng']);
    // The cached copy serves later runs, --fetch or not, with no new request.
    expect((await diwanAsync(['validate', doc], env)).code).toBe(1);
    expect(requests).toEqual(['/s.rng']);
    const gone = await diwanAsync(['validate', '--fetch', write('fetch/gone.xml', `${model(`${base}/nope.rng`)}<doc status="free">x</doc>`)], env);
    expect(gone.code).toBe(3);
    expect(gone.out).toMatch(/could not download .*nope\.rng: HTTP 404/);
  });
});

describe('internal entities', () => {
  it('a document declaring character entities validates and its text has the characters', () => {
    const rng = write('ent/s.rng', RNG);
    const doc = write('ent/doc.xml', `<?xml version="1.0"?>\n<!DOCTYPE doc [\n  <!ENTITY mdash "&#x2014;">\n]>\n<doc status="free">a&mdash;b</doc>`);
    expect(diwan(['validate', '--schema', rng, doc]).code).toBe(0);
    const tei = write(
      'ent/tei.xml',
      `<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY mdash "&#x2014;">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body><p>a&mdash;b</p></body></text></TEI>`,
    );
    const text = diwan(['text', tei]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('a\u2014b');
  });
});

describe("one language per constraint in tei_all's Schematron (--lang)", () => {
  it('a constraint tei_all has in English and French is reported once, in English unless --lang says otherwise', (ctx) => {
    needsShared(ctx, [teiAll]);
    const doc = write(
      'lang/doc.xml',
      '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body><p>a<addSpan/>b</p></body></text></TEI>',
    );
    const en = diwan(['validate', '--tei-all', teiAll, doc]);
    expect(en.code).toBe(1);
    const spanTo = (out: string) => out.split('\n').filter((l) => /spanTo/.test(l));
    expect(spanTo(en.out)).toHaveLength(1);
    expect(spanTo(en.out)[0]).toMatch(/doc\.xml:1:\d+: error: .*spanTo attribute .*embedded Schematron\]$/);
    const fr = diwan(['validate', '--tei-all', teiAll, '--lang', 'fr', doc]);
    expect(spanTo(fr.out)).toEqual([expect.stringMatching(/L'attribut spanTo est requis\./)]);
  });
});
