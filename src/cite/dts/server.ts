import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, Hono } from 'hono';
import { readSource, type Source } from '../../parse/index.js';
import type { ServeExtension } from '../../serve/app.js';
import { toHtml } from '../../transform/html.js';
import { metadataOf } from '../../transform/metadata.js';
import { textPortion, toText } from '../../transform/text.js';
import { citabilityOf } from '../index.js';
import type { CitationTree } from '../types.js';
import { excerptHtml, excerptText, wrappedTei } from './document.js';
import { entryJson, MEDIA_TYPES, navigationJson, resourceCollectionJson, ROOT_COLLECTION, rootCollectionJson, type DtsResource, type DtsUrls } from './json.js';
import { checkRange, documentUnits, DtsError, navigate } from './navigate.js';

export const DTS_PREFIX = '/api/dts';
const enc = encodeURIComponent;

/** The level-1 API's templates (DTS 1.0's own example shapes), on this server. */
export const SERVER_URLS: DtsUrls = {
  entry: `${DTS_PREFIX}/`,
  collection: `${DTS_PREFIX}/collection/{?id,page,nav}`,
  navigation: `${DTS_PREFIX}/navigation/{?resource,ref,start,end,down,tree,page}`,
  document: `${DTS_PREFIX}/document/{?resource,ref,start,end,tree,mediaType}`,
  collectionOf: (id) => `${DTS_PREFIX}/collection/?id=${enc(id)}{&nav}`,
  navigationOf: (slug) => `${DTS_PREFIX}/navigation/?resource=${enc(slug)}{&ref,down,start,end,tree,page}`,
  documentOf: (slug) => `${DTS_PREFIX}/document/?resource=${enc(slug)}{&ref,start,end,tree,mediaType}`,
  download: (slug) => `/${enc(slug)}/${enc(slug)}.xml`,
  mediaTypes: MEDIA_TYPES,
};

/** Limits on what a request may ask: longer queries, values or repeated parameters are refused (400). */
export const LIMITS = { query: 2048, value: 512 };

const PARAMS: Record<string, readonly string[]> = {
  collection: ['id', 'page', 'nav'],
  navigation: ['resource', 'ref', 'start', 'end', 'down', 'tree', 'page'],
  document: ['resource', 'ref', 'start', 'end', 'tree', 'mediaType'],
};

interface Loaded extends DtsResource {
  source: Source;
  stamp: string;
}

/**
 * The editions of a built site (OUT/<slug>/<slug>.xml, the TEI copy diwan build writes), parsed
 * when first asked for and again when the file changes (diwan serve --watch rebuilds them).
 * A request names an edition only by a key of this list: no request value becomes a path.
 */
export class DtsSite {
  private readonly cache = new Map<string, Loaded>();
  private listed: { at: number; slugs: string[] } | undefined;

  constructor(private readonly root: string) {}

  slugs(): string[] {
    // Listed at most once a second: a load of requests reads the folder once, a rebuild shows soon.
    const now = Date.now();
    if (this.listed && now - this.listed.at < 1000) return this.listed.slugs;
    let names: string[] = [];
    try {
      names = readdirSync(this.root)
        .filter((n) => !n.startsWith('.') && !n.startsWith('_') && existsSync(join(this.root, n, `${n}.xml`)))
        .sort();
    } catch {
      names = [];
    }
    this.listed = { at: now, slugs: names };
    return names;
  }

  get(slug: string): Loaded | undefined {
    if (!this.slugs().includes(slug)) return undefined;
    const file = join(this.root, slug, `${slug}.xml`);
    let stamp: string;
    try {
      const st = statSync(file);
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      return undefined;
    }
    const hit = this.cache.get(slug);
    if (hit?.stamp === stamp) return hit;
    let source: Source;
    try {
      source = readSource(file);
    } catch {
      return undefined;
    }
    const loaded: Loaded = { slug, source, record: metadataOf(source), trees: citabilityOf(source).trees, stamp };
    this.cache.set(slug, loaded);
    return loaded;
  }

  all(): Loaded[] {
    return this.slugs()
      .map((s) => this.get(s))
      .filter((r): r is Loaded => r !== undefined);
  }
}

/** The query's parameters, each at most once, known to the endpoint, short and free of control characters. */
function paramsOf(c: Context, endpoint: string): Map<string, string> {
  const url = new URL(c.req.url);
  const raw = url.search.slice(1);
  if (raw.length > LIMITS.query) throw new DtsError(400, `the query is longer than ${LIMITS.query} characters`);
  if (/%(?![0-9A-Fa-f]{2})/.test(raw)) throw new DtsError(400, 'malformed percent-encoding in the query');
  const out = new Map<string, string>();
  for (const [k, v] of url.searchParams) {
    if (!PARAMS[endpoint]!.includes(k))
      throw new DtsError(400, `unknown parameter "${k.slice(0, 40)}" for the ${endpoint} endpoint (known: ${PARAMS[endpoint]!.join(', ')})`);
    if (out.has(k)) throw new DtsError(400, `the parameter "${k}" is given more than once`);
    if (v.length > LIMITS.value) throw new DtsError(400, `the value of "${k}" is longer than ${LIMITS.value} characters`);
    if (/[\p{Cc}\p{Cs}\uFFFE\uFFFF]/u.test(v)) throw new DtsError(400, `the value of "${k}" holds control characters`);
    out.set(k, v);
  }
  return out;
}

function treeOf(r: DtsResource, name: string | undefined): CitationTree | undefined {
  if (name === undefined) return r.trees[0];
  const t = r.trees.find((x) => x.identifier === name);
  if (!t) throw new DtsError(404, `no citation tree "${name}" for this resource`);
  return t;
}

function resourceOf(site: DtsSite, p: Map<string, string>): Loaded {
  const id = p.get('resource');
  if (id === undefined || id === '') throw new DtsError(400, 'the resource parameter is required');
  const r = site.get(id);
  if (!r) throw new DtsError(404, `no resource "${id}"`);
  return r;
}

function pageOf(p: Map<string, string>): void {
  const page = p.get('page');
  if (page === undefined) return;
  if (!/^[1-9]\d{0,5}$/.test(page)) throw new DtsError(400, 'page must be a positive integer');
  // Responses are not paginated: there is one page.
  if (page !== '1') throw new DtsError(404, `no page ${page}: the response has one page`);
}

const JSON_LD = 'application/ld+json; charset=utf-8';
/** Responses of the API are data: no scripts, no styles, no framing, whatever a client does with them. */
const DATA_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

function answer(c: Context, body: string, type: string, status = 200, extra: Record<string, string> = {}): Response {
  const headers = { 'Content-Type': type, 'Content-Security-Policy': DATA_CSP, ...extra };
  return c.req.method === 'HEAD' ? c.body(null, status as 200, headers) : c.body(body, status as 200, headers);
}

function handle(c: Context, run: () => Response): Response {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof DtsError)) throw err;
    return answer(c, `${JSON.stringify({ error: { status: err.status, message: err.message } })}\n`, 'application/json; charset=utf-8', err.status);
  }
}

/**
 * DTS 1.0 at level 1 (ranges included) over the built site, for `diwan serve`: the Entry,
 * Collection, Navigation and Document endpoints under /api/dts/, with the errors the
 * specification lists (400 for a missing resource or a bad combination of parameters, 404 for
 * an unknown resource, unit, tree or media type). Read-only (other methods: 405).
 */
export function dtsExtension(opts: { root: string }): ServeExtension {
  const site = new DtsSite(opts.root);
  return (app: Hono) => {
    const json = (c: Context, o: unknown) => answer(c, `${JSON.stringify(o)}\n`, JSON_LD);
    for (const path of [DTS_PREFIX, `${DTS_PREFIX}/`]) {
      app.get(path, (c) =>
        handle(c, () => {
          if (new URL(c.req.url).search.length > 1) throw new DtsError(400, 'the entry endpoint takes no parameters');
          return json(c, entryJson(SERVER_URLS));
        }),
      );
    }
    for (const path of [`${DTS_PREFIX}/collection`, `${DTS_PREFIX}/collection/`]) {
      app.get(path, (c) =>
        handle(c, () => {
          const p = paramsOf(c, 'collection');
          pageOf(p);
          const nav = p.get('nav') ?? 'children';
          if (nav !== 'children' && nav !== 'parents') throw new DtsError(400, 'nav must be "children" or "parents"');
          const id = p.get('id') ?? ROOT_COLLECTION;
          const all = site.all();
          if (id === ROOT_COLLECTION) return json(c, rootCollectionJson(all, SERVER_URLS, nav));
          const r = site.get(id);
          if (!r) throw new DtsError(404, `no collection or resource "${id}"`);
          return json(c, resourceCollectionJson(r, all, SERVER_URLS, nav));
        }),
      );
    }
    for (const path of [`${DTS_PREFIX}/navigation`, `${DTS_PREFIX}/navigation/`]) {
      app.get(path, (c) =>
        handle(c, () => {
          const p = paramsOf(c, 'navigation');
          const r = resourceOf(site, p);
          pageOf(p);
          const down = p.get('down');
          if (down !== undefined && !/^(-1|0|[1-9]\d{0,3})$/.test(down)) throw new DtsError(400, 'down must be an integer, -1 or more');
          const q = { ref: p.get('ref'), start: p.get('start'), end: p.get('end'), down: down === undefined ? undefined : Number(down) };
          const tree = treeOf(r, p.get('tree'));
          // A resource without a citation tree answers every request with no members (DTS 1.0, "Usage of tree").
          if (!tree) return json(c, navigationJson(r, { member: [] }, c.req.url, SERVER_URLS));
          return json(c, navigationJson(r, navigate(tree, q), c.req.url, SERVER_URLS));
        }),
      );
    }
    for (const path of [`${DTS_PREFIX}/document`, `${DTS_PREFIX}/document/`]) {
      app.get(path, (c) =>
        handle(c, () => {
          const p = paramsOf(c, 'document');
          const r = resourceOf(site, p);
          const q = { ref: p.get('ref'), start: p.get('start'), end: p.get('end') };
          checkRange(q);
          const mediaType = p.get('mediaType') ?? 'application/tei+xml';
          if (!(MEDIA_TYPES as readonly string[]).includes(mediaType))
            throw new DtsError(404, `this resource is not available as "${mediaType}" (available: ${MEDIA_TYPES.join(', ')})`);
          const tree = treeOf(r, p.get('tree'));
          const link = { Link: `<${DTS_PREFIX}/collection/?id=${enc(r.slug)}>; rel="collection"` };
          const wanted = q.ref !== undefined || q.start !== undefined;
          if (wanted && !tree) throw new DtsError(404, 'this resource has no citation tree, so no unit of it can be asked for');
          const units = tree ? documentUnits(tree, q) : null;
          if (mediaType === 'application/tei+xml') {
            const body = units ? wrappedTei(r.source, units) : r.source.text;
            return answer(c, body, 'application/tei+xml; charset=utf-8', 200, link);
          }
          // The whole resource: diwan's HTML edition and the text portion of its text edition.
          if (mediaType === 'text/html')
            return answer(c, units ? excerptHtml(r.source, units) : toHtml(r.source).output, 'text/html; charset=utf-8', 200, link);
          return answer(c, units ? excerptText(r.source, units) : `${textPortion(toText(r.source).output)}\n`, 'text/plain; charset=utf-8', 200, link);
        }),
      );
    }
    app.get(`${DTS_PREFIX}/*`, (c) =>
      handle(c, () => {
        throw new DtsError(404, 'no such DTS endpoint (entry: /api/dts/)');
      }),
    );
  };
}
