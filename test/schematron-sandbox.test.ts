import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSchematron, SchematronSchemaError } from '../src/check/schematron/index.js';
import { SandboxViolation, withoutResources } from '../src/check/schematron/sandbox.js';
import { SaxonJS } from '../src/transform/saxon.js';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'diwan.js');
const tmp = mkdtempSync(join(tmpdir(), 'diwan-sandbox-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const SCH = 'http://purl.oclc.org/dsdl/schematron';

function diwan(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
/** A schema whose one report prints `select` (the value-of sits on line 4, column 5). */
function schemaWith(select: string, extra = ''): string {
  const esc = select.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<schema xmlns="${SCH}" queryBinding="xslt2">${extra}
  <pattern><rule context="/*">
   <report test="true()">leak:
    <value-of select="${esc}"/></report>
  </rule></pattern>
</schema>
`;
}
const secret = join(tmp, 'secret.txt');
writeFileSync(secret, 'TOP-SECRET-CONTENT\n');
const passwd = 'file:///etc/passwd';
const passwdText = (() => {
  try {
    return readFileSync('/etc/passwd', 'utf8');
  } catch {
    return '';
  }
})();

describe('Schematron named by a document runs sandboxed (issue 8, item 1)', () => {
  writeFileSync(join(tmp, 'evil.sch'), schemaWith(`unparsed-text('${passwd}')`));
  const doc = join(tmp, 'doc.xml');
  writeFileSync(doc, `<?xml-model href="evil.sch" schematypens="${SCH}"?>\n<doc>text</doc>\n`);

  it('value-of unparsed-text(file:///etc/passwd): no file content in any output, a located schema error, exit 2', () => {
    for (const args of [
      ['validate', doc],
      ['validate', '--json', doc],
      ['validate', '-q', doc],
    ]) {
      const r = diwan(args);
      expect(r.code, args.join(' ')).toBe(2);
      const all = r.out + r.err;
      const said = args.includes('--json') ? (JSON.parse(r.out) as { findings: { message: string }[] }).findings.map((f) => f.message).join('\n') : all;
      expect(said).toMatch(/evil\.sch:4:5: <value-of select="unparsed-text\('file:\/\/\/etc\/passwd'\)"> calls unparsed-text\(\), which reads files/);
      expect(all).not.toContain('leak:');
      for (const line of passwdText.split('\n').filter((l) => l.length > 8)) expect(all).not.toContain(line);
      expect(all).not.toMatch(/root:x?:0:0/);
    }
  });

  const refused: [string, RegExp][] = [
    [`unparsed-text('${passwd}')`, /unparsed-text\(\), which reads files/],
    [`unparsed-text-lines('${passwd}')`, /unparsed-text-lines\(\), which reads files/],
    [`unparsed-text-available('${passwd}')`, /unparsed-text-available\(\), which probes for files/],
    [`doc('${passwd}')`, /doc\(\), which reads files/],
    [`doc-available('${passwd}')`, /doc-available\(\), which probes for files/],
    [`collection('file:///etc/')`, /collection\(\), which reads folders/],
    [`uri-collection('file:///etc/')`, /uri-collection\(\), which lists folders/],
    [`environment-variable('HOME')`, /environment-variable\(\), which reads the environment/],
    ['available-environment-variables()', /available-environment-variables\(\), which reads the environment/],
    [`json-doc('${passwd}')`, /json-doc\(\), which reads files/],
    [`function-lookup(xs:QName('fn:doc'), 1)('${passwd}')`, /function-lookup\(\), which can reach any function/],
    [`load-xquery-module('urn:x')`, /load-xquery-module\(\), which loads code/],
    [`transform(map{'stylesheet-location': '${passwd}'})`, /transform\(\), which runs a stylesheet/],
    // spelled with a prefix, an EQName, a comment in between, as a function reference
    [`fn:doc('${passwd}')`, /fn:doc\(\), which reads files/],
    [`f:doc('${passwd}')`, /f:doc\(\), which reads files/],
    [`Q{http://www.w3.org/2005/xpath-functions}unparsed-text('${passwd}')`, /unparsed-text\(\), which reads files/],
    [`unparsed-text (: hidden :) ('${passwd}')`, /unparsed-text\(\), which reads files/],
    [`let $f := unparsed-text#1 return $f('${passwd}')`, /unparsed-text\(\), which reads files/],
    [`/*/unparsed-text('${passwd}')`, /unparsed-text\(\), which reads files/],
    // SaxonJS runs JavaScript through these, in Node too
    [`ixsl:eval('process.env.HOME')`, /ixsl:eval\(\), which runs JavaScript/],
    [`Q{http://saxonica.com/ns/globalJS}eval('1')`, /eval\(\), which runs JavaScript/],
  ];
  for (const [select, why] of refused) {
    it(`refuses ${select}`, () => {
      const text = schemaWith(select, '<ns prefix="f" uri="http://www.w3.org/2005/xpath-functions"/>');
      let err: unknown;
      try {
        compileSchematron(text, { path: 'x.sch' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SchematronSchemaError);
      expect((err as Error).message).toMatch(/^x\.sch:4:5: /);
      expect((err as Error).message).toMatch(why);
    });
  }

  it('names in string literals and comments are not calls', () => {
    const c = compileSchematron(schemaWith(`concat('doc(1)', "unparsed-text('x')") (: doc('y') :)`), { path: 'x.sch' });
    expect(c.patterns).toHaveLength(1);
  });

  it('a rule context and a let are checked as well as messages', () => {
    const inContext = `<schema xmlns="${SCH}" queryBinding="xslt2"><pattern><rule context="*[doc-available('${passwd}')]"><assert test="true()"/></rule></pattern></schema>`;
    expect(() => compileSchematron(inContext, { path: 'c.sch' })).toThrow(/c\.sch:1:\d+: <rule context=.*doc-available\(\), which probes for files/);
    const inLet = `<schema xmlns="${SCH}" queryBinding="xslt2"><let name="x" value="unparsed-text('${passwd}')"/><pattern><rule context="*"><assert test="$x"/></rule></pattern></schema>`;
    expect(() => compileSchematron(inLet, { path: 'l.sch' })).toThrow(/l\.sch:1:\d+: <let name="x"> value calls unparsed-text\(\)/);
  });

  it('the same schema passed by the user (--schematron) is trusted to read a file, never to run JavaScript', () => {
    const mine = join(tmp, 'mine.sch');
    writeFileSync(mine, schemaWith(`unparsed-text('file://${secret}')`));
    const plain = join(tmp, 'plain.xml');
    writeFileSync(plain, '<doc>text</doc>\n');
    const r = diwan(['validate', '--schematron', mine, plain]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('leak: TOP-SECRET-CONTENT');
    writeFileSync(mine, schemaWith(`ixsl:eval('1 + 1')`));
    const js = diwan(['validate', '--schematron', mine, plain]);
    expect(js.code).toBe(2);
    expect(js.out + js.err).toMatch(/mine\.sch:4:5: .*ixsl:eval\(\), which runs JavaScript/);
  });

  it('behind the static checks, SaxonJS itself cannot read a file or the network while a sandboxed schema runs', () => {
    const read = () => SaxonJS.XPath.evaluate(`unparsed-text('file://${secret}')`, null) as string;
    expect(read()).toContain('TOP-SECRET');
    expect(() => withoutResources(read)).toThrow(/refused/);
    expect(() => withoutResources(() => SaxonJS.XPath.evaluate(`doc('file://${secret}')`, null))).toThrow();
    try {
      withoutResources(read);
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('TOP-SECRET');
    }
    expect(read()).toContain('TOP-SECRET'); // switched back on afterwards
    expect(new SandboxViolation('x').message).toMatch(/may not/);
  });
});
