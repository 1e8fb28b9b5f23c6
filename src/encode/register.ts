import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { RegisterError } from './errors.js';
import { readDataRegister } from './register-data.js';
import { readTeiRegister } from './register-tei.js';

/** The three kinds of register entry, and the element that marks a name of each. */
export type Kind = 'person' | 'place' | 'org';
export const NAME_ELEMENT: Record<Kind, 'persName' | 'placeName' | 'orgName'> = { person: 'persName', place: 'placeName', org: 'orgName' };

/** A form of an entry as the text may write it. */
export interface Form {
  text: string;
  lang?: string;
}

/**
 * One register entry, whatever file it came from. Forms are matched Arabic-aware (fold.ts,
 * clitics.ts) and marked as:
 *   names         persName / placeName / orgName
 *   adjectives    rs type="person|place|org": relational adjectives (روسية، الليبي), matched
 *                 with or without the article
 *   descriptions  rs type="…": phrases standing for the entity (المراسلة)
 *   roles         roleName, only next to a name of the same entry (وزير الدفاع سيرغي شويغو)
 */
export interface Entry {
  /** xml:id of the entry; for a group, the ids of its members joined with "+". */
  id: string;
  kind: Kind;
  /** What @ref says: "#id", or several pointers for a group (وزيري الدفاع والخارجية). */
  refs: string[];
  names: Form[];
  adjectives: Form[];
  descriptions: Form[];
  roles: Form[];
  /** The entry as a TEI element (no namespace declaration), copied into the draft's standOff; none for groups. */
  xml?: string;
  /** Languages of the entry's TEI (xml:lang values), to declare in langUsage. */
  langs: string[];
  /** Entries its TEI points to (affiliation ref="#org"): copied with it, so its pointers resolve. */
  pointers: string[];
  file: string;
}

export interface Register {
  entries: Entry[];
  files: string[];
}

/** An empty entry of a kind, for loaders to fill. */
export function newEntry(id: string, kind: Kind, file: string): Entry {
  return { id, kind, refs: [`#${id}`], names: [], adjectives: [], descriptions: [], roles: [], langs: [], pointers: [], file };
}

/**
 * Reads register files: TEI (listPerson/listPlace/listOrg anywhere in the document, such as a
 * project's registers/register.xml or an edition's standOff), YAML (.yaml, .yml) or JSON (.json).
 * Entries with the same xml:id in several files are one entity (an entry copied from the
 * project's register into an edition keeps its id): their forms are merged, the first file's
 * TEI is kept. Throws RegisterError (file:line:col) for unreadable or malformed files.
 */
export function loadRegisters(files: string[]): Register {
  const lists = files.map((file) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ? 'cannot be read' : 'is not valid UTF-8';
      throw new RegisterError(file, 0, 0, `${why}; expected a register (TEI, YAML or JSON, UTF-8)`);
    }
    return registerFromText(file, text);
  });
  return mergeRegisters(lists, files);
}

/** Parses one register held in memory; the format comes from the file name, else the content. */
export function registerFromText(file: string, text: string): Entry[] {
  const ext = extname(file).toLowerCase();
  if (ext === '.xml' || ext === '.tei' || (ext !== '.json' && ext !== '.yaml' && ext !== '.yml' && /^\uFEFF?\s*</.test(text))) {
    return readTeiRegister(file, text);
  }
  return readDataRegister(file, text);
}

export function mergeRegisters(lists: Entry[][], files: string[]): Register {
  const byId = new Map<string, Entry>();
  const entries: Entry[] = [];
  for (const list of lists) {
    for (const e of list) {
      const seen = byId.get(e.id);
      if (!seen) {
        byId.set(e.id, e);
        entries.push(e);
        continue;
      }
      if (seen.kind !== e.kind) {
        throw new RegisterError(e.file, 0, 0, `entry "${e.id}" is a ${e.kind} here but a ${seen.kind} in ${seen.file}; expected one kind per xml:id`);
      }
      for (const k of ['names', 'adjectives', 'descriptions', 'roles'] as const) {
        const have = new Set(seen[k].map((f) => `${f.lang ?? ''}\u0000${f.text}`));
        for (const f of e[k]) if (!have.has(`${f.lang ?? ''}\u0000${f.text}`)) seen[k].push(f);
      }
      for (const l of e.langs) if (!seen.langs.includes(l)) seen.langs.push(l);
    }
  }
  return { entries, files };
}

/**
 * The entries a set of marks needs in the document: those pointed at (a group's members
 * too), and every entry their TEI points to in turn.
 */
export function entriesNeeded(register: Register, used: Iterable<Entry>): Entry[] {
  const byId = new Map(register.entries.filter((e) => e.xml).map((e) => [e.id, e]));
  const want = new Set<string>();
  const queue: string[] = [];
  const need = (id: string) => {
    if (!want.has(id) && byId.has(id)) {
      want.add(id);
      queue.push(id);
    }
  };
  for (const e of used) for (const r of e.refs) need(r.slice(1));
  while (queue.length) for (const p of byId.get(queue.pop()!)!.pointers) need(p);
  return register.entries.filter((e) => e.xml && want.has(e.id));
}
