import type { CslItem, CslName } from './csl.js';

/**
 * The downloads for reference managers, written from the CSL items: BibTeX (biblatex fields,
 * UTF-8, so Arabic stays Arabic), RIS and CSL-JSON. Written here rather than by citation-js's
 * BibTeX and RIS plugins, which turn non-Latin titles into blanks (they map characters to LaTeX
 * commands and drop the rest) and fold long RIS lines (a URL then breaks across lines).
 */
export function bibtexOf(items: CslItem[]): string {
  return items.map(bibtexEntry).join('\n');
}

const BIBTEX_TYPES: Record<string, string> = { webpage: 'online', 'article-newspaper': 'article', article: 'article', document: 'misc', book: 'book' };

function bibtexEntry(item: CslItem): string {
  const fields: [string, string | undefined][] = [
    ['title', item.title],
    ['author', item.author && `\u0000${names(item.author)}`],
    ['editor', item.editor && `\u0000${names(item.editor)}`],
    ['journaltitle', item.type.startsWith('article') ? item['container-title'] : undefined],
    ['publisher', item.publisher],
    ['date', dateOf(item, '-')],
    ['url', item.URL],
    ['langid', item.language],
    ['type', item.genre],
  ];
  const key = item.id.replace(/[^A-Za-z0-9_:-]/g, '-');
  // Names come escaped already (marked by a NUL); a URL only loses braces and backslashes.
  const value = (k: string, v: string) => (v.startsWith('\u0000') ? v.slice(1) : k === 'url' ? v.replace(/[{}\\]/g, '') : tex(v));
  const body = fields.filter(([, v]) => v).map(([k, v]) => `  ${k} = {${value(k, v!)}},`);
  return `@${BIBTEX_TYPES[item.type] ?? 'misc'}{${key},\n${body.join('\n')}\n}\n`;
}

/** Braces protect what BibTeX would otherwise change (capitals, "and" inside an organisation's name). */
function names(list: CslName[]): string {
  return list.map((n) => ('literal' in n ? `{${tex(n.literal)}}` : `${tex(n.family)}${n.given ? `, ${tex(n.given)}` : ''}`)).join(' and ');
}

function tex(s: string): string {
  return s
    .replace(/[\\{}]/g, (c) => (c === '\\' ? '\\textbackslash{}' : `\\${c}`))
    .replace(/([&%$#_])/g, '\\$1')
    .replace(/~/g, '\\textasciitilde{}')
    .replace(/\^/g, '\\textasciicircum{}');
}

function dateOf(item: CslItem, sep: string): string | undefined {
  const p = item.issued?.['date-parts'][0];
  return p ? p.map((n, i) => (i === 0 ? String(n).padStart(4, '0') : String(n).padStart(2, '0'))).join(sep) : undefined;
}

const RIS_TYPES: Record<string, string> = { webpage: 'ELEC', 'article-newspaper': 'NEWS', article: 'JOUR', document: 'GEN', book: 'BOOK' };

/** RIS: one tag per line ("TY  - "), CR LF as the format has it, no folding. */
export function risOf(items: CslItem[]): string {
  const lines: string[] = [];
  for (const item of items) {
    const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
    lines.push(`TY  - ${RIS_TYPES[item.type] ?? 'GEN'}`, `ID  - ${item.id}`, `TI  - ${flat(item.title)}`);
    for (const a of item.author ?? []) lines.push(`AU  - ${'literal' in a ? a.literal : `${a.family}${a.given ? `, ${a.given}` : ''}`}`);
    for (const a of item.editor ?? []) lines.push(`A2  - ${'literal' in a ? a.literal : `${a.family}${a.given ? `, ${a.given}` : ''}`}`);
    if (item['container-title'] && item.type.startsWith('article')) lines.push(`T2  - ${flat(item['container-title'])}`);
    if (item.publisher) lines.push(`PB  - ${flat(item.publisher)}`);
    const day = dateOf(item, '/');
    if (day) lines.push(`PY  - ${day.slice(0, 4)}`, `DA  - ${day}`);
    if (item.URL) lines.push(`UR  - ${item.URL}`);
    if (item.language) lines.push(`LA  - ${item.language}`);
    if (item.genre) lines.push(`M3  - ${item.genre}`);
    lines.push('ER  - ', '');
  }
  return lines.join('\r\n');
}

export function cslJsonOf(items: CslItem[]): string {
  return `${JSON.stringify(items, null, 2)}\n`;
}
