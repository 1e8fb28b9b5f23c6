import { readings } from './clitics.js';
import type { Mark, NameElement, Question } from './marks.js';
import { NAME_ELEMENT, type Entry, type Kind, type Register } from './register.js';
import { joins, nameKeys, spaceOnly, type Token } from './tokens.js';

const ARTICLE = '\u0627\u0644'; // ال (folded)

interface Target {
  entry: Entry;
  element: NameElement;
  type?: Kind;
}

interface Node {
  next: Map<string, Node>;
  targets: Target[];
}

/** A register form found in the text: tokens ti..tj, characters start..end. */
interface Candidate {
  ti: number;
  tj: number;
  start: number;
  end: number;
  /** Folded characters of the first word left outside (proclitics). */
  outside: number;
  targets: Target[];
}

const node = (): Node => ({ next: new Map(), targets: [] });

/**
 * Finds the mentions of register entries in a text. The register's forms are folded and
 * tokenised into a trie keyed by word, so one pass over the text's words, each followed only
 * as deep as some form goes, finds every candidate: linear in the text for a given register
 * (decision 0009 has the numbers).
 */
export class Matcher {
  private readonly root = node();
  private readonly ids = new Set<string>();

  constructor(register: Register) {
    for (const e of register.entries) {
      this.ids.add(e.id);
      for (const f of e.names) this.add(f.text, { entry: e, element: NAME_ELEMENT[e.kind] });
      for (const f of e.descriptions) this.add(f.text, { entry: e, element: 'rs', type: e.kind });
      for (const f of e.roles) this.add(f.text, { entry: e, element: 'roleName' });
      for (const f of e.adjectives) {
        // A relational adjective comes with or without the article: روسية, الروسية.
        const keys = nameKeys(f.text);
        const first = keys[0];
        if (!first) continue;
        const t: Target = { entry: e, element: 'rs', type: e.kind };
        this.insert(keys, t);
        if (/^[\u0621-\u064a]/.test(first)) {
          const bare = first.startsWith(ARTICLE) && first.length > 3 ? first.slice(2) : first;
          // A nisba adjective (روسي) inflects regularly: روسية، روسيون، روسيين، روسيات.
          const stems =
            bare.endsWith('\u064a') && keys.length === 1 ? [bare, ...['\u0647', '\u0648\u0646', '\u064a\u0646', '\u0627\u062a'].map((e) => bare + e)] : [bare];
          for (const st of stems) {
            this.insert([st, ...keys.slice(1)], t);
            this.insert([ARTICLE + st, ...keys.slice(1)], t);
          }
        }
      }
    }
  }

  private add(text: string, t: Target): void {
    this.insert(nameKeys(text), t);
  }

  private insert(keys: string[], t: Target): void {
    if (keys.length === 0) return;
    let n = this.root;
    for (const k of keys) {
      let c = n.next.get(k);
      if (!c) {
        c = node();
        n.next.set(k, c);
      }
      n = c;
    }
    if (!n.targets.some((x) => x.entry === t.entry && x.element === t.element)) n.targets.push(t);
  }

  /**
   * The marks for one run of text (a paragraph, or one text node of an existing document):
   * longest match wins; a match across another's boundary, or one that several entries (or
   * several readings of one entry) claim, is a question, never a guess. Names inside a
   * marked name that point elsewhere are marked inside it.
   */
  match(text: string, tokens: Token[]): { marks: Mark[]; questions: Question[] } {
    const byStart = this.candidates(text, tokens);
    const questions: Question[] = [];
    const all = byStart.flat();
    const marks = select(text, all, byStart, questions, new Set());
    return { marks, questions };
  }

  private candidates(text: string, tokens: Token[]): Candidate[][] {
    const byStart: Candidate[][] = tokens.map(() => []);
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      let best: Candidate[] = [];
      for (const r of readings(tok.key)) {
        let n = this.root.next.get(r.stem);
        const found: Candidate[] = [];
        let j = i;
        while (n) {
          if (n.targets.length) found.push({ ti: i, tj: j, start: tok.map[r.outside]!, end: tokens[j]!.end, outside: r.outside, targets: n.targets });
          const nt = tokens[j + 1];
          if (!nt || !joins(text, tokens[j]!, nt)) break;
          n = n.next.get(nt.key);
          j++;
        }
        // One reading per word: the one that reaches furthest, the plain word on a tie
        // (لبنان is not ل + بنان when both are registered).
        if (found.length && (!best.length || found[found.length - 1]!.tj > best[best.length - 1]!.tj)) best = found;
      }
      byStart[i] = best;
    }
    // Roles count only next to a name of the same person: before it (وزير الدفاع سيرغي شويغو)
    // or in apposition after it (حفتر "القائد العام …", شويغو، وزير الدفاع).
    for (const list of byStart) {
      for (let k = list.length - 1; k >= 0; k--) {
        const c = list[k]!;
        const roles = c.targets.filter((t) => t.element === 'roleName');
        if (!roles.length) continue;
        const others = c.targets.filter((t) => t.element !== 'roleName');
        const held = roles.filter((t) => namedBeside(text, tokens, byStart, c, t.entry));
        const targets = others.length ? [...others, ...held] : held;
        if (targets.length) list[k] = { ...c, targets };
        else list.splice(k, 1);
      }
    }
    return byStart;
  }
}

const APPOSITION = /^[\s\u00a0]*[,،:"«“(]?[\s\u00a0]*$/;

function namedBeside(text: string, tokens: Token[], byStart: Candidate[][], role: Candidate, e: Entry): boolean {
  const isName = (c: Candidate) => c.targets.some((t) => t.entry === e && t.element !== 'roleName' && t.element !== 'rs');
  const next = tokens[role.tj + 1];
  if (next && spaceOnly(text, tokens[role.tj]!, next) && (byStart[role.tj + 1] ?? []).some((c) => c.outside === 0 && isName(c))) return true;
  if (role.outside !== 0 || role.ti === 0) return false;
  const gap = text.slice(tokens[role.ti - 1]!.end, tokens[role.ti]!.start);
  if (!APPOSITION.test(gap)) return false;
  for (let i = role.ti - 1; i >= 0 && i >= role.ti - 6; i--) {
    if ((byStart[i] ?? []).some((c) => c.tj === role.ti - 1 && isName(c))) return true;
  }
  return false;
}

const distinct = (c: Candidate) => new Set(c.targets.map((t) => `${t.entry.id} ${t.element}`)).size;

/**
 * Chooses among candidates (all within one span): longest first; a candidate that crosses a
 * chosen one's boundary loses and is reported; two of the same length that cross are both
 * reported; a span several entries claim is reported and left unmarked (and blocks what lies
 * inside it). Then, inside each mark, the same choice among the candidates that lie strictly
 * inside it and point elsewhere.
 */
function select(text: string, cands: Candidate[], byStart: Candidate[][], questions: Question[], outer: Set<Entry>): Mark[] {
  const pool = cands.filter((c) => !c.targets.some((t) => outer.has(t.entry)));
  pool.sort((a, b) => b.tj - b.ti - (a.tj - a.ti) || a.ti - b.ti);
  const owner = new Map<number, Candidate>();
  const chosen: Candidate[] = [];
  let k = 0;
  while (k < pool.length) {
    const len = pool[k]!.tj - pool[k]!.ti;
    const group: Candidate[] = [];
    for (; k < pool.length && pool[k]!.tj - pool[k]!.ti === len; k++) {
      const c = pool[k]!;
      const owners = new Set<Candidate>();
      for (let t = c.ti; t <= c.tj; t++) {
        const o = owner.get(t);
        if (o) owners.add(o);
      }
      if (owners.size === 0) group.push(c);
      else if (owners.size === 1 && [...owners][0]!.ti <= c.ti && c.tj <= [...owners][0]!.tj)
        continue; // inside: nested later
      else ask(questions, c, 'overlap', `"${text.slice(c.start, c.end)}" (${ids(c)}) crosses the boundary of a longer match; not marked`);
    }
    group.sort((a, b) => a.ti - b.ti);
    const crossing = new Set<Candidate>();
    for (let g = 1; g < group.length; g++) {
      if (group[g]!.ti <= group[g - 1]!.tj) crossing.add(group[g]!).add(group[g - 1]!);
    }
    for (const c of group) {
      if (crossing.has(c)) {
        ask(questions, c, 'overlap', `"${text.slice(c.start, c.end)}" (${ids(c)}) overlaps another match of the same length; not marked`);
        continue;
      }
      for (let t = c.ti; t <= c.tj; t++) owner.set(t, c);
      chosen.push(c);
    }
  }
  chosen.sort((a, b) => a.ti - b.ti);
  const marks: Mark[] = [];
  for (const c of chosen) {
    if (distinct(c) > 1) {
      ask(
        questions,
        c,
        'ambiguous',
        `"${text.slice(c.start, c.end)}" could be ${c.targets.map((t) => `${t.element} ${t.entry.refs.join(' ')}`).join(' or ')}; not marked`,
      );
      continue;
    }
    const t = c.targets[0]!;
    const inner: Candidate[] = [];
    // Inside a name, names of other kinds (an adjective in a ministry's name, a place in an
    // agency's); not one of its own kind: الجزائر in الجزائر العاصمة is not a second place.
    for (let i = c.ti; i <= c.tj; i++) {
      for (const d of byStart[i] ?? []) {
        if (d.tj > c.tj || (d.ti === c.ti && d.tj === c.tj)) continue;
        if (t.element !== 'rs' && t.element !== 'roleName' && d.targets.some((x) => x.element === t.element)) continue;
        inner.push(d);
      }
    }
    const attrs: [string, string][] = [['ref', t.entry.refs.join(' ')]];
    if (t.element === 'rs') attrs.push(['type', t.type!]);
    marks.push({
      start: c.start,
      end: c.end,
      element: t.element,
      attrs,
      entries: [t.entry],
      children: inner.length ? select(text, inner, byStart, questions, new Set([...outer, t.entry])) : [],
    });
  }
  return marks;
}

const ids = (c: Candidate) => [...new Set(c.targets.map((t) => t.entry.id))].join(', ');

function ask(questions: Question[], c: Candidate, kind: Question['kind'], message: string): void {
  questions.push({ start: c.start, end: c.end, kind, message, ids: [...new Set(c.targets.map((t) => t.entry.id))] });
}
