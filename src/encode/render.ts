import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { Mark } from './marks.js';

/** Writes text[from, to) with its marks into an xmlbuilder2 fragment; line breaks become lb. */
export function renderMarks(into: XMLBuilder, text: string, marks: Mark[], from = 0, to = text.length): void {
  let at = from;
  for (const m of marks) {
    plain(into, text.slice(at, m.start));
    const el = into.ele(m.element);
    for (const [k, v] of m.attrs) el.att(k, v);
    renderMarks(el, text, m.children, m.start, m.end);
    at = m.end;
  }
  plain(into, text.slice(at, to));
}

function plain(into: XMLBuilder, s: string): void {
  s.split('\n').forEach((part, i) => {
    if (i > 0) into.ele('lb');
    if (part) into.txt(part);
  });
}
