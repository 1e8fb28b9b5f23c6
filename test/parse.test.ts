import { mkdtempSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, readSource } from '../src/parse/index.js';

const dir = mkdtempSync(join(tmpdir(), 'diwan-parse-'));
function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
function refusal(path: string, opts = {}): InputError {
  try {
    readSource(path, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error(`expected ${path} to be refused`);
}

const tei = (body: string, decl = '<?xml version="1.0" encoding="UTF-8"?>') =>
  `${decl}\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>${body}</p></body></text></TEI>`;

describe('parse stage: encodings', () => {
  it('reads UTF-8 with and without a BOM, keeping the bytes as they are', () => {
    const plain = readSource(file('plain.xml', tei('بموسكو\u00a0حفتر رسميـة')));
    expect(plain.text).toContain('بموسكو\u00a0حفتر رسميـة');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(tei('موسكو'))]);
    const bom = readSource(file('bom.xml', withBom));
    expect(bom.text.startsWith('<?xml')).toBe(true);
    expect(bom.bytes.length).toBe(withBom.length);
  });

  it('decodes UTF-16 LE and BE from their byte-order marks', () => {
    const text = tei('موسكو', '<?xml version="1.0" encoding="UTF-16"?>');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    expect(readSource(file('le.xml', le)).text).toContain('موسكو');
    expect(readSource(file('be.xml', be)).text).toContain('موسكو');
  });

  it('decodes a declared windows-1256 document into the right Arabic letters', () => {
    // "موسكو" in windows-1256: م=E3 و=E6 س=D3 ك=DF و=E6
    const head = Buffer.from('<?xml version="1.0" encoding="windows-1256"?><p>', 'ascii');
    const word = Buffer.from([0xe3, 0xe6, 0xd3, 0xdf, 0xe6]);
    const src = readSource(file('cp1256.xml', Buffer.concat([head, word, Buffer.from('</p>')])));
    expect(src.text).toContain('موسكو');
    expect(src.encoding).toBe('windows-1256');
  });

  it('refuses invalid UTF-8 bytes with their position instead of producing mojibake', () => {
    const bytes = Buffer.concat([Buffer.from('<?xml version="1.0"?>\n<p>ok\nbad: '), Buffer.from([0xc3, 0x28]), Buffer.from('</p>')]);
    const err = refusal(file('bad-utf8.xml', bytes));
    expect(err.kind).toBe('encoding');
    expect(err.line).toBe(3);
    expect(err.col).toBe(6);
    expect(err.message).toMatch(/invalid UTF-8 byte sequence/);
  });

  it('refuses an unknown declared encoding clearly', () => {
    const err = refusal(file('ebcdic.xml', '<?xml version="1.0" encoding="EBCDIC-XYZ"?><p/>'));
    expect(err.message).toMatch(/unsupported encoding "EBCDIC-XYZ".*expected UTF-8/);
  });

  it('refuses a BOM that contradicts the declaration', () => {
    const text = '<?xml version="1.0" encoding="windows-1256"?><p/>';
    const err = refusal(file('contra.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
    expect(err.message).toMatch(/byte-order mark says UTF-16LE/);
  });
});

describe('parse stage: hostile and broken input', () => {
  it('refuses external entities without reading or fetching them', () => {
    for (const sys of ['file:///etc/passwd', 'http://127.0.0.1:9/x.dtd']) {
      const doc = `<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!ENTITY xxe SYSTEM "${sys}">\n]>\n<TEI>&xxe;</TEI>`;
      const err = refusal(file('xxe.xml', doc));
      expect(err.kind).toBe('security');
      expect(err.message).toMatch(/external entity "xxe" \(SYSTEM\); diwan never reads external entities/);
      // At the declaration, not at the end of the DOCTYPE.
      expect([err.line, err.col]).toEqual([3, 1]);
      expect(err.message).not.toContain('root:');
    }
  });

  it('expands internal character entities, in text and attributes, as older TEI declares them', () => {
    const doc = `<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!-- <!ENTITY % old SYSTEM "x.dtd"> -->\n<!ENTITY mdash "&#x2014;">\n<!ENTITY dash '&mdash;&mdash;'>\n<!ENTITY % p "INCLUDE">\n]>\n<TEI n="a&dash;b"><p>x&mdash;y</p></TEI>`;
    const src = readSource(file('chars.xml', doc));
    const root = src.tree.doc.documentElement as unknown as { getAttribute(n: string): string; textContent: string };
    expect(root.getAttribute('n')).toBe('a\u2014\u2014b');
    expect(root.textContent).toBe('x\u2014y');
  });

  it('refuses an entity with markup, a self-reference or an undeclared one, at its declaration', () => {
    const cases: [string, RegExp][] = [
      ['<!ENTITY b "<hi>x</hi>">', /entity "b" holds markup/],
      ['<!ENTITY b "&b;">', /entity "b" refers to itself/],
      ['<!ENTITY b "&nope;">', /undeclared entity "nope"/],
    ];
    for (const [decl, msg] of cases) {
      const err = refusal(file('ent.xml', `<?xml version="1.0"?>\n<!DOCTYPE TEI [\n  ${decl}\n]>\n<TEI>&b;</TEI>`));
      expect(err.message).toMatch(msg);
      expect([err.line, err.col]).toEqual([3, 3]);
    }
  });

  it('refuses billion laughs and quadratic blow-up fast', () => {
    let decls = '<!ENTITY lol0 "lol">';
    for (let i = 1; i < 10; i++) decls += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [${decls}]><lolz>&lol9;</lolz>`;
    const quadratic = `<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "${'x'.repeat(50_000)}">]><q>${'&a;'.repeat(50_000)}</q>`;
    for (const [name, doc] of [
      ['laughs.xml', laughs],
      ['quadratic.xml', quadratic],
    ] as const) {
      const t = process.hrtime.bigint();
      const err = refusal(file(name, doc));
      expect(err.kind).toBe('security');
      // Not a timing assertion on speed: a sanity bound that expansion never happened.
      expect(Number(process.hrtime.bigint() - t) / 1e6).toBeLessThan(5000);
    }
  });

  it('refuses 100,000-deep nesting with a limit message', () => {
    const doc = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    const err = refusal(file('deep.xml', doc));
    expect(err.kind).toBe('limit');
    expect(err.message).toMatch(/nested deeper than 256 levels/);
  });

  it('refuses a file over the size limit before reading it', () => {
    const p = file('big.xml', tei('x'.repeat(3 * 1024 * 1024)));
    const err = refusal(p, { maxBytes: 1024 * 1024 });
    expect(err.kind).toBe('limit');
    expect(err.message).toMatch(/over the limit of 1 MiB/);
  });

  it('refuses a 200 MB file by its size, without reading it into memory', () => {
    const p = join(dir, 'huge.xml');
    writeFileSync(p, '<TEI>');
    truncateSync(p, 200 * 1024 * 1024); // sparse: costs no disk
    const before = process.memoryUsage().rss;
    const err = refusal(p);
    expect(err.message).toMatch(/file is 200 MiB, over the limit of 64 MiB/);
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('reports not-well-formed XML at line and column', () => {
    const err = refusal(file('broken.xml', '<TEI>\n  <p>open\n</TEI>'));
    expect(err.kind).toBe('xml');
    expect(err.line).toBe(3);
    expect(err.col).toBeGreaterThan(0);
    expect(err.message).toMatch(/p/);
  });

  it('refuses empty files, directories and missing files with one-line reasons', () => {
    expect(refusal(file('empty.xml', '')).message).toMatch(/empty file/);
    mkdirSync(join(dir, 'adir'), { recursive: true });
    expect(refusal(join(dir, 'adir')).message).toMatch(/is a directory/);
    expect(refusal(join(dir, 'missing.xml')).message).toMatch(/no such file/);
  });

  it('collects xml-model processing instructions', () => {
    const doc = '<?xml version="1.0"?>\n<?xml-model href="a.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>\n<TEI/>';
    const src = readSource(file('model.xml', doc));
    expect(src.shape.xmlModels).toEqual([{ href: 'a.rng', schematypens: 'http://relaxng.org/ns/structure/1.0', type: undefined, line: 2, col: 1 }]);
  });
});
