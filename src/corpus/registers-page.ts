import { createHash } from 'node:crypto';
import { create } from 'xmlbuilder2';
import { dirOf } from '../transform/bcp47.js';
import type { CorpusEntity } from './registers.js';

const CSS = `body{font-family:"Noto Serif","Amiri",serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1a1a1a;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem}li.entity{margin:0 0 1rem}a{color:#0645ad}.names .name+.name::before{content:" · "}
.authority,.mentions{font-size:.9rem;margin:0}.count{color:#555}`;

const HEADINGS: Record<CorpusEntity['kind'], string> = { persons: 'Persons', places: 'Places', organisations: 'Organisations' };

const href = (slug: string, anchor?: string) => `${encodeURIComponent(slug)}/index.html${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;
const SAFE_URL = /^https?:\/\/[^\s<>"]+$/i;

/**
 * OUT/registers.html: every person, place and organisation of the corpus, once, with links to each
 * of its mentions in each edition (the mention anchors of the HTML editions). No script; titles and
 * names escaped by xmlbuilder2; authority links only for http(s) URLs.
 */
export function registersHtml(entities: CorpusEntity[]): string {
  const hash = `sha256-${createHash('sha256').update(CSS, 'utf8').digest('base64')}`;
  const doc = create().ele('html').att('lang', 'en').att('dir', 'ltr');
  const head = doc.ele('head');
  head.ele('meta').att('charset', 'utf-8');
  head.ele('meta').att('http-equiv', 'Content-Security-Policy').att('content', `default-src 'none'; style-src '${hash}'; base-uri 'none'; form-action 'none'`);
  head.ele('meta').att('name', 'viewport').att('content', 'width=device-width, initial-scale=1');
  head.ele('title').txt('Registers of the editions');
  head.ele('style').txt(CSS);
  const main = doc.ele('body').ele('main');
  main.ele('h1').txt('Registers');
  main.ele('p').ele('a').att('href', 'index.html').txt('All editions');
  for (const kind of ['persons', 'places', 'organisations'] as const) {
    const list = entities.filter((e) => e.kind === kind);
    if (list.length === 0) continue;
    const section = main.ele('section').att('id', kind);
    section.ele('h2').txt(`${HEADINGS[kind]} (${list.length})`);
    const ul = section.ele('ul');
    for (const e of list) {
      const li = ul.ele('li').att('class', 'entity').att('id', e.id);
      const names = li.ele('p').att('class', 'names');
      for (const n of e.names.length ? e.names : [{ text: e.id, lang: '' }]) {
        const span = names.ele('span').att('class', 'name');
        if (n.lang) span.att('lang', n.lang).att('dir', dirOf(n.lang));
        span.txt(n.text);
      }
      for (const a of e.authorities) {
        const p = li.ele('p').att('class', 'authority');
        p.txt(`${a.type || 'identifier'}: `);
        if (a.url && SAFE_URL.test(a.url)) p.ele('a').att('href', a.url).att('dir', 'ltr').txt(a.url);
        else p.ele('span').att('dir', 'ltr').txt(a.value);
      }
      const total = e.editions.reduce((s, x) => s + x.mentions.length, 0);
      li.ele('p')
        .att('class', 'count')
        .txt(`${total} mention${total === 1 ? '' : 's'} in ${e.editions.length} edition${e.editions.length === 1 ? '' : 's'}`);
      const eds = li.ele('ul').att('class', 'mentions');
      for (const ed of e.editions) {
        const item = eds.ele('li');
        item
          .ele('a')
          .att('href', href(ed.slug, ed.entryId))
          .att('lang', ed.lang)
          .att('dir', dirOf(ed.lang))
          .txt(ed.title || ed.slug);
        if (ed.mentions.length) item.txt(': ');
        ed.mentions.forEach((m, i) => {
          if (i > 0) item.txt(', ');
          item.ele('a').att('href', href(ed.slug, m.anchor)).att('class', 'mention').txt(m.place);
        });
      }
    }
  }
  return `<!DOCTYPE html>\n${doc.end({ headless: true, prettyPrint: false })}\n`;
}
