import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bagInfoText, decodePath, encodePath, parseBagInfo, parseManifest } from '../src/package/bagit.js';
import { BagNameError, unsafePath } from '../src/package/names.js';
import { verifyBag } from '../src/package/verify.js';
import { writeBag } from '../src/package/write-bag.js';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'diwan.js');
const slug = 'haftar-moscow-2016';
const seedDir = join(root, 'editions', slug);
const tmp = mkdtempSync(join(tmpdir(), 'diwan-verify-'));
const sha = (b: Uint8Array | string, alg = 'sha256') => createHash(alg).update(b).digest('hex');
const hasStrace = spawnSync('strace', ['-V']).error === undefined;

function diwan(args: string[], cwd = tmp) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}

let good: string;
let n = 0;
/** A fresh copy of the good bag, in a folder of its own (beside it: what lies "outside" the bag). */
function copy(): { bag: string; outside: string } {
  const dir = join(tmp, `case-${++n}`);
  mkdirSync(dir);
  cpSync(good, join(dir, 'bag'), { recursive: true });
  return { bag: join(dir, 'bag'), outside: dir };
}

/** A FIFO outside the bag: a verifier that opened it would wait forever (and the test time out). */
function fifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  if (r.status !== 0) throw new Error('mkfifo failed');
}

/** Tag manifests recomputed after a tag file was edited on purpose, so the one planted fault stands alone. */
function retag(bag: string): void {
  for (const alg of ['sha256', 'sha512']) {
    const names = ['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt', 'manifest-sha512.txt'];
    writeFileSync(join(bag, `tagmanifest-${alg}.txt`), names.map((f) => `${sha(readFileSync(join(bag, f)), alg)} ${f}\n`).join(''));
  }
}

/** The good bag's payload files, counted here (the edition's outputs may grow). */
function payloadCount(): number {
  return readdirSync(join(good, 'data'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

function errors(out: string): string[] {
  return out.split('\n').filter((l) => l.includes(': error: '));
}

beforeAll(() => {
  good = join(tmp, 'good');
  const r = diwan(['package', seedDir, '-o', good, '--no-pdf']);
  if (r.code !== 0) throw new Error(`diwan package failed: ${r.err}${r.out}`);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('diwan verify catches each corruption, with its path, and exits non-zero', () => {
  it('the untouched bag is valid', () => {
    const r = diwan(['verify', good]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`valid bag: ${payloadCount()} payload files`);
  });

  it('a changed byte: a checksum mismatch in each manifest, naming the file', () => {
    const { bag } = copy();
    const file = join(bag, 'data', 'edition', 'index.html');
    const bytes = readFileSync(file);
    bytes[100] = bytes[100]! ^ 1;
    writeFileSync(file, bytes);
    const r = diwan(['verify', bag]);
    expect(r.code).toBe(1);
    const e = errors(r.out);
    expect(e).toHaveLength(2);
    expect(e[0]).toContain(`${join(bag, 'data/edition/index.html')}:0:0: error: checksum mismatch: manifest-sha256.txt has `);
    expect(e[1]).toContain('manifest-sha512.txt has ');
    expect(r.err).toContain('NOT a valid bag: 2 problems');
  });

  it('a missing file', () => {
    const { bag } = copy();
    unlinkSync(join(bag, 'data', 'source', 'source.txt'));
    const r = diwan(['verify', bag]);
    expect(r.code).toBe(1);
    expect(errors(r.out)).toContain(`${join(bag, 'data/source/source.txt')}:0:0: error: missing: listed in manifest-sha256.txt but not in the bag`);
    // Payload-Oxum counts what is there: one file fewer.
    const n = payloadCount();
    expect(r.out).toMatch(new RegExp(`bag-info\\.txt:\\d+:1: error: Payload-Oxum says \\d+\\.${n} \\(octets\\.files\\), the payload has \\d+\\.${n - 1}`));
  });

  it('an extra file', () => {
    const { bag } = copy();
    writeFileSync(join(bag, 'data', 'extra.txt'), 'not listed');
    const r = diwan(['verify', bag]);
    expect(r.code).toBe(1);
    expect(errors(r.out)).toContain(
      `${join(bag, 'data/extra.txt')}:0:0: error: an extra file: in data/ but not listed in manifest-sha256.txt (every payload file must be, RFC 8493 §3)`,
    );
  });

  it('a wrong Payload-Oxum (tag manifests made to agree, so it is the one fault)', () => {
    const { bag } = copy();
    const info = join(bag, 'bag-info.txt');
    const text = readFileSync(info, 'utf8');
    const oxum = /^Payload-Oxum: (\d+)\.(\d+)$/m.exec(text)!;
    writeFileSync(info, text.replace(oxum[0], `Payload-Oxum: ${Number(oxum[1]) + 1}.${oxum[2]}`));
    retag(bag);
    const r = diwan(['verify', bag]);
    expect(r.code).toBe(1);
    const line = text.split('\n').findIndex((l) => l.startsWith('Payload-Oxum')) + 1;
    expect(errors(r.out)).toEqual([
      `${info}:${line}:1: error: Payload-Oxum says ${Number(oxum[1]) + 1}.${oxum[2]} (octets.files), the payload has ${oxum[1]}.${oxum[2]}`,
    ]);
  });

  it('an edited tag file without its tag manifest updated', () => {
    const { bag } = copy();
    appendFileSync(join(bag, 'bag-info.txt'), 'Contact-Name: someone\n');
    const r = diwan(['verify', bag]);
    expect(r.code).toBe(1);
    expect(errors(r.out).filter((l) => l.includes(`${join(bag, 'bag-info.txt')}:0:0: error: checksum mismatch: tagmanifest-`))).toHaveLength(2);
  });

  it('a manifest line for ../x or an absolute path: refused at its line, never opened (both are FIFOs)', async () => {
    const { bag, outside } = copy();
    fifo(join(outside, 'x'));
    fifo(join(outside, 'abs'));
    const manifest = join(bag, 'manifest-sha256.txt');
    const lines = readFileSync(manifest, 'utf8').split('\n').length - 1;
    appendFileSync(manifest, `${'0'.repeat(64)} ../x\n${'0'.repeat(64)} data/../../x\n${'0'.repeat(64)} ${join(outside, 'abs')}\n`);
    retag(bag);
    const r = diwan(['verify', bag]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(errors(r.out)).toEqual([
      `${manifest}:${lines + 1}:1: error: "../x": a ".." segment, which leads outside its folder; refused, not read (RFC 8493 §5.1)`,
      `${manifest}:${lines + 2}:1: error: "data/../../x": a ".." segment, which leads outside its folder; refused, not read (RFC 8493 §5.1)`,
      `${manifest}:${lines + 3}:1: error: ${JSON.stringify(join(outside, 'abs'))}: an absolute path, outside the bag; refused, not read (RFC 8493 §5.1)`,
    ]);
    // The same through the library, which says the same.
    expect((await verifyBag(bag)).valid).toBe(false);
  });

  it('a symbolic link inside data/ (to a FIFO and to a file outside the bag): reported, never followed', () => {
    const { bag, outside } = copy();
    fifo(join(outside, 'pipe'));
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(join(outside, 'pipe'), join(bag, 'data', 'pipe'));
    symlinkSync('../../secret.txt', join(bag, 'data', 'edition', 'index.html.link'));
    // A listed file replaced by a link to a file outside with the same bytes: still refused.
    cpSync(join(bag, 'data', 'source', 'source.txt'), join(outside, 'source.txt'));
    unlinkSync(join(bag, 'data', 'source', 'source.txt'));
    symlinkSync(join(outside, 'source.txt'), join(bag, 'data', 'source', 'source.txt'));
    const r = diwan(['verify', bag]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    const e = errors(r.out);
    for (const link of ['data/pipe', 'data/edition/index.html.link', 'data/source/source.txt']) {
      expect(e).toContain(
        `${join(bag, link)}:0:0: error: is a symbolic link; a bag holds files, and verify never follows a link (it could lead outside the bag)`,
      );
    }
  });

  it.skipIf(!hasStrace)('reads nothing outside the bag and writes nothing (strace of every file system call; skipped without strace)', () => {
    const { bag, outside } = copy();
    fifo(join(outside, 'x'));
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    appendFileSync(join(bag, 'manifest-sha256.txt'), `${'0'.repeat(64)} ../x\n${'0'.repeat(64)} ${join(outside, 'secret.txt')}\n`);
    symlinkSync(join(outside, 'secret.txt'), join(bag, 'data', 'link'));
    const before = listing(outside);
    const trace = join(tmp, `strace-${n}.log`);
    const r = spawnSync('strace', ['-f', '-qq', '-s', '4096', '-e', 'trace=%file', '-o', trace, process.execPath, bin, 'verify', bag], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(1);
    const log = readFileSync(trace, 'utf8');
    // Every call that names a path under the case folder names one inside the bag.
    const named = [...log.matchAll(/"([^"]*)"/g)]
      .map((m) => m[1]!)
      .filter((p) => p.startsWith('/'))
      .map((p) => resolve(p))
      .filter((p) => p.startsWith(outside));
    expect(named.length).toBeGreaterThan(5);
    // (The folders that lead to the bag are looked at on the way: realpath.)
    expect(named.filter((p) => p !== bag && !p.startsWith(`${bag}/`) && !bag.startsWith(`${p}/`))).toEqual([]);
    expect(log).not.toContain('secret.txt"');
    // No file was created, written, renamed or removed anywhere under it.
    const writes = log.split('\n').filter((l) => l.includes(outside) && /O_WRONLY|O_RDWR|O_CREAT|mkdir|rename|unlink|rmdir|truncate|chmod|utime/.test(l));
    expect(writes).toEqual([]);
    expect(listing(outside)).toEqual(before);
  });

  it('a bag that is not one: a missing folder (exit 1 for the missing bag, 2 for a usage error)', () => {
    expect(diwan(['verify', join(tmp, 'nothing')]).out).toContain('nothing:0:0: error: no such folder; expected a bag');
    expect(diwan(['verify', join(tmp, 'nothing')]).code).toBe(1);
    expect(diwan(['verify']).code).toBe(2);
    const { bag } = copy();
    unlinkSync(join(bag, 'bagit.txt'));
    rmSync(join(bag, 'manifest-sha256.txt'));
    rmSync(join(bag, 'manifest-sha512.txt'));
    const r = diwan(['verify', bag]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${join(bag, 'bagit.txt')}:0:0: error: missing; every bag starts with its declaration`);
    expect(r.out).toContain(`${bag}:0:0: error: has no payload manifest`);
  });
});

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const st = statSync(p, { throwIfNoEntry: false }) ?? { size: -1, mtimeMs: -1 };
      out.push(`${p} ${e.isSymbolicLink() ? 'link' : st.size} ${e.isSymbolicLink() ? '' : st.mtimeMs}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

describe('file names and tag file formats (RFC 8493 §2.1.3, §2.2.2, §6.1)', () => {
  it('percent-encodes CR, LF and % (only those) and decodes them back', () => {
    expect(encodePath('data/a%b\nc\r\nd é.txt')).toBe('data/a%25b%0Ac%0D%0Ad é.txt');
    expect(decodePath('data/a%25b%0ac%0D%0Ad é.txt')).toEqual({ path: 'data/a%b\nc\r\nd é.txt', stray: false });
    expect(decodePath('data/100%.txt')).toEqual({ path: 'data/100%.txt', stray: true });
    expect(parseManifest('ab  data/x%0Ay\r\ncd\tdata/q\n').entries.map((e) => e.path)).toEqual(['data/x\ny', 'data/q']);
    expect(parseManifest('not a line\n').problems[0]?.line).toBe(1);
  });

  it('refuses unsafe paths', () => {
    for (const p of ['/etc/passwd', '../x', 'data/../../x', 'C:\\x', 'C:/x', '\\\\?\\C:\\x', 'data\\x', '~root/x', 'data//x', 'data/./x', '', 'data/a\u0000b'])
      expect(unsafePath(p), p).not.toBeNull();
    for (const p of ['data/x', 'data/عربي.txt', 'data/a b/c..d', 'data/%25']) expect(unsafePath(p), p).toBeNull();
  });

  it('bag-info.txt: long values folded at spaces onto continuation lines, read back whole, order kept', () => {
    const value = 'كلمة '.repeat(40).trim();
    const text = bagInfoText([
      ['External-Description', value],
      ['Source-Organization', 'X\nY'],
      ['Empty', '  '],
    ]);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(79);
    expect(text.split('\n').length).toBeGreaterThan(3);
    const { fields, problems } = parseBagInfo(text);
    expect(problems).toEqual([]);
    expect(fields.map((f) => [f.label, f.value])).toEqual([
      ['External-Description', value],
      ['Source-Organization', 'X Y'],
    ]);
  });

  it('writes names in NFC with CR, LF and % encoded in the manifests, and verify reads such a bag back as valid', async () => {
    const dir = join(tmp, 'names');
    const nfd = 'Nun\u0303ez/cafe\u0301.txt';
    const w = await writeBag(
      {
        payload: [
          { path: nfd, data: 'one' },
          { path: '100%\nsure.txt', data: 'two' },
          { path: 'عربي/نص.txt', data: 'ثلاثة' },
        ],
        info: [['External-Identifier', 'names']],
      },
      dir,
    );
    expect(w.files).toBe(3);
    const manifest = readFileSync(join(dir, 'manifest-sha256.txt'), 'utf8');
    expect(manifest).toContain(`${sha('one')} data/${nfd.normalize('NFC')}\n`);
    expect(manifest).toContain(`${sha('two')} data/100%25%0Asure.txt\n`);
    expect(readdirSync(join(dir, 'data')).sort()).toEqual(['100%\nsure.txt', 'Nuñez', 'عربي'].sort());
    const report = await verifyBag(dir);
    expect(report.findings).toEqual([]);
    expect(report.valid).toBe(true);
    // Names that would collide on a case-insensitive file system, or leave the bag, are refused before anything is written.
    await expect(
      writeBag(
        {
          payload: [
            { path: 'A.txt', data: '' },
            { path: 'a.txt', data: '' },
          ],
          info: [],
        },
        join(tmp, 'case'),
      ),
    ).rejects.toThrow(/the same on some file systems/);
    await expect(writeBag({ payload: [{ path: '../evil.txt', data: '' }], info: [] }, join(tmp, 'evil'))).rejects.toThrow(/cannot be a file name in a bag/);
    for (const bad of ['edition/con.xml', 'a:b.txt', 'trailing./x', 'q?.txt', `${'ع'.repeat(130)}.txt`]) {
      await expect(writeBag({ payload: [{ path: bad, data: '' }], info: [] }, join(tmp, 'evil')), bad).rejects.toThrow(BagNameError);
    }
    expect(readdirSync(tmp).filter((f) => f === 'case' || f === 'evil' || f.endsWith('.diwan-tmp'))).toEqual([]);
  });
});

describe('bags made by other tools (the cases of the Library of Congress conformance suite, written here)', () => {
  /** A bag written by hand: files relative to it, text or bytes. */
  function handBag(name: string, files: Record<string, string | Buffer>): string {
    const dir = join(tmp, 'hand', name);
    for (const [p, content] of Object.entries(files)) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), content);
    }
    mkdirSync(join(dir, 'data'), { recursive: true });
    return dir;
  }
  const md5 = (s: string | Buffer) => sha(s, 'md5');
  const messages = async (dir: string) => (await verifyBag(dir)).findings.map((f) => `${f.severity} ${f.file.slice(dir.length + 1)}:${f.line} ${f.message}`);

  it('a BagIt 0.97 bag with ISO-8859-1 tag files, "Label : value" metadata and "./data" paths is valid, with warnings', async () => {
    const dir = handBag('old', {
      'bagit.txt': 'BagIt-Version: 0.97\nTag-File-Character-Encoding: ISO-8859-1\n',
      'data/café.txt': 'x',
      'manifest-md5.txt': Buffer.from(`${md5('x')}  ./data/café.txt\n`, 'latin1'),
      'bag-info.txt': Buffer.from('Contact-Name : Ren\u00e9e\nPayload-Oxum :  1.1\n', 'latin1'),
    });
    const report = await verifyBag(dir);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.valid).toBe(true);
    expect(await messages(dir)).toEqual([
      'warning bagit.txt:1 BagIt-Version 0.97: checked by the rules of BagIt 1.0',
      'warning bagit.txt:2 tag files in ISO-8859-1; RFC 8493 §2.4 strongly recommends UTF-8',
      'warning manifest-md5.txt:1 "./data/café.txt": a leading "./"; read as "data/café.txt"',
    ]);
  });

  it('fetch.txt: paths outside the bag refused, files not yet fetched make the bag incomplete, nothing fetched', async () => {
    const dir = handBag('holey', {
      'bagit.txt': 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
      'data/here.txt': 'here',
      'manifest-sha256.txt': `${sha('here')} data/here.txt\n${sha('there')} data/there.txt\n`,
      'fetch.txt': 'https://example.org/there.txt 5 data/there.txt\nhttps://example.org/x - ../../x\nnot-a-url - data/here.txt\n',
    });
    expect(await messages(dir)).toEqual([
      'error fetch.txt:1 "data/there.txt" is not in the bag yet: the bag is incomplete until it is fetched (diwan verify fetches nothing)',
      'error fetch.txt:2 "../../x": a ".." segment, which leads outside its folder; refused (RFC 8493 §5.1)',
      'error fetch.txt:3 "not-a-url" is not an absolute URI (RFC 8493 §2.2.3)',
    ]);
  });

  it("md5sum's binary-mode lines and a manifest listing a file twice are not valid BagIt 1.0", async () => {
    const dir = handBag('md5sum', {
      'bagit.txt': 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
      'data/a.txt': 'a',
      'manifest-md5.txt': `${md5('a')} *data/a.txt\n${md5('a')} data/a.txt\n${md5('a')} data/a.txt\n`,
    });
    expect(await messages(dir)).toEqual([
      `error manifest-md5.txt:1 "*data/a.txt": md5sum's binary-mode mark "*" before the path; not a BagIt manifest line (RFC 8493 §6.2.3)`,
      'error manifest-md5.txt:3 "data/a.txt" is listed twice; every file exactly once (RFC 8493 §2.1.3)',
    ]);
  });
});
