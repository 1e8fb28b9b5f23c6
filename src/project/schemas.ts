import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import semver from 'semver';
import type { Finding } from '../check/finding.js';
import { DIWAN_RNG, DIWAN_SCH } from '../check/validate.js';
import { diwanVersion } from '../paths.js';
import { positionOf } from '../parse/position.js';
import { writeFileAtomic } from '../write/atomic.js';
import type { Project } from './load.js';

export { diwanVersion } from '../paths.js';

/** diwan's own schemas, as a project copies them: the name in schemas/ and the shipped file. */
export const SHIPPED_SCHEMAS = [
  { name: 'diwan.rng', file: DIWAN_RNG },
  { name: 'diwan.sch', file: DIWAN_SCH },
] as const;

/**
 * The stamp a copied schema carries, as an XML comment right after the XML declaration: the
 * version of diwan it came from and the SHA-256 of the file as diwan shipped it. The comment
 * travels with the file (a copy made by hand still says what it is), editors and validators
 * ignore it, and the hash tells an older copy from one edited in the project.
 */
const STAMP = /<!-- diwan-schema (\S+) sha256:([0-9a-f]{64})\b[^>]*-->\n?/;

export interface Stamp {
  version: string;
  sha256: string;
  /** Offset of the stamp in the file, for findings. */
  offset: number;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export function readStamp(text: string): Stamp | null {
  const m = STAMP.exec(text);
  return m ? { version: m[1]!, sha256: m[2]!, offset: m.index } : null;
}

/** A shipped schema with its stamp inserted after the XML declaration. */
export function stamped(shipped: string, version = diwanVersion()): string {
  const stamp = `<!-- diwan-schema ${version} sha256:${sha256(shipped)} (copied from diwan ${version}; "diwan upgrade-schema" replaces this file with the installed diwan's) -->\n`;
  const decl = /^<\?xml[^?]*\?>\n?/.exec(shipped);
  if (!decl) return stamp + shipped;
  const head = decl[0].endsWith('\n') ? decl[0] : `${decl[0]}\n`;
  return head + stamp + shipped.slice(decl[0].length);
}

/** The file as diwan shipped it: the stamp taken out. */
function unstamped(text: string): string {
  return text.replace(STAMP, '');
}

export type SchemaState =
  /** The same file as the installed diwan's. */
  | 'current'
  /** Copied from an older diwan (or the same version with other content: a development build). */
  | 'older'
  /** Copied from a newer diwan than the one installed. */
  | 'newer'
  /** Not copied by diwan (no stamp): the project's own schema, left alone. */
  | 'own'
  | 'missing';

export interface SchemaStatus {
  name: string;
  /** The project's copy. */
  path: string;
  state: SchemaState;
  /** Version of diwan the copy came from (stamped copies). */
  version?: string;
  installed: string;
  /** The copy was edited in the project since diwan copied it. */
  edited: boolean;
  stamp?: Stamp;
}

/** How the project's copies of diwan's schemas compare with the installed diwan's. */
export function schemaStatus(project: Project): SchemaStatus[] {
  const installed = diwanVersion();
  return SHIPPED_SCHEMAS.map(({ name, file }) => {
    const path = join(project.root, 'schemas', name);
    const base = { name, path, installed, edited: false };
    if (!existsSync(path)) return { ...base, state: 'missing' as const };
    const text = readFileSync(path, 'utf8');
    const stamp = readStamp(text);
    if (!stamp) return { ...base, state: 'own' as const };
    const shippedHash = sha256(readFileSync(file, 'utf8'));
    const edited = sha256(unstamped(text)) !== stamp.sha256;
    let state: SchemaState;
    if (stamp.sha256 === shippedHash) state = 'current';
    else if (semver.valid(stamp.version) && semver.gt(stamp.version, installed)) state = 'newer';
    else state = 'older';
    return { ...base, state, version: stamp.version, edited, stamp };
  });
}

/**
 * Warnings for `diwan validate` about the project's copies of diwan's schemas: one per copy that
 * is older (run upgrade-schema) or newer (update diwan) than the installed diwan's.
 */
export function schemaNotes(project: Project): Finding[] {
  const out: Finding[] = [];
  for (const s of schemaStatus(project)) {
    if (s.state !== 'older' && s.state !== 'newer') continue;
    const text = readFileSync(s.path, 'utf8');
    const at = positionOf(text, s.stamp!.offset);
    const rel = relative(project.root, s.path);
    const message =
      s.state === 'older'
        ? `the project's ${rel} is diwan ${s.version}'s schema; the installed diwan (${s.installed}) has ${s.version === s.installed ? 'a different one' : 'a newer one'}: run "diwan upgrade-schema" to refresh it${s.edited ? ' (it was edited here: --force replaces the edits)' : ''}`
        : `the project's ${rel} comes from diwan ${s.version}, newer than the installed diwan (${s.installed}): update diwan (npm install diwan@latest)`;
    out.push({ file: s.path, line: at.line, col: at.col, severity: 'warning', rule: 'schema-version', message });
  }
  return out;
}

export interface UpgradeResult {
  name: string;
  path: string;
  from?: string;
  to: string;
  action: 'written' | 'current' | 'kept-edited' | 'kept-own';
}

/**
 * Writes the installed diwan's schemas into the project's schemas/ (stamped), atomically. A copy
 * edited in the project, or a file diwan did not copy, is kept unless `force`.
 */
export function upgradeSchemas(project: Project, opts: { force?: boolean } = {}): UpgradeResult[] {
  const to = diwanVersion();
  const status = new Map(schemaStatus(project).map((s) => [s.name, s]));
  return SHIPPED_SCHEMAS.map(({ name, file }) => {
    const s = status.get(name)!;
    const base = { name, path: s.path, from: s.version, to };
    if (s.state === 'current' && !s.edited) return { ...base, action: 'current' as const };
    if (!opts.force && s.state === 'own') return { ...base, action: 'kept-own' as const };
    if (!opts.force && s.edited) return { ...base, action: 'kept-edited' as const };
    writeFileAtomic(s.path, stamped(readFileSync(file, 'utf8'), to));
    return { ...base, action: 'written' as const };
  });
}

/** Copies diwan's schemas into a new project's schemas/ folder. */
export function copySchemas(dir: string): string[] {
  return SHIPPED_SCHEMAS.map(({ name, file }) => {
    const to = join(dir, name);
    writeFileAtomic(to, stamped(readFileSync(file, 'utf8')));
    return to;
  });
}
