import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../check/finding.js';
import { loadRegisters } from '../encode/register.js';
import type { Manifest } from './manifest.js';
import { SIDECAR } from './manifest.js';
import type { EditionRegisters, RegisterEntry } from './edition-data.js';

/** One person, place or organisation across the corpus, with every mention of it. */
export interface CorpusEntity {
  /** Its id on the registers page: the project register's id, else a stable one made from its first entry. */
  id: string;
  kind: RegisterEntry['kind'];
  names: { text: string; lang: string }[];
  authorities: { type: string; value: string; url: string }[];
  /** Each edition it occurs in (slug order), with its mentions there. */
  editions: { slug: string; title: string; lang: string; entryId: string; mentions: { anchor: string; place: string }[] }[];
}

/**
 * An authority identifier in one spelling whatever the URL form: Wikidata's entity, wiki and
 * bare Q-number forms are one; other URLs without scheme, "www." and trailing slash, lower-case host.
 */
export function authorityKey(idno: { value: string; url: string }): string | null {
  const text = (idno.url || idno.value).trim();
  const q = /(?:^|wikidata\.org\/(?:wiki|entity)\/)(Q[1-9]\d*)$/i.exec(text);
  if (q && (/wikidata/i.test(text) || /^Q\d+$/i.test(text))) return `wikidata:${q[1]!.toUpperCase()}`;
  const m = /^https?:\/\/(?:www\.)?([^/]+)(\/.*?)?\/?$/i.exec(text);
  if (m) return `url:${m[1]!.toLowerCase()}${m[2] ?? ''}`;
  return null;
}

/** The ids a project's registers define (files that cannot be read define none: the build reports them). */
export function projectIds(files: string[] | undefined, findings: Finding[]): Set<string> {
  const ids = new Set<string>();
  for (const file of files ?? []) {
    try {
      for (const e of loadRegisters([file]).entries) ids.add(e.id);
    } catch (err) {
      findings.push({
        file,
        line: 0,
        col: 0,
        severity: 'warning',
        rule: 'registers',
        message: `the corpus registers do not use this register: ${(err as Error).message}`,
      });
    }
  }
  return ids;
}

/**
 * Joins the registers of every edition in the manifest: entries are one entity when they carry an
 * id of the project's register, or share an authority identifier (Wikidata, VIAF, GeoNames … URL);
 * any other entry stays an entity of its own edition (two editions may use one local id for two people).
 */
export function corpusRegisters(out: string, manifest: Manifest, ids: Set<string>, findings: Finding[]): CorpusEntity[] {
  type Node = { slug: string; entry: RegisterEntry; mentions: Map<string, { anchor: string; place: string }[]> };
  const nodes: Node[] = [];
  for (const slug of Object.keys(manifest.editions).sort()) {
    let data: EditionRegisters;
    try {
      data = (JSON.parse(readFileSync(join(out, slug, SIDECAR), 'utf8')) as { registers: EditionRegisters }).registers;
      if (!Array.isArray(data?.entries) || !Array.isArray(data?.mentions)) throw new Error('no registers');
    } catch {
      findings.push({
        file: join(out, slug, SIDECAR),
        line: 0,
        col: 0,
        severity: 'warning',
        rule: 'registers',
        message: 'missing or unreadable; this edition is left out of the corpus registers until it is rebuilt (--force)',
      });
      continue;
    }
    const mentions = new Map<string, { anchor: string; place: string }[]>();
    for (const m of data.mentions) {
      if (!mentions.has(m.target)) mentions.set(m.target, []);
      mentions.get(m.target)!.push({ anchor: m.anchor, place: m.place });
    }
    for (const entry of data.entries) nodes.push({ slug, entry, mentions });
  }
  // Union-find over the entries, joined by shared keys.
  const parent = nodes.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const owner = new Map<string, number>();
  nodes.forEach((n, i) => {
    const keys = [
      ...(ids.has(n.entry.id) ? [`id:${n.entry.kind}:${n.entry.id}`] : []),
      ...n.entry.idnos.map(authorityKey).filter((k): k is string => k !== null),
    ];
    for (const k of keys) {
      const j = owner.get(k);
      if (j === undefined) owner.set(k, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, Node[]>();
  nodes.forEach((n, i) => {
    const r = find(i);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(n);
  });
  const used = new Set<string>();
  const entities: CorpusEntity[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const names = distinct(
      group.flatMap((n) => n.entry.names),
      (x) => `${x.lang}\0${x.text}`,
    ).filter((x) => x.text);
    const authorities = distinct(
      group.flatMap((n) => n.entry.idnos),
      (x) => authorityKey(x) ?? `${x.type}\0${x.value}`,
    );
    const editions = group.map((n) => {
      const e = manifest.editions[n.slug]!.entry;
      return { slug: n.slug, title: e.title, lang: e.lang, entryId: n.entry.id, mentions: n.mentions.get(n.entry.id) ?? [] };
    });
    // The project's id where there is one; else the entry's id, made unique by its edition.
    const shared = group.find((n) => ids.has(n.entry.id))?.entry.id;
    let id = shared ?? `${first.entry.id}--${first.slug}`;
    for (let k = 2; used.has(id); k++) id = `${shared ?? `${first.entry.id}--${first.slug}`}-${k}`;
    used.add(id);
    entities.push({ id, kind: first.entry.kind, names, authorities, editions });
  }
  const label = (e: CorpusEntity) => (e.names.find((n) => n.lang.startsWith('en'))?.text ?? e.names[0]?.text ?? e.id).toLowerCase();
  return entities.sort((a, b) => cmp(a.kind, b.kind) || cmp(label(a), label(b)) || cmp(a.id, b.id));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function distinct<T>(xs: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
