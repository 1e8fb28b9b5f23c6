import { readFileSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { getMimeType } from 'hono/utils/mime';
import type { Finding } from '../check/finding.js';
import { errorPage, EVENTS, RELOAD_CLIENT, RELOAD_SCRIPT, type ReloadHub, withReloadClient } from './preview.js';
import { resolveSitePath } from './site.js';

/** The preview's part of the server (diwan serve --watch). */
export interface PreviewHooks {
  hub: ReloadHub;
  /** The findings of an edition whose last build failed (undefined: it built, or is unknown). */
  failures(slug: string): Finding[] | undefined;
  /** File names in error pages are shown relative to this folder (the project's). */
  base: string;
}

/**
 * A route module mounted before the site's files: the DTS API (`/api/dts/…`, issue 14) and the
 * search index's endpoints, if it needs any beyond its static files, come in as these.
 */
export type ServeExtension = (app: Hono) => void;

export interface AppOptions {
  /** The built site (diwan build's output folder). */
  root: string;
  preview?: PreviewHooks;
  /**
   * Host names (with port) the server answers to; other Host headers get 403, so a web page
   * cannot reach the preview through DNS rebinding. Undefined: any host (a server the user
   * chose to expose on the network).
   */
  allowedHosts?: string[];
  extensions?: ServeExtension[];
  /** Milliseconds between keep-alive comments on the event stream. */
  keepAliveMs?: number;
}

/** Headers on every response: no sniffing, no framing, no referrer, nothing cached (a preview is always fresh). */
const SAFE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** Active content other than HTML (whose own <meta> policy governs it): no scripts, no loads. */
const STRICT_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/** The web application of `diwan serve`: the site's files, and with `preview` the reload client, its events and error pages. */
export function createApp(opts: AppOptions): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    // Read per request: the port (part of the Host) is known only once the server listens.
    const allowed = opts.allowedHosts?.map((h) => h.toLowerCase());
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (allowed && !allowed.includes(host)) {
      const blocked = c.text(`Blocked: this server answers to ${allowed.join(', ')} only.\n`, 403);
      for (const [k, v] of Object.entries(SAFE_HEADERS)) blocked.headers.set(k, v);
      return blocked;
    }
    await next();
    for (const [k, v] of Object.entries(SAFE_HEADERS)) c.res.headers.set(k, v);
  });

  if (opts.preview) {
    const { hub } = opts.preview;
    app.get(RELOAD_SCRIPT, (c) => c.body(RELOAD_CLIENT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
    app.get(EVENTS, (c) =>
      streamSSE(c, async (stream) => {
        const remove = hub.add((event, data) => {
          void stream.writeSSE({ event, data });
        });
        stream.onAbort(remove);
        await stream.writeSSE({ event: 'hello', data: '{}' });
        while (!stream.aborted) {
          await stream.sleep(opts.keepAliveMs ?? 15_000);
          if (!stream.aborted) await stream.write(': keep-alive\n\n');
        }
        remove();
      }),
    );
  }

  for (const extend of opts.extensions ?? []) extend(app);

  app.get('*', (c) => siteFile(c, opts));
  app.all('*', (c) => c.text('Method not allowed: this server only reads.\n', 405, { Allow: 'GET, HEAD' }));
  return app;
}

async function siteFile(c: Context, opts: AppOptions): Promise<Response> {
  const url = new URL(c.req.url);
  if (opts.preview) {
    const first = url.pathname.split('/')[1] ?? '';
    let slug = '';
    try {
      slug = decodeURIComponent(first);
    } catch {
      // resolveSitePath refuses it below
    }
    const failed = slug ? opts.preview.failures(slug) : undefined;
    if (failed) return c.html(errorPage(slug, failed, opts.preview.base), 500);
  }
  const r = resolveSitePath(opts.root, url.pathname, url.search);
  if (r.kind === 'redirect') return c.redirect(r.location, 301);
  if (r.kind === 'refused') return c.text(r.status === 400 ? 'Bad request: not a path inside the site.\n' : 'Not found.\n', r.status);
  const type = getMimeType(r.file) ?? 'application/octet-stream';
  if (type.startsWith('text/html')) {
    if (opts.preview) return c.html(withReloadClient(readFileSync(r.file, 'utf8')));
    c.header('Content-Security-Policy', "frame-ancestors 'none'");
  } else if (/xml|svg/.test(type)) {
    c.header('Content-Security-Policy', STRICT_CSP);
  }
  const served = await serveStatic({ path: r.file })(c, async () => {});
  return served ?? c.text('Not found.\n', 404);
}
