import { analyse, Matcher, tokenize, type Mark } from '../../src/encode/index.js';
import { newEntry, type Entry, type Kind, type Register } from '../../src/encode/register.js';

/** A register written inline: [id, kind, names, extra forms]. */
export function reg(...specs: [string, Kind, string[], Partial<Pick<Entry, 'adjectives' | 'descriptions' | 'roles'>>?][]): Register {
  return {
    files: ['test.yaml'],
    entries: specs.map(([id, kind, names, extra]) => {
      const e = newEntry(id, kind, 'test.yaml');
      e.names = names.map((text) => ({ text }));
      Object.assign(e, extra);
      e.xml = `<${kind} xml:id="${id}"/>`;
      return e;
    }),
  };
}
export const forms = (...t: string[]) => t.map((text) => ({ text }));

/** The text marked up inline, as the TEI will show it: ب[placeName #moscow: موسكو]. */
export function marked(text: string, register: Register, date?: string): string {
  const found = analyse(text, new Matcher(register), date ? { y: +date.slice(0, 4), m: +date.slice(5, 7), d: +date.slice(8, 10) } : null);
  const show = (ms: Mark[], from: number, to: number): string => {
    let s = '';
    let at = from;
    for (const m of ms) {
      s += text.slice(at, m.start);
      const a = m.attrs.map(([k, v]) => (k === 'ref' ? v : `${k}=${v}`)).join(' ');
      s += `[${m.element} ${a}: ${show(m.children, m.start, m.end)}]`;
      at = m.end;
    }
    return s + text.slice(at, to);
  };
  return show(found.marks, 0, text.length);
}

export const questionsOf = (text: string, register: Register, date?: string) =>
  analyse(text, new Matcher(register), date ? { y: +date.slice(0, 4), m: +date.slice(5, 7), d: +date.slice(8, 10) } : null).questions;

export { tokenize };
