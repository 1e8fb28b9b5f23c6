import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'diwan.js');
const fixture = join(root, 'test', 'fixtures', 'encode', 'tunis-book-fair');
const tmp = mkdtempSync(join(tmpdir(), 'diwan-encode-'));
const diwan = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, SOURCE_DATE_EPOCH: '1796256000' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const source = join(fixture, 'source.txt');
const register = join(fixture, 'register.yaml');
const noStack = (s: string) => expect(s).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('diwan encode SOURCE.txt', () => {
  const out = join(tmp, 'fair', 'fair.xml');
  const first = diwan(['encode', source, '--register', register, '--date', '2024-04-27', '-o', out]);

  it('writes a valid draft and the source beside it, and a located review report', () => {
    expect(first.code, first.err + first.out).toBe(0);
    expect(readFileSync(join(tmp, 'fair', 'source.txt'))).toEqual(readFileSync(source));
    expect(first.out).toMatch(/source\.txt:3:\d+: marked <persName ref="#ben-omar"> "ليلى بن عمر"/);
    expect(first.out).toMatch(/source\.txt:5:\d+: warning: "٢٦ أفريل": no year: taken from --date \(2024\)/);
    expect(first.out).toMatch(/source\.txt:17:\d+: suggestion: new place entry "صفاقس" \(after "بمدينة"\)/);
    expect(first.out).toMatch(/^\d+ names and \d+ dates marked, \d+ questions, 0 unused entries, \d+ suggestions$/m);
    expect(first.err).toMatch(/diwan: wrote .*fair\.xml/);
    const v = diwan(['validate', out]);
    expect(v.code, v.out + v.err).toBe(0);
  });

  it('never replaces a file without --force, and checks every file before writing any', () => {
    const before = readFileSync(out);
    const again = diwan(['encode', source, '--register', register, '--date', '2024-04-27', '-o', out]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/fair\.xml:0:0: error: already exists; diwan encode never replaces a file without --force/);
    expect(readFileSync(out)).toEqual(before);
    // source.txt beside it differs from the new source: the TEI is not written either.
    const other = join(tmp, 'other', 'other.xml');
    writeFileSync(join(tmp, 'x.txt'), 'نص آخر');
    expect(diwan(['encode', join(tmp, 'x.txt'), '--register', register, '-o', other]).code).toBe(0);
    const clash = diwan(['encode', source, '--register', register, '-o', join(tmp, 'other', 'new.xml')]);
    expect(clash.code).toBe(2);
    expect(clash.err).toMatch(/other\/source\.txt:0:0: error: already exists/);
    expect(existsSync(join(tmp, 'other', 'new.xml'))).toBe(false);
    const forced = diwan(['encode', source, '--register', register, '--date', '2024-04-27', '-o', out, '--force', '--quiet']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out)).toEqual(before);
    expect(forced.out).not.toMatch(/marked </);
  });

  it('gives the report as JSON', () => {
    const r = diwan(['encode', source, '--register', register, '--date', '2024-04-27', '-o', join(tmp, 'j', 'j.xml'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.output).toMatch(/j\.xml$/);
    expect(j.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    expect(j.marked).toContainEqual({ line: 3, col: 8, element: 'roleName', attrs: { ref: '#ben-omar' }, text: 'وزيرة الشؤون الثقافية' });
    expect(j.suggestions.map((s: { text: string }) => s.text)).toContain('صفاقس');
    expect(j.summary.unused).toBe(0);
  });

  it('refuses a bad register with file:line:col naming the key, writing nothing', () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'persons:\n  - id: x\n    nmes: X\n');
    const r = diwan(['encode', source, '--register', bad, '-o', join(tmp, 'never', 'never.xml')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.yaml:2:5: error: persons\.0 has no "names"|bad\.yaml:3:5: error: unknown key "nmes"/);
    expect(existsSync(join(tmp, 'never'))).toBe(false);
    noStack(r.err);
  });

  it('refuses a source with characters XML cannot hold, naming where', () => {
    const ctl = join(tmp, 'ctl.txt');
    writeFileSync(ctl, 'سطر\nفيه \u0007 جرس');
    const r = diwan(['encode', ctl, '--register', register, '-o', join(tmp, 'ctl', 'ctl.xml')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ctl\.txt:2:5: error: character U\+0007 cannot be written in XML/);
    expect(existsSync(join(tmp, 'ctl'))).toBe(false);
  });

  it('explains usage mistakes', () => {
    expect(diwan(['encode', source, '-o', join(tmp, 'u.xml')]).err).toMatch(/needs --register/);
    const d = diwan(['encode', source, '--register', register, '--date', '2024-02-30', '-o', join(tmp, 'u.xml')]);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/--date expects a real day/);
    expect(diwan(['encode', source, '--register', register]).err).toMatch(/needs -o OUT\.xml or --slug/);
    expect(diwan(['encode', '--help']).out).toMatch(/^Usage: diwan encode SOURCE\.txt[\s\S]*--register FILE[\s\S]*--force/);
  });
});

describe('diwan encode in a project', () => {
  it('uses the project register, editions folder, schemas and header by default', () => {
    const proj = join(tmp, 'proj');
    expect(diwan(['new', proj]).code).toBe(0);
    const reg = join(proj, 'registers', 'register.xml');
    writeFileSync(
      reg,
      readFileSync(reg, 'utf8').replace(
        /<text>(?=\s*<body)/,
        '<standOff><listPlace><place xml:id="moscow"><placeName xml:lang="ar">موسكو</placeName></place></listPlace></standOff>\n  <text>',
      ),
    );
    writeFileSync(join(tmp, 'short.txt'), 'وصل إلى موسكو\n\nثم غادر بموسكو');
    const r = spawnSync(process.execPath, [bin, 'encode', join(tmp, 'short.txt'), '--slug', 'short'], { cwd: proj, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const tei = readFileSync(join(proj, 'editions', 'short', 'short.xml'), 'utf8');
    expect(tei).toContain('href="../../schemas/diwan.rng"');
    expect(tei).toContain('<publisher>proj</publisher>');
    expect(tei).toContain('ثم غادر ب<placeName ref="#moscow">موسكو</placeName>');
    expect(tei).toContain('<place xml:id="moscow">');
    expect(diwan(['validate', join(proj, 'editions', 'short', 'short.xml')]).code).toBe(0);
  });
});

describe('diwan encode EDITION.xml', () => {
  it('splices marks in, never over its input without --force, and marks nothing twice', () => {
    const draft = join(tmp, 'ed', 'ed.xml');
    expect(diwan(['encode', source, '--register', register, '--date', '2024-04-27', '-o', draft]).code).toBe(0);
    // The same register with one more entry: the second run adds only what is new.
    const more = join(tmp, 'more.yaml');
    writeFileSync(more, readFileSync(register, 'utf8').replace('\norgs:', '\n  - id: sfax\n    names: { ar: صفاقس, en: Sfax }\norgs:'));
    const inPlace = diwan(['encode', draft, '--register', more]);
    expect(inPlace.code).toBe(2);
    expect(inPlace.err).toMatch(/ed\.xml:0:0: error: would be replaced by its marked-up version; give --force/);
    const next = join(tmp, 'ed', 'ed2.xml');
    const r = diwan(['encode', draft, '--register', more, '-o', next]);
    expect(r.code, r.out + r.err).toBe(0);
    const a = readFileSync(draft, 'utf8');
    const b = readFileSync(next, 'utf8');
    expect(b).toContain('بمدينة <placeName ref="#sfax">صفاقس</placeName>');
    expect(b.replace('<placeName ref="#sfax">صفاقس</placeName>', 'صفاقس').replace(/\n\s*<place xml:id="sfax">.*<\/place>/, '')).toBe(a);
    const again = diwan(['encode', next, '--register', more, '-o', join(tmp, 'ed', 'ed3.xml')]);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/nothing new to mark/);
    expect(existsSync(join(tmp, 'ed', 'ed3.xml'))).toBe(false);
    expect(diwan(['validate', next]).code).toBe(0);
  });
});
