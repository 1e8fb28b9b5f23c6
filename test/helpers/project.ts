import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
export const bin = join(root, 'bin', 'diwan.js');
export const seedDir = join(root, 'editions', 'haftar-moscow-2016');

/** The checkout's diwan command, run as a user would (never through a shell). */
export function diwan(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export const tmp = (prefix = 'diwan-project-') => mkdtempSync(join(tmpdir(), prefix));

/** A new project made by `diwan new` in a temporary folder. */
export function newProject(name = 'my-archive', args: string[] = []): string {
  const parent = tmp();
  const r = diwan(['new', name, ...args], parent);
  if (r.code !== 0) throw new Error(`diwan new failed: ${r.err}`);
  return join(parent, name);
}

/**
 * The seed's source started in the project with `diwan init`, then marked up as an archivist would
 * by copying the seed's TEI element in whole under init's xml-models (which name the project's schemas).
 */
export function initSeed(project: string, slug = 'haftar-moscow-2016'): string {
  const r = diwan(['init', join(seedDir, 'source.txt'), '--slug', slug], project);
  if (r.code !== 0) throw new Error(`diwan init failed: ${r.err}`);
  const file = join(project, 'editions', slug, `${slug}.xml`);
  const prolog = readFileSync(file, 'utf8').split('<TEI')[0]!;
  const seedTei = readFileSync(join(seedDir, 'haftar-moscow-2016.xml'), 'utf8');
  writeFileSync(file, prolog + seedTei.slice(seedTei.indexOf('<TEI')));
  return file;
}
