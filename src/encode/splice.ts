import type { Source } from '../parse/index.js';
import { TEI_NS, type XdmNode } from '../xdm/node.js';
import { analyse } from './analyse.js';
import { parseDay } from './dates.js';
import type { Mark } from './marks.js';
import { Matcher } from './matcher.js';
import { entriesNeeded, type Entry, type Register } from './register.js';
import { buildReport, type Located } from './report.js';
import type { EncodeResult } from './encode.js';

/** Elements whose content is not searched: marks already made, notes, readings of a choice, code. */
const SKIP = new Set(['persName', 'placeName', 'orgName', 'rs', 'roleName', 'name', 'date', 'time', 'note', 'figDesc', 'choice', 'code', 'ref', 'ptr', 'gap']);

/** Decoded text of a raw XML character-data slice, with each character's raw start and end; null if it holds what it cannot decode here. */
function decode(raw: string, base: number): { text: string; starts: number[]; ends: number[] } | null {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < raw.length; ) {
    const c = raw.charAt(i);
    if (c === '&') {
      const m = /^&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/.exec(raw.slice(i, i + 12));
      if (!m) return null;
      const ch = m[1]
        ? String.fromCodePoint(parseInt(m[1], 16))
        : m[2]
          ? String.fromCodePoint(Number(m[2]))
          : { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[m[3] as 'lt'];
      for (let k = 0; k < ch.length; k++) {
        text += ch.charAt(k);
        starts.push(base + i);
        ends.push(base + i + m[0].length);
      }
      i += m[0].length;
    } else if (c === '\r') {
      const len = raw.charAt(i + 1) === '\n' ? 2 : 1;
      text += '\n';
      starts.push(base + i);
      ends.push(base + i + len);
      i += len;
    } else {
      text += c;
      starts.push(base + i);
      ends.push(base + i + 1);
      i++;
    }
  }
  return { text, starts, ends };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const attrOf = (el: XdmNode, name: string) => Array.from(el.attributes ?? []).find((a) => a.nodeName === name)?.value;

/**
 * Adds marks to an existing TEI document without re-serialising it: the parse stage's offsets
 * locate each text node of <text> in the file, and start and end tags are spliced into those
 * ranges; every other byte stays as it was. Text already inside a name or date (and notes,
 * choices, code) is left alone, so a second run marks nothing twice. Entries the marks point
 * to that the document lacks are added to its standOff, their languages to langUsage.
 */
export function encodeTei(source: Source, register: Register, opts: { date?: string; matcher?: Matcher } = {}): EncodeResult {
  const tree = source.tree;
  if (!tree) throw new Error(`${source.path}: the parse stage kept no tree; expected a TEI document read with readSource`);
  const xml = source.text;
  const today = opts.date ? parseDay(opts.date) : null;
  if (opts.date && !today) throw new Error(`--date expects a real day as YYYY-MM-DD, got "${opts.date}"`);
  const matcher = opts.matcher ?? new Matcher(register);
  const inserts: { at: number; order: number; s: string }[] = [];
  const runs: Located[] = [];
  const used = new Set<Entry>();

  const visit = (n: XdmNode): void => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 1) {
        if (c.namespaceURI === TEI_NS && SKIP.has(c.localName!)) continue;
        visit(c);
      } else if (c.nodeType === 3 && n.namespaceURI === TEI_NS) {
        const at = tree.textStarts.get(c);
        if (at === undefined) continue;
        const stop = xml.indexOf('<', at);
        const d = decode(xml.slice(at, stop < 0 ? xml.length : stop), at);
        if (!d || d.text !== c.nodeValue) continue; // CDATA or a declared entity: left alone
        const found = analyse(d.text, matcher, today);
        if (!found.marks.length && !found.questions.length && !found.suggestions.length) continue;
        runs.push({ found, text: d.text, toFile: (o) => d.starts[o] ?? d.ends[d.ends.length - 1]! });
        const prefix = n.nodeName.includes(':') ? `${n.nodeName.slice(0, n.nodeName.indexOf(':'))}:` : '';
        const put = (m: Mark, depth: number) => {
          const attrs = m.attrs.map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
          inserts.push({ at: d.starts[m.start]!, order: 1000 + depth, s: `<${prefix}${m.element}${attrs}>` });
          inserts.push({ at: d.ends[m.end - 1]!, order: -depth, s: `</${prefix}${m.element}>` });
          for (const e of m.entries) used.add(e);
          for (const k of m.children) put(k, depth + 1);
        };
        for (const m of found.marks) put(m, 1);
      }
    }
  };
  for (const t of tree.byName.get(`{${TEI_NS}}text`) ?? []) {
    let up = t.parentNode;
    while (up && !(up.namespaceURI === TEI_NS && up.localName === 'text')) up = up.parentNode;
    if (!up) visit(t);
  }

  addEntries(source, register, used, inserts);
  // Closing tags before opening ones at one offset; inner closings first, outer openings first.
  inserts.sort((a, b) => b.at - a.at || b.order - a.order);
  let out = xml;
  for (const ins of inserts) out = out.slice(0, ins.at) + ins.s + out.slice(ins.at);
  // Entries the document's own marks already point to are in use, not "never found".
  const referenced = new Set<string>();
  for (const el of tree.elements) for (const t of (attrOf(el, 'ref') ?? '').split(/\s+/)) if (t.startsWith('#')) referenced.add(t.slice(1));
  return { xml: out, report: buildReport(source.path, tree.lines, runs, register, referenced) };
}

function indentAt(xml: string, at: number): string {
  const line = xml.lastIndexOf('\n', at - 1) + 1;
  const lead = xml.slice(line, at);
  return /^[ \t]*$/.test(lead) ? lead : '';
}

/** Splices the entries the new marks point to, and their languages, into the document. */
function addEntries(source: Source, register: Register, used: Set<Entry>, inserts: { at: number; order: number; s: string }[]): void {
  const tree = source.tree!;
  const xml = source.text;
  const ids = new Set<string>();
  for (const el of tree.elements) {
    const id = attrOf(el, 'xml:id');
    if (id) ids.add(id);
  }
  const lists = { person: 'listPerson', place: 'listPlace', org: 'listOrg' } as const;
  const add: Record<keyof typeof lists, Entry[]> = { person: [], place: [], org: [] };
  const langs = new Set<string>();
  for (const e of entriesNeeded(register, used)) {
    if (ids.has(e.id)) continue;
    add[e.kind].push(e);
    for (const l of e.langs) langs.add(l);
  }
  const el = (local: string) => tree.byName.get(`{${TEI_NS}}${local}`) ?? [];
  const idx = (n: XdmNode) => tree.index.get(n)!;
  const standOff = el('standOff')[0];
  const missing: string[] = [];
  for (const kind of ['person', 'place', 'org'] as const) {
    if (!add[kind].length) continue;
    const list = standOff ? el(lists[kind]).find((l) => l.parentNode === standOff) : undefined;
    if (list) {
      const i = idx(list);
      const ind = indentAt(xml, tree.starts[i]!);
      inserts.push({ at: tree.ends[i]!, order: 0, s: add[kind].map((e) => `  ${e.xml}\n${ind}`).join('') });
    } else {
      missing.push(`<${lists[kind]}>\n${add[kind].map((e) => `  ${e.xml}`).join('\n')}\n</${lists[kind]}>`);
    }
  }
  if (missing.length) {
    if (standOff) {
      const i = idx(standOff);
      const ind = indentAt(xml, tree.starts[i]!);
      inserts.push({ at: tree.ends[i]!, order: 0, s: missing.map((m) => `  ${m.replace(/\n/g, `\n${ind}  `)}\n${ind}`).join('') });
    } else {
      const text = el('text').find((t) => t.parentNode?.localName === 'TEI');
      if (text) {
        const i = idx(text);
        const ind = indentAt(xml, tree.starts[i]!);
        inserts.push({
          at: tree.starts[i]!,
          order: 0,
          s: `<standOff>\n${ind}${missing.map((m) => `  ${m.replace(/\n/g, `\n${ind}  `)}`).join(`\n${ind}`)}\n${ind}</standOff>\n${ind}`,
        });
      }
    }
  }
  const langUsage = el('langUsage')[0];
  if (langUsage && langs.size) {
    const declared = new Set(el('language').map((l) => attrOf(l, 'ident')));
    const i = idx(langUsage);
    const ind = indentAt(xml, tree.starts[i]!);
    const lines = [...langs]
      .filter((l) => !declared.has(l))
      .sort()
      .map((l) => `  <language ident="${esc(l)}">${esc(l)}</language>\n${ind}`);
    if (lines.length) inserts.push({ at: tree.ends[i]!, order: 0, s: lines.join('') });
  }
}
