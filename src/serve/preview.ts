import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { create } from 'xmlbuilder2';
import type { Finding } from '../check/finding.js';

/** Where the preview's own files live; a slug cannot start with "_", so no edition is shadowed. */
export const PREVIEW_PREFIX = '/__diwan';
export const RELOAD_SCRIPT = `${PREVIEW_PREFIX}/reload.js`;
export const EVENTS = `${PREVIEW_PREFIX}/events`;

/**
 * The reload client, served as a file of its own so that the page's CSP needs `script-src 'self'`
 * only (no inline script, no hash to keep in step). It listens to the server's events and reloads
 * the page when its edition (or, for the list of editions, any edition) was rebuilt.
 */
export const RELOAD_CLIENT = `// diwan serve --watch: reloads this page when its edition is rebuilt.
(() => {
  const here = decodeURIComponent(location.pathname.split('/')[1] || '');
  const events = new EventSource(${JSON.stringify(EVENTS)});
  // Says on the page that it is connected (tests and the curious read it).
  events.addEventListener('open', () => { document.documentElement.dataset.diwanPreview = 'connected'; });
  events.addEventListener('reload', (e) => {
    const { slug } = JSON.parse(e.data);
    if (!slug || here === '' || here === 'index.html' || slug === here) location.reload();
  });
})();
`;

/** The open pages' event streams: `diwan serve --watch` tells them when an edition was rebuilt. */
export class ReloadHub {
  private readonly clients = new Set<(event: string, data: string) => void>();

  add(send: (event: string, data: string) => void): () => void {
    this.clients.add(send);
    return () => this.clients.delete(send);
  }

  get size(): number {
    return this.clients.size;
  }

  /** Every open page whose edition is `slug` (every page for undefined) reloads. */
  reload(slug?: string): void {
    const data = JSON.stringify({ slug: slug ?? null });
    for (const send of this.clients) send('reload', data);
  }
}

/**
 * An edition's HTML as the preview serves it: the reload client added before </head>, and the
 * page's Content-Security-Policy (a <meta>, which a response header could only narrow, never
 * widen) given `script-src 'self'` and `connect-src 'self'` for it. Only the preview's responses
 * are changed; the files written to the site folder keep their strict policy.
 */
export function withReloadClient(html: string): string {
  const relaxed = html.replace(/<meta\b[^>]*>/gi, (tag) => {
    if (!/http-equiv\s*=\s*(["']?)content-security-policy\1/i.test(tag)) return tag;
    return tag.replace(/(\bcontent\s*=\s*)(["'])(.*?)\2/is, (_m, pre: string, q: string, policy: string) => `${pre}${q}${relaxPolicy(policy)}${q}`);
  });
  const tag = `<script src="${RELOAD_SCRIPT}" defer></script>`;
  const at = relaxed.search(/<\/head\s*>/i);
  return at >= 0 ? `${relaxed.slice(0, at)}${tag}${relaxed.slice(at)}` : `${relaxed}${tag}`;
}

/** A CSP with 'self' added to script-src and connect-src (each made from default-src's absence of them). */
export function relaxPolicy(policy: string): string {
  const directives = policy
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
  for (const name of ['script-src', 'connect-src']) {
    const i = directives.findIndex((d) => d.toLowerCase().split(/\s+/)[0] === name);
    if (i < 0) directives.push(`${name} 'self'`);
    else {
      // 'none' cannot stand beside a source; 'self' replaces it.
      const sources = directives[i]!.split(/\s+/)
        .slice(1)
        .filter((s) => s.toLowerCase() !== "'none'");
      if (!sources.includes("'self'")) sources.push("'self'");
      directives[i] = `${name} ${sources.join(' ')}`;
    }
  }
  return directives.join('; ');
}

const ERROR_CSS = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a;background:#fff}
h1{font-size:1.4rem;color:#a00}ol{padding-left:1.5rem}li{margin:.4rem 0}code{font-family:ui-monospace,monospace;font-size:.9rem;white-space:pre-wrap;word-break:break-word}
.warning{color:#6a4a00}.error{color:#a00}`;

/**
 * The page the preview shows in place of an edition that did not build: every finding as
 * `file:line:col: severity: message`, errors first (file names relative to the project), with the
 * reload client so that the page turns back into the edition once it builds again.
 */
export function errorPage(slug: string, findings: Finding[], base: string): string {
  const doc = create().ele('html').att('lang', 'en').att('dir', 'ltr');
  const head = doc.ele('head');
  head.ele('meta').att('charset', 'utf-8');
  const hash = `sha256-${createHash('sha256').update(ERROR_CSS, 'utf8').digest('base64')}`;
  head
    .ele('meta')
    .att('http-equiv', 'Content-Security-Policy')
    .att('content', `default-src 'none'; style-src '${hash}'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'`);
  head.ele('title').txt(`${slug}: not built`);
  head.ele('style').txt(ERROR_CSS);
  // An empty text node: xmlbuilder2 then writes <script …></script>, never the <script/> HTML misreads.
  head.ele('script').att('src', RELOAD_SCRIPT).att('defer', 'defer').txt('');
  const main = doc.ele('body').ele('main');
  main.ele('h1').txt(`${slug} was not built`);
  const errors = findings.filter((f) => f.severity === 'error');
  main.ele('p').txt(`${errors.length} error${errors.length === 1 ? '' : 's'}; the page reloads when the edition builds again.`);
  const list = main.ele('ol').att('class', 'findings');
  const ordered = [...errors, ...findings.filter((f) => f.severity !== 'error')];
  for (const f of ordered) {
    const file = f.file ? relative(base, f.file) || f.file : '';
    list.ele('li').att('class', f.severity).ele('code').txt(`${file}:${f.line}:${f.col}: ${f.severity}: ${f.message}`);
  }
  return `<!DOCTYPE html>\n${doc.end({ headless: true, prettyPrint: false })}\n`;
}
