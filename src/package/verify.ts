import { realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Finding } from '../check/finding.js';
import { parseManifest, READ_ALGORITHMS } from './bagit.js';
import { hashFile } from './hash.js';
import { unsafePath } from './names.js';
import { checkBagInfo, checkDeclaration, checkFetch, readTag, type At, type TagFormat } from './verify-tags.js';
import { walkBag } from './walk.js';

export interface BagReport {
  bag: string;
  /** Complete and valid (RFC 8493 §3): every error finding makes it false. */
  valid: boolean;
  findings: Finding[];
  payload: { files: number; octets: number };
  /** The payload manifests' algorithms that were checked. */
  algorithms: string[];
}

const DIGEST_LENGTH: Record<string, number> = { md5: 32, sha1: 40, sha224: 56, sha256: 64, sha384: 96, sha512: 128 };

/**
 * Verifies a bag (RFC 8493): the bag declaration, completeness (§3: every listed file present,
 * every payload file listed in every payload manifest, no file missing or extra), every checksum
 * of every payload and tag manifest, and Payload-Oxum. Each problem is a finding with its path
 * (and manifest line). Never reads or writes outside the bag: manifest paths that are absolute
 * or climb out (§5.1) are refused before any file-system call, only files found by listing the
 * bag without following links are ever opened (with O_NOFOLLOW), and links, FIFOs and devices
 * are reported, never opened. Writes nothing at all.
 */
export async function verifyBag(dir: string): Promise<BagReport> {
  const findings: Finding[] = [];
  const report = (): BagReport => ({ bag: dir, valid: !findings.some((f) => f.severity === 'error'), findings, payload, algorithms });
  const payload = { files: 0, octets: 0 };
  const algorithms: string[] = [];
  const at = (path: string, message: string, line = 0, severity: Finding['severity'] = 'error') =>
    findings.push({ file: path ? join(dir, path) : dir, line, col: line ? 1 : 0, severity, rule: 'bagit', message });

  let root: string;
  try {
    root = realpathSync(resolve(dir));
    if (!statSync(root).isDirectory()) {
      at('', 'is not a folder; expected a bag (a folder with bagit.txt, manifests and data/)');
      return report();
    }
  } catch {
    at('', 'no such folder; expected a bag (a folder with bagit.txt, manifests and data/)');
    return report();
  }
  const tree = walkBag(root);
  for (const link of tree.links) at(link, 'is a symbolic link; a bag holds files, and verify never follows a link (it could lead outside the bag)');
  for (const s of tree.specials) at(s, 'is not a regular file (a FIFO, socket or device); not read');
  for (const [a, b] of tree.clashes) at(b!, `differs from ${JSON.stringify(a)} only in Unicode normalization; the two are one name on some file systems`);

  // §2.1.1: the bag declaration (always UTF-8) says how the other tag files are encoded.
  let format: TagFormat = { encoding: 'utf-8', version: '1.0' };
  const declaration = readTag(root, tree, 'bagit.txt', format, at);
  if (declaration === null) {
    if (!tree.links.includes('bagit.txt')) at('bagit.txt', 'missing; every bag starts with its declaration (RFC 8493 §2.1.1)');
  } else format = checkDeclaration(declaration, at);
  const read = (rel: string): string | null => readTag(root, tree, rel, format, at);
  if (!tree.dirs.has('data')) {
    if (!tree.links.includes('data')) at('data', 'missing; every bag has a payload folder data/ (RFC 8493 §2.1.2)');
  }

  const top = [...tree.files.values()].filter((p) => !p.includes('/'));
  const payloadManifests = top.filter((p) => /^manifest-[^/]+\.txt$/.test(p)).sort();
  const tagManifests = top.filter((p) => /^tagmanifest-[^/]+\.txt$/.test(p)).sort();
  if (payloadManifests.length === 0) at('', 'has no payload manifest (manifest-<algorithm>.txt); every bag needs one (RFC 8493 §2.1.3)');

  // Payload files: every regular file under data/.
  const payloadFiles = [...tree.files.keys()].filter((k) => k.startsWith('data/'));
  // §2.2.3: files a fetch file lists are not in the bag until fetched; verify fetches nothing.
  const fetchText = tree.files.has('fetch.txt') ? read('fetch.txt') : null;
  const fetched = fetchText === null ? new Set<string>() : checkFetch(fetchText, (p) => tree.files.has(p), at);
  const expected = new Map<string, Map<string, string>>(); // payload path (NFC) → algorithm → digest
  for (const manifest of payloadManifests) {
    const alg = manifest.slice('manifest-'.length, -'.txt'.length);
    const listed = readManifest(manifest, alg, read, at, (path) =>
      path.startsWith('data/') ? null : 'a payload manifest lists only files under data/ (tag files go in a tag manifest)',
    );
    if (!listed) continue;
    algorithms.push(alg);
    for (const [path, digest] of listed) {
      if (!tree.files.has(path)) {
        if (!tree.links.includes(path) && !fetched.has(path)) at(path, `missing: listed in ${manifest} but not in the bag`);
        continue;
      }
      const byAlg = expected.get(path) ?? new Map<string, string>();
      expected.set(path, byAlg);
      byAlg.set(alg, digest);
    }
    for (const path of payloadFiles)
      if (!listed.has(path)) at(tree.files.get(path)!, `an extra file: in data/ but not listed in ${manifest} (every payload file must be, RFC 8493 §3)`);
    for (const path of fetched)
      if (!listed.has(path))
        at('fetch.txt', `lists ${JSON.stringify(path)}, which ${manifest} does not (every fetched file must be in every payload manifest, RFC 8493 §2.2.3)`);
  }

  // Every payload file read once, every algorithm from the same read.
  for (const path of payloadFiles) {
    const onDisk = tree.files.get(path)!;
    const want = expected.get(path) ?? new Map<string, string>();
    try {
      const { digests, octets } = await hashFile(join(root, onDisk), [...want.keys()]);
      payload.files++;
      payload.octets += octets;
      for (const [alg, digest] of want) {
        if (digests[alg] !== digest) at(onDisk, `checksum mismatch: manifest-${alg}.txt has ${digest}, the file has ${digests[alg]}`);
      }
    } catch (err) {
      at(onDisk, `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }

  // §2.2.1: tag manifests list every payload manifest, no tag manifest and no payload file.
  for (const manifest of tagManifests) {
    const alg = manifest.slice('tagmanifest-'.length, -'.txt'.length);
    const listed = readManifest(manifest, alg, read, at, (path) =>
      path.startsWith('data/')
        ? 'a tag manifest lists no payload file (RFC 8493 §2.2.1)'
        : /^tagmanifest-[^/]+\.txt$/.test(path)
          ? 'a tag manifest lists no tag manifest (RFC 8493 §2.2.1)'
          : null,
    );
    if (!listed) continue;
    for (const m of payloadManifests)
      if (!listed.has(m.normalize('NFC'))) at(manifest, `does not list the payload manifest ${m} (every tag manifest must, RFC 8493 §2.2.1)`);
    for (const [path, digest] of listed) {
      const onDisk = tree.files.get(path);
      if (onDisk === undefined) {
        if (!tree.links.includes(path)) at(path, `missing: listed in ${manifest} but not in the bag`);
        continue;
      }
      try {
        const got = (await hashFile(join(root, onDisk), [alg])).digests[alg];
        if (got !== digest) at(onDisk, `checksum mismatch: ${manifest} has ${digest}, the file has ${got}`);
      } catch (err) {
        at(onDisk, `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
  }

  // §2.2.2: Payload-Oxum, a quick check of the octets and files the payload holds.
  if (tree.files.has('bag-info.txt')) {
    const info = read('bag-info.txt');
    if (info !== null) checkBagInfo(info, format, payload, payloadFiles.length, at);
  }
  return report();
}

/**
 * The entries of one manifest (NFC path → digest), or null when it cannot be used. Paths that
 * are unsafe (absolute, "..") or do not belong in this kind of manifest are reported at their
 * line and dropped before anything looks at the file system.
 */
function readManifest(
  manifest: string,
  alg: string,
  read: (rel: string) => string | null,
  at: At,
  misplaced: (path: string) => string | null,
): Map<string, string> | null {
  if (!READ_ALGORITHMS.has(alg)) {
    at(manifest, `the algorithm "${alg}" is not one diwan verify can check (${[...READ_ALGORITHMS].join(', ')}); the bag cannot be shown valid`);
    return null;
  }
  const text = read(manifest);
  if (text === null) return null;
  const { entries, problems } = parseManifest(text);
  for (const p of problems) at(manifest, p.message, p.line, p.message.startsWith('"%"') ? 'warning' : 'error');
  const listed = new Map<string, string>();
  for (const e of entries) {
    // Older bags wrote "./data/…" (the conformance suite's warning case): read as "data/…", with a warning.
    if (e.path.startsWith('./') && !e.path.startsWith('./.')) {
      at(manifest, `${JSON.stringify(e.written)}: a leading "./"; read as ${JSON.stringify(e.path.slice(2))}`, e.line, 'warning');
      e.path = e.path.slice(2);
    }
    if (e.path.startsWith('*')) {
      at(manifest, `${JSON.stringify(e.written)}: md5sum's binary-mode mark "*" before the path; not a BagIt manifest line (RFC 8493 §6.2.3)`, e.line);
      continue;
    }
    const unsafe = unsafePath(e.path);
    if (unsafe) {
      at(manifest, `${JSON.stringify(e.written)}: ${unsafe}; refused, not read (RFC 8493 §5.1)`, e.line);
      continue;
    }
    const wrong = misplaced(e.path);
    if (wrong) {
      at(manifest, `${JSON.stringify(e.written)}: ${wrong}`, e.line);
      continue;
    }
    if (e.digest.length !== DIGEST_LENGTH[alg])
      at(manifest, `${JSON.stringify(e.written)}: a ${alg} checksum has ${DIGEST_LENGTH[alg]} hex digits, this one ${e.digest.length}`, e.line);
    const key = e.path.normalize('NFC');
    if (listed.has(key)) at(manifest, `${JSON.stringify(e.written)} is listed twice; every file exactly once (RFC 8493 §2.1.3)`, e.line);
    listed.set(key, e.digest);
  }
  return listed;
}
