import type { EditionRecord } from '../../transform/metadata.js';
import type { CitableUnit, CitationTree, CiteStructureNode } from '../types.js';
import type { NavigationResult } from './navigate.js';

/** DTS 1.0's JSON-LD context, named by every response (never fetched by diwan). */
export const DTS_CONTEXT = 'https://dtsapi.org/context/v1.0.json';
export const DTS_VERSION = '1.0';
export const ROOT_COLLECTION = 'diwan';

/** Media types the Document endpoint answers in (TEI first: the default). */
export const MEDIA_TYPES = ['application/tei+xml', 'text/html', 'text/plain'] as const;

/** One edition as a DTS Resource. */
export interface DtsResource {
  slug: string;
  record: EditionRecord;
  trees: CitationTree[];
}

/**
 * Where the endpoints are: the level-1 server's query-string templates, or the static site's
 * path templates (level 0). Every URL or template in a response comes from here.
 */
export interface DtsUrls {
  entry: string;
  collection: string;
  navigation: string;
  document: string;
  /** The Resource-level templates (the resource already filled in). */
  collectionOf(id: string): string;
  navigationOf(slug: string): string;
  documentOf(slug: string): string;
  download(slug: string): string;
  /** Media types the Document endpoint offers. */
  mediaTypes: readonly string[];
}

export function entryJson(urls: DtsUrls): Record<string, unknown> {
  return {
    '@context': DTS_CONTEXT,
    dtsVersion: DTS_VERSION,
    '@id': urls.entry,
    '@type': 'EntryPoint',
    collection: urls.collection,
    navigation: urls.navigation,
    document: urls.document,
  };
}

function structureJson(nodes: CiteStructureNode[]): Record<string, unknown>[] {
  return nodes.map((n) => ({ '@type': 'CiteStructure', citeType: n.citeType, ...(n.children.length ? { citeStructure: structureJson(n.children) } : {}) }));
}

export function citationTreesJson(trees: CitationTree[]): Record<string, unknown>[] {
  return trees.map((t) => ({
    '@type': 'CitationTree',
    ...(t.identifier !== null ? { identifier: t.identifier } : {}),
    ...(t.structure.length ? { citeStructure: structureJson(t.structure) } : {}),
    description: t.declared
      ? 'declared in the TEI header (refsDecl/citeStructure)'
      : "derived by diwan from the text's structure (no citation structure is declared)",
  }));
}

/** Dublin Core terms of an edition, as DTS MetadataObjects want them (language-tagged values, URIs). */
function dublinCore(record: EditionRecord): Record<string, unknown> {
  const dc: Record<string, unknown> = {
    title: record.titles.map((t) => ({ lang: t.lang || record.lang, value: t.text })),
    language: [...new Set([record.lang, ...record.languages.map((l) => l.ident)])],
  };
  if (record.publisher) dc.publisher = [record.publisher];
  const people = [...new Set([...record.authors, ...record.editors, ...record.contributors.flatMap((c) => c.names)])];
  if (record.authors.length) dc.creator = record.authors;
  if (people.length) dc.contributor = people.filter((p) => !record.authors.includes(p));
  if (record.date) dc.date = record.date;
  if (record.licence.url) dc.license = record.licence.url;
  const sources = record.sources.map((s) => s.url).filter((u): u is string => !!u);
  if (sources.length) dc.source = sources;
  return dc;
}

export function resourceJson(r: DtsResource, urls: DtsUrls, top = false): Record<string, unknown> {
  const sub = r.record.titles.find((t) => t.type === 'sub');
  return {
    ...(top ? { '@context': DTS_CONTEXT, dtsVersion: DTS_VERSION } : {}),
    '@id': r.slug,
    '@type': 'Resource',
    title: r.record.title.text,
    ...(sub ? { description: sub.text } : {}),
    totalParents: 1,
    totalChildren: 0,
    dublinCore: dublinCore(r.record),
    collection: urls.collectionOf(r.slug),
    navigation: urls.navigationOf(r.slug),
    document: urls.documentOf(r.slug),
    download: urls.download(r.slug),
    citationTrees: citationTreesJson(r.trees),
    mediaTypes: [...urls.mediaTypes],
  };
}

/** The root collection: every edition of the site, or (nav=parents) none above it. */
export function rootCollectionJson(resources: DtsResource[], urls: DtsUrls, nav: 'children' | 'parents' = 'children'): Record<string, unknown> {
  return rootCollectionOf(nav === 'parents' ? [] : resources.map((r) => resourceJson(r, urls)), resources.length, urls);
}

/** The root collection from its members as resourceJson made them (a static API updated in place keeps them). */
export function rootCollectionOf(member: Record<string, unknown>[], total: number, urls: DtsUrls): Record<string, unknown> {
  return {
    '@context': DTS_CONTEXT,
    dtsVersion: DTS_VERSION,
    '@id': ROOT_COLLECTION,
    '@type': 'Collection',
    title: 'diwan editions',
    description: 'The editions of this site, as DTS Resources (TEI P5).',
    totalParents: 0,
    totalChildren: total,
    collection: urls.collection,
    member,
  };
}

/** A Resource asked for at the Collection endpoint; nav=parents lists the root collection. */
export function resourceCollectionJson(r: DtsResource, all: DtsResource[], urls: DtsUrls, nav: 'children' | 'parents' = 'children'): Record<string, unknown> {
  const json = resourceJson(r, urls, true);
  if (nav === 'parents') {
    const root = rootCollectionJson(all, urls);
    delete root['@context'];
    delete root.dtsVersion;
    delete root.member;
    root.collection = urls.collectionOf(ROOT_COLLECTION);
    json.member = [root];
  }
  return json;
}

export function unitJson(u: CitableUnit, lang: string): Record<string, unknown> {
  const dc: Record<string, unknown> = {};
  if (u.title) dc.title = [{ lang, value: u.title }];
  for (const [term, values] of Object.entries(u.dublinCore)) if (term !== 'title') dc[term] = values;
  return {
    identifier: u.identifier,
    '@type': 'CitableUnit',
    level: u.level,
    parent: u.parent,
    citeType: u.citeType,
    ...(Object.keys(dc).length ? { dublinCore: dc } : {}),
  };
}

export function navigationJson(r: DtsResource, result: NavigationResult, self: string, urls: DtsUrls): Record<string, unknown> {
  const lang = r.record.lang;
  const json: Record<string, unknown> = {
    '@context': DTS_CONTEXT,
    dtsVersion: DTS_VERSION,
    '@type': 'Navigation',
    '@id': self,
    resource: resourceJson(r, urls),
  };
  if (result.ref) json.ref = unitJson(result.ref, lang);
  if (result.start) json.start = unitJson(result.start, lang);
  if (result.end) json.end = unitJson(result.end, lang);
  if (result.member) json.member = result.member.map((u) => unitJson(u, lang));
  return json;
}
