import { ISOLATE_END, ISOLATE_START } from './csl.js';

/** Stand-ins the CSL processor carries through: where a passage's URL and locator go in a template. */
export const URL_SLOT = '\uE020';
export const LOCATOR_SLOT = '\uE021';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * citeproc-js's HTML as a small, well-formed XHTML fragment the stylesheet can copy into the
 * page: only i, b, sup, sub and small capitals (a class: the page's CSP allows no style
 * attributes) are kept, every other tag is dropped for its text; right-to-left runs become
 * <bdi dir="rtl">, the slots empty elements the page's script fills (data-slot).
 */
export function safeHtml(html: string, rtlLang: string | null): string {
  let out = '';
  // Open tags, each with the element it was written as (null: dropped, its text kept).
  const open: { tag: string; as: string | null }[] = [];
  const close = (e: { as: string | null }) => {
    if (e.as) out += `</${e.as}>`;
  };
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*)>|([^<]+)/g)) {
    if (m[4] !== undefined) {
      out += escapeXml(decode(m[4]))
        .replaceAll(ISOLATE_START, `<bdi dir="rtl"${rtlLang ? ` lang="${rtlLang}"` : ''}>`)
        .replaceAll(ISOLATE_END, '</bdi>')
        .replaceAll(URL_SLOT, '<a class="cite-url" data-slot="url" dir="ltr"></a>')
        .replaceAll(LOCATOR_SLOT, '<span data-slot="locator"></span>');
      continue;
    }
    const tag = m[2]!.toLowerCase();
    const attrs = m[3] ?? '';
    if (m[1] === '/') {
      const at = open.map((e) => e.tag).lastIndexOf(tag);
      if (at >= 0) while (open.length > at) close(open.pop()!);
    } else if (!/\/\s*$/.test(attrs)) {
      const as = ['i', 'b', 'sup', 'sub', 'span'].includes(tag) ? tag : null;
      open.push({ tag, as });
      if (as) out += tag === 'span' && /small-caps/.test(attrs) ? '<span class="sc">' : `<${as}>`;
    }
  }
  while (open.length) close(open.pop()!);
  return out.trim();
}

/** citeproc-js's text output with right-to-left runs between FSI and PDI (U+2068, U+2069). */
export function isolatedText(text: string): string {
  return text.replaceAll(ISOLATE_START, '\u2068').replaceAll(ISOLATE_END, '\u2069').trim();
}
