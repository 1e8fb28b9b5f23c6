/**
 * What Zotero's "Embedded Metadata" translator (zotero/translators, Embedded Metadata.js) reads
 * from a page's <head>, reimplemented for tests: run in the page (page.evaluate) on the real DOM.
 * Meta names split at their first ".", ":" or "_" into a prefix known to Zotero (dc, dcterms,
 * og, prism, eprints…, or declared by <link rel="schema.X">) and a property; citation_* tags
 * map to fields (HIGHWIRE_MAPPINGS), citation_author values split at ";" (else at "," when both
 * sides hold a space) into authors, citation_keywords split at ";" into tags, citation_pdf_url
 * becomes a PDF attachment; the item type is Highwire's (journal/book/… title), else a journal
 * article guessed from citation_title, else "webpage" when there is RDF data. Dublin Core
 * statements fill what Highwire left empty (title, date, publisher, language, rights, creators),
 * as its RDF import does: dc:creator an author, dc:contributor a contributor.
 */
export interface ZoteroItem {
  itemType: string | null;
  title?: string;
  date?: string;
  publisher?: string;
  language?: string;
  url?: string;
  rights?: string;
  creators: { name: string; creatorType: string }[];
  tags: string[];
  attachments: { title: string; url: string; mimeType: string }[];
}

export function zoteroEmbeddedMetadata(): ZoteroItem {
  const HIGHWIRE: Record<string, keyof ZoteroItem> = {
    citation_title: 'title',
    citation_publication_date: 'date',
    citation_date: 'date',
    citation_publisher: 'publisher',
    citation_public_url: 'url',
    citation_language: 'language',
  };
  const prefixes: Record<string, string> = {
    bib: 'http://purl.org/net/biblio#',
    bibo: 'http://purl.org/ontology/bibo/',
    dc: 'http://purl.org/dc/elements/1.1/',
    dcterms: 'http://purl.org/dc/terms/',
    prism: 'http://prismstandard.org/namespaces/1.2/basic/',
    foaf: 'http://xmlns.com/foaf/0.1/',
    eprint: 'http://purl.org/eprint/terms/',
    eprints: 'http://purl.org/eprint/terms/',
    og: 'http://ogp.me/ns#',
    z: 'http://www.zotero.org/namespaces/export#',
  };
  for (const link of Array.from(document.getElementsByTagName('link'))) {
    const m = /^schema\.([a-zA-Z]+)/.exec(link.getAttribute('rel') ?? '');
    if (m) prefixes[m[1]!.toLowerCase()] = link.getAttribute('href') ?? '';
  }
  const metas = Array.from(document.head.getElementsByTagName('meta'));
  // Highwire: the last meta whose name ends with the tag, as Zotero's XPath picks it.
  const content = (name: string) => metas.filter((m) => (m.getAttribute('name') ?? '').endsWith(name)).map((m) => m.getAttribute('content') ?? '');
  const statements: [string, string][] = [];
  let hwType: string | null = null;
  let hwGuess: string | null = null;
  for (const meta of metas) {
    const names = (meta.getAttribute('name') ?? meta.getAttribute('property') ?? '').split(/\s+/);
    const value = meta.getAttribute('content');
    if (!value) continue;
    for (const tag of names) {
      const at = tag.search(/[.:_]/);
      const prefix = tag.slice(0, at).toLowerCase();
      if (at > 0 && prefixes[prefix]) {
        statements.push([prefixes[prefix] + tag.slice(at + 1, at + 2).toLowerCase() + tag.slice(at + 2), value]);
        continue;
      }
      const short = tag.slice(tag.lastIndexOf('citation_'));
      if (short === 'citation_journal_title') hwType = 'journalArticle';
      else if (short === 'citation_technical_report_institution') hwType = 'report';
      else if (short === 'citation_conference_title' || short === 'citation_conference') hwType = 'conferencePaper';
      else if (short === 'citation_book_title') hwType = 'bookSection';
      else if (short === 'citation_dissertation_institution') hwType = 'thesis';
      else if (short === 'citation_title' || short === 'citation_series_title') hwGuess ??= 'journalArticle';
      else if (short === 'citation_isbn') hwGuess = 'book';
    }
  }
  const item: ZoteroItem = { itemType: hwType ?? hwGuess ?? (statements.length ? 'webpage' : null), creators: [], tags: [], attachments: [] };
  for (const [tag, field] of Object.entries(HIGHWIRE)) {
    const v = content(tag).at(-1);
    if (v?.trim()) (item as unknown as Record<string, string>)[field] = v.trim().replace(/\s+/g, ' ');
  }
  for (const value of content('citation_author').concat(content('citation_authors'))) {
    let authors = value.split(/\s*;\s*/);
    if (authors.length === 1) {
      const byComma = authors[0]!.split(/\s*,\s*/);
      if (byComma.length > 1 && byComma[0]!.includes(' ') && byComma[1]!.includes(' ')) authors = byComma;
    }
    for (const a of authors) if (a.trim() && /[^\s,-.;]/.test(a)) item.creators.push({ name: a.trim(), creatorType: 'author' });
  }
  for (const value of content('citation_keywords')) for (const t of value.split(';')) if (t.trim()) item.tags.push(t.trim());
  const pdf = content('citation_pdf_url')[0];
  if (pdf) item.attachments.push({ title: 'Full Text PDF', url: pdf, mimeType: 'application/pdf' });
  // The RDF import of the Dublin Core statements: fields Highwire did not give, and creators if it gave none.
  const dc = (term: string) =>
    statements.filter(([p]) => p === `http://purl.org/dc/elements/1.1/${term}` || p === `http://purl.org/dc/terms/${term}`).map(([, v]) => v);
  const fill = (field: keyof ZoteroItem, term: string) => {
    const v = dc(term)[0];
    if (v && !(item as unknown as Record<string, unknown>)[field]) (item as unknown as Record<string, string>)[field] = v;
  };
  fill('title', 'title');
  fill('date', 'date');
  fill('publisher', 'publisher');
  fill('language', 'language');
  fill('rights', 'rights');
  if (!item.creators.length) {
    for (const v of dc('creator')) item.creators.push({ name: v, creatorType: 'author' });
    for (const v of [...new Set(dc('contributor'))]) item.creators.push({ name: v, creatorType: 'contributor' });
  }
  return item;
}
