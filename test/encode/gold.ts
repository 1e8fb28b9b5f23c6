import type { Source } from '../../src/parse/index.js';
import { newEntry, type Entry, type Register } from '../../src/encode/register.js';
import { registerFromText } from '../../src/encode/register.js';
import { TEI_NS, type XdmNode } from '../../src/xdm/node.js';

/**
 * Measuring the encoder against hand markup. A mention is (element, what it points to, its
 * text): @ref for names (rs with its @type), the normalised values for dates. Both documents'
 * mentions are read the same way from their TEI, and compared as multisets: a mention is right
 * when the hand-curated edition has one with the same element, pointer and wording.
 */
export const MENTIONS = new Set(['persName', 'placeName', 'orgName', 'rs', 'roleName', 'date']);

export interface Mention {
  element: string;
  target: string;
  text: string;
  node: XdmNode;
}

const attr = (el: XdmNode, name: string) => Array.from(el.attributes ?? []).find((a) => a.nodeName === name)?.value;
const norm = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

function stringValue(n: XdmNode): string {
  if (n.nodeType === 3) return n.nodeValue ?? '';
  let s = '';
  for (let c = n.firstChild; c; c = c.nextSibling) s += stringValue(c);
  return s;
}

/** The mentions in a TEI document's <text>, in document order. */
export function mentionsOf(source: Source): Mention[] {
  const out: Mention[] = [];
  const walk = (n: XdmNode) => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== 1) continue;
      if (c.namespaceURI === TEI_NS && MENTIONS.has(c.localName!)) {
        const element = c.localName === 'rs' ? `rs[${attr(c, 'type') ?? ''}]` : c.localName!;
        const target =
          c.localName === 'date'
            ? ['when', 'notBefore', 'notAfter', 'from', 'to', 'dur']
                .map((a) => (attr(c, a) ? `${a}=${attr(c, a)}` : ''))
                .filter(Boolean)
                .join(' ')
            : norm(attr(c, 'ref') ?? '');
        out.push({ element, target, text: norm(stringValue(c)), node: c });
      }
      walk(c);
    }
  };
  for (const t of source.tree!.byName.get(`{${TEI_NS}}text`) ?? []) walk(t);
  return out;
}

export interface Score {
  gold: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  missed: string[];
  wrong: string[];
}

const key = (m: Mention) => `${m.element} ${m.target} «${m.text}»`;

export function score(gold: Mention[], predicted: Mention[]): Score {
  const want = new Map<string, number>();
  for (const m of gold) want.set(key(m), (want.get(key(m)) ?? 0) + 1);
  let correct = 0;
  const wrong: string[] = [];
  for (const m of predicted) {
    const k = key(m);
    const n = want.get(k) ?? 0;
    if (n > 0) {
      correct++;
      want.set(k, n - 1);
    } else wrong.push(k);
  }
  const missed = [...want].flatMap(([k, n]) => Array(n).fill(k) as string[]);
  return {
    gold: gold.length,
    predicted: predicted.length,
    correct,
    precision: correct / (predicted.length || 1),
    recall: correct / (gold.length || 1),
    missed,
    wrong,
  };
}

export const show = (label: string, s: Score) =>
  `${label}: precision ${s.precision.toFixed(3)} (${s.correct}/${s.predicted}), recall ${s.recall.toFixed(3)} (${s.correct}/${s.gold})`;

/**
 * A register derived from an edition's own registers: its standOff entries (read by the TEI
 * register reader), plus every form its hand markup attests, filed under the entry it points
 * to as the element it was marked with (a name, an rs description, a role), as a project's
 * register grows from the editions made with it. A phrase pointing at several entries is a
 * group; ل + ال written لل is filed with the article restored. Forms the markup marks as rs or
 * roleName are not names even where standOff lists them as one.
 */
export function registerFromEdition(source: Source, opts: { attested: boolean }): Register {
  const entries = registerFromText(source.path, source.text);
  if (!opts.attested) return { entries, files: [source.path] };
  const byId = new Map(entries.map((e) => [e.id, e]));
  const groups = new Map<string, Entry>();
  for (const m of mentionsOf(source)) {
    if (m.element === 'date' || !m.target) continue;
    let text = m.text;
    const prev = m.node.previousSibling;
    if (prev?.nodeType === 3 && /(^|[\s\u00a0])ل$/.test(prev.nodeValue ?? '') && text.startsWith('ل')) text = `ا${text}`;
    const ids = m.target.split(' ').map((r) => r.slice(1));
    let e: Entry | undefined;
    if (ids.length > 1) {
      const id = ids.join('+');
      e = groups.get(id);
      if (!e) {
        e = newEntry(id, m.element === 'rs[person]' ? 'person' : m.element === 'rs[org]' ? 'org' : 'place', source.path);
        e.refs = ids.map((i) => `#${i}`);
        groups.set(id, e);
      }
    } else e = byId.get(ids[0]!);
    if (!e) continue;
    const list = m.element === 'roleName' ? e.roles : m.element.startsWith('rs') ? e.descriptions : e.names;
    if (!list.some((f) => f.text === text)) list.push({ text });
    if (list !== e.names) e.names = e.names.filter((f) => norm(f.text) !== text);
  }
  return { entries: [...entries, ...groups.values()], files: [source.path] };
}
