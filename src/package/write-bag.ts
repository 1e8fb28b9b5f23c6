import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { sweepTemporaries, tempBeside } from '../write/atomic.js';
import { writeError } from '../write/errors.js';
import { checkOutputDir, OutputRefused } from '../write/guard.js';
import { bagInfoText, bagitTxt, byteOrder, humanSize, manifestText, payloadOxum, WRITE_ALGORITHMS } from './bagit.js';
import { hashFile } from './hash.js';
import { BagNameError, bagPath } from './names.js';

/** One payload file: its path under data/, and its bytes (held in memory) or a file to copy. */
export interface PayloadFile {
  path: string;
  data?: string | Uint8Array;
  from?: string;
}

export interface BagSpec {
  payload: PayloadFile[];
  /** bag-info.txt elements in order; Payload-Oxum and Bag-Size are added from the payload written. */
  info: [string, string][];
}

export interface WrittenBag {
  bag: string;
  files: number;
  octets: number;
  oxum: string;
  /** Payload paths (data/…) with their SHA-256, as the manifest lists them. */
  sha256: Record<string, string>;
}

/**
 * Where a bag may be written: never over the sources, the root, the home folder, a link or a
 * file (checkOutputDir), never over an existing folder unless `force` is given and that folder
 * is itself a bag (so --force can never delete some other folder).
 */
export function checkBagOutput(bag: string, inputDirs: string[], force = false): void {
  checkOutputDir(bag, inputDirs);
  if (!existsSync(bag)) return;
  const isBag = existsSync(join(bag, 'bagit.txt'));
  const empty = readdirSync(bag).length === 0;
  if (empty) return;
  if (!force)
    throw new OutputRefused(
      bag,
      `already exists${isBag ? ' (a bag)' : ''}; a bag is never replaced unasked: choose another -o${isBag ? ', or pass --force to replace it' : ''}`,
    );
  if (!isBag) throw new OutputRefused(bag, 'is a folder that is not a bag (no bagit.txt); --force replaces only a bag: choose another -o');
}

/**
 * Writes a BagIt 1.0 bag (RFC 8493) as one unit: every file goes into a staged folder beside
 * BAG, the manifests are made by hashing the files as written there (streamed, SHA-256 and
 * SHA-512 in one read each), then the staged folder takes BAG's place. A failure or a kill
 * leaves no half-written bag under BAG's name (the next run sweeps the staged folder).
 */
export async function writeBag(spec: BagSpec, bagDir: string, opts: { force?: boolean; inputs?: string[] } = {}): Promise<WrittenBag> {
  const bag = resolve(bagDir);
  checkBagOutput(bag, opts.inputs ?? [], opts.force);
  const names = payloadNames(spec.payload);
  const parent = dirname(bag);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (err) {
    throw writeError(parent, err, 'the folder for the bag cannot be made');
  }
  sweepTemporaries(parent);
  const staged = tempBeside(bag, 'new');
  let written: WrittenBag;
  try {
    mkdirSync(join(staged, 'data'), { recursive: true });
    for (const [i, file] of spec.payload.entries()) {
      const target = join(staged, 'data', names[i]!);
      mkdirSync(dirname(target), { recursive: true });
      if (file.data !== undefined) writeFileSync(target, file.data);
      else if (file.from) copyFileSync(file.from, target);
      else throw new Error(`payload file ${file.path} has neither data nor a file to copy`);
    }
    written = await writeTagFiles(staged, bag, names, spec.info);
  } catch (err) {
    rmSync(staged, { recursive: true, force: true });
    throw err instanceof OutputRefused ? err : writeError(staged, err);
  }
  const aside = existsSync(bag) ? tempBeside(bag, 'old') : null;
  try {
    if (aside) renameSync(bag, aside);
    renameSync(staged, bag);
  } catch (err) {
    if (aside && !existsSync(bag)) renameSync(aside, bag);
    rmSync(staged, { recursive: true, force: true });
    throw writeError(bag, err);
  }
  if (aside) rmSync(aside, { recursive: true, force: true });
  return written;
}

/** The payload's names under data/: NFC and safe (bagPath), none twice, none differing only in case (§6.1.1). */
function payloadNames(payload: PayloadFile[]): string[] {
  const seen = new Map<string, string>();
  return payload.map((f) => {
    const name = bagPath(f.path);
    const key = name.toLowerCase();
    const other = seen.get(key);
    if (other !== undefined)
      throw new BagNameError(`two payload files would be named ${JSON.stringify(other)} and ${JSON.stringify(name)}, the same on some file systems`);
    seen.set(key, name);
    return name;
  });
}

async function writeTagFiles(staged: string, bag: string, names: string[], info: [string, string][]): Promise<WrittenBag> {
  const digests: Record<string, { path: string; digest: string }[]> = Object.fromEntries(WRITE_ALGORITHMS.map((a) => [a, []]));
  let octets = 0;
  const sha256: Record<string, string> = {};
  // Sorted, so that the order of the hashing (and any message about it) is the same every run.
  for (const name of [...names].sort(byteOrder)) {
    const path = `data/${name}`;
    const h = await hashFile(join(staged, 'data', name), WRITE_ALGORITHMS);
    octets += h.octets;
    for (const a of WRITE_ALGORITHMS) digests[a]!.push({ path, digest: h.digests[a]! });
    sha256[path] = h.digests.sha256!;
  }
  const oxum = payloadOxum(octets, names.length);
  const tags: [string, string][] = [
    ['bagit.txt', bagitTxt()],
    ['bag-info.txt', bagInfoText([...info, ['Payload-Oxum', oxum], ['Bag-Size', humanSize(octets)]])],
    ...WRITE_ALGORITHMS.map((a): [string, string] => [`manifest-${a}.txt`, manifestText(digests[a]!)]),
  ];
  for (const [name, text] of tags) writeFileSync(join(staged, name), text);
  // Tag manifests list every other tag file (§2.2.1), in each algorithm of the payload manifests.
  for (const a of WRITE_ALGORITHMS) {
    const entries = [];
    for (const [name] of tags) entries.push({ path: name, digest: (await hashFile(join(staged, name), [a])).digests[a]! });
    writeFileSync(join(staged, `tagmanifest-${a}.txt`), manifestText(entries));
  }
  return { bag, files: names.length, octets, oxum, sha256 };
}
