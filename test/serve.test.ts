import { createServer } from 'node:net';
import { cpSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relaxPolicy, withReloadClient } from '../src/serve/preview.js';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../src/print/browser.js';
import { browserPath, noBrowser } from './helpers/browser.js';
import { ADDED_RULE, addWarningRule } from './helpers/corpus.js';
import { bin, diwan, initSeed, newProject, seedDir } from './helpers/project.js';
import { openEvents, rawGet, startServe, type ServeEvent, type ServeProcess } from './helpers/serve.js';

// diwan serve over real HTTP on loopback: a project with two editions, the preview started as a
// user starts it (--watch), files edited on disk, the reload seen on the event stream and in a
// real headless browser.
const TITLE = 'Haftar holds talks in Moscow, and al-Ghawil calls for him to be put on trial';
let project: string;
let seed: string;
let serve: ServeProcess;

beforeAll(async () => {
  project = newProject();
  seed = initSeed(project);
  initSeed(project, 'second-copy');
  serve = await startServe([process.execPath, bin, 'serve', '--watch', '--no-pdf'], project);
}, 300_000);

afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
});

const built = (slug: string, cause: string) => (e: { event: string; slug?: string; cause?: string }) =>
  e.event === 'built' && e.slug === slug && e.cause === cause;

describe('diwan serve --watch: the site', () => {
  it('builds every edition at start, then serves the list, the editions and their files', async () => {
    // Built by the pool, in the order they finish.
    expect(
      serve.events
        .filter((e) => e.event === 'built' && e.cause === 'start')
        .map((e) => e.slug)
        .sort(),
    ).toEqual(['haftar-moscow-2016', 'second-copy']);
    const index = await fetch(serve.url);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('href="haftar-moscow-2016/index.html"');
    const page = await fetch(new URL('haftar-moscow-2016/', serve.url));
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain(TITLE);
    const txt = await fetch(new URL('haftar-moscow-2016/haftar-moscow-2016.txt', serve.url));
    expect(txt.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await txt.text()).toContain(readFileSync(join(seedDir, 'source.txt'), 'utf8'));
    const tei = await fetch(new URL('haftar-moscow-2016/haftar-moscow-2016.xml', serve.url));
    expect(Buffer.from(await tei.arrayBuffer()).equals(readFileSync(seed))).toBe(true);
    // TEI could carry XHTML script: as a document it gets a policy that runs nothing.
    expect(tei.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
  });

  it("redirects a folder to its slash, so the page's relative links resolve", async () => {
    const r = await rawGet(serve.port, '/haftar-moscow-2016?x=1');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/haftar-moscow-2016/?x=1');
  });

  it('adds the reload client and relaxes the CSP in what it serves only, not in the files', async () => {
    const served = await (await fetch(new URL('haftar-moscow-2016/', serve.url))).text();
    expect(served).toContain('<script src="/__diwan/reload.js" defer></script></head>');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(served)![1]!;
    // The page's own script (the cite control, by its hash) stays allowed beside the reload client.
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'( 'sha256-[^']+')*; .*script-src 'sha256-[^']+' 'self'; connect-src 'self'$/);
    const onDisk = readFileSync(join(project, 'dist', 'haftar-moscow-2016', 'index.html'), 'utf8');
    expect(onDisk).not.toContain('reload.js');
    expect(onDisk).not.toContain("script-src 'self'");
    const client = await fetch(new URL('__diwan/reload.js', serve.url));
    expect(client.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await client.text()).toContain('new EventSource("/__diwan/events")');
  });

  it('sets safe headers on every response', async () => {
    for (const path of ['/', '/haftar-moscow-2016/', '/haftar-moscow-2016/haftar-moscow-2016.txt', '/nothing-here', '/__diwan/reload.js']) {
      const r = await rawGet(serve.port, path);
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
      expect(r.headers['x-frame-options'], path).toBe('DENY');
      expect(r.headers['referrer-policy'], path).toBe('no-referrer');
      expect(r.headers['cache-control'], path).toBe('no-store');
    }
  });

  it('refuses paths outside the site folder: traversal, encoded traversal, NUL, backslashes, hidden files, symlinks out', async () => {
    // A symbolic link inside the site that leads out of it, and one that stays inside.
    symlinkSync('/etc', join(project, 'dist', 'etc-link'));
    symlinkSync(join(project, 'dist', 'haftar-moscow-2016'), join(project, 'dist', 'inner-link'));
    writeFileSync(join(project, 'dist', '.secret'), 'hidden');
    const refused: [string, number][] = [
      ['/../../../../etc/passwd', 404], // the URL parser resolves the dots: /etc/passwd, not in the site
      ['/%2e%2e/%2e%2e/etc/passwd', 404],
      ['/..%2f..%2f..%2fetc%2fpasswd', 400],
      ['/haftar-moscow-2016/..%2f..%2fdiwan.config.json', 400],
      ['/%2e%2e%2fdiwan.config.json', 400],
      ['/haftar-moscow-2016/..%5c..%5cdiwan.config.json', 400],
      ['/haftar-moscow-2016/index.html%00.txt', 400],
      ['/%E0%A4%A', 400],
      ['/etc-link/passwd', 404],
      ['/etc-link/', 404],
      ['/.secret', 404],
      ['//etc/passwd', 400],
    ];
    for (const [path, status] of refused) {
      const r = await rawGet(serve.port, path);
      expect(r.status, path).toBe(status);
      expect(r.body, path).not.toMatch(/root:|"editions"|hidden/);
    }
    expect((await rawGet(serve.port, '/inner-link/haftar-moscow-2016.txt')).status).toBe(200);
  });

  it('answers HEAD like GET, without a body', async () => {
    const head = await rawGet(serve.port, '/haftar-moscow-2016/haftar-moscow-2016.txt', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBe(statSync(join(project, 'dist', 'haftar-moscow-2016', 'haftar-moscow-2016.txt')).size);
  });

  it('answers only to loopback host names (no DNS rebinding) and only reads', async () => {
    expect((await rawGet(serve.port, '/', { host: 'evil.example:80' })).status).toBe(403);
    expect((await rawGet(serve.port, '/', { host: `localhost:${serve.port}` })).status).toBe(200);
    const post = await rawGet(serve.port, '/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });
});

describe('diwan serve --watch: editing', () => {
  it('rebuilds only the edition whose file changed, and tells its open pages to reload', async () => {
    const events = await openEvents(serve.url);
    await events.next('hello');
    const other = join(project, 'dist', 'second-copy', 'index.html');
    const otherBefore = statSync(other).mtimeMs;
    const from = serve.events.length;
    const reload = events.next('reload');
    writeFileSync(seed, readFileSync(seed, 'utf8').replace(TITLE, `${TITLE} (revised)`));
    await serve.waitFor(built('haftar-moscow-2016', 'edition'), from);
    expect(JSON.parse(await reload)).toEqual({ slug: 'haftar-moscow-2016' });
    expect(await (await fetch(new URL('haftar-moscow-2016/', serve.url))).text()).toContain(`${TITLE} (revised)`);
    // Nothing else was built.
    expect(
      serve.events
        .slice(from)
        .filter((e) => e.event === 'built')
        .map((e) => e.slug),
    ).toEqual(['haftar-moscow-2016']);
    expect(statSync(other).mtimeMs).toBe(otherBefore);
    events.stop();
  });

  it('shows the file:line:col messages of an edition that does not build, instead of the stale edition', async () => {
    const from = serve.events.length;
    const good = readFileSync(seed, 'utf8');
    writeFileSync(seed, good.replace('<p xml:id="p1" n="1">', '<para xml:id="p1" n="1">').replace(/(<para[\s\S]*?)<\/p>/, '$1</para>'));
    const failed = await serve.waitFor((e) => e.event === 'failed' && e.slug === 'haftar-moscow-2016', from);
    const first = failed.findings!.find((f) => f.severity === 'error')!;
    const r = await fetch(new URL('haftar-moscow-2016/', serve.url));
    expect(r.status).toBe(500);
    const page = await r.text();
    expect(page).toContain('haftar-moscow-2016 was not built');
    expect(page).toContain(`editions/haftar-moscow-2016/haftar-moscow-2016.xml:${first.line}:${first.col}: error: element "para" not allowed`);
    expect(page).not.toContain(TITLE);
    expect(page).toContain('<script src="/__diwan/reload.js" defer="defer"></script>');
    // The other edition is still served.
    expect((await fetch(new URL('second-copy/', serve.url))).status).toBe(200);
    // Fixed: the edition comes back.
    const again = serve.events.length;
    writeFileSync(seed, good);
    await serve.waitFor(built('haftar-moscow-2016', 'edition'), again);
    const back = await fetch(new URL('haftar-moscow-2016/', serve.url));
    expect(back.status).toBe(200);
    expect(await back.text()).toContain(TITLE);
  });

  it("reloads the page open in a real browser when its file is saved, within the page's CSP", async (ctx) => {
    if (!browserPath) {
      if (process.env.CI === 'true') throw new Error(`under CI=true: ${noBrowser}`);
      return ctx.skip(noBrowser);
    }
    // diwan's Chromium resolves no host name at all; the preview needs loopback.
    const args = CHROMIUM_ARGS.map((a) => (a.startsWith('--host-resolver-rules=') ? `${a}, EXCLUDE 127.0.0.1` : a));
    const browser = await chromium.launch({ executablePath: browserPath, args });
    try {
      const page = await browser.newPage();
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
      });
      await page.goto(new URL('haftar-moscow-2016/', serve.url).href, { waitUntil: 'load' });
      // The client marks the page once its event stream is open.
      await page.waitForFunction(() => document.documentElement.dataset.diwanPreview === 'connected');
      const reloaded = page.waitForEvent('load', { timeout: 60_000 });
      const from = serve.events.length;
      writeFileSync(seed, readFileSync(seed, 'utf8').replace(TITLE, `${TITLE} (seen in the browser)`));
      await serve.waitFor(built('haftar-moscow-2016', 'edition'), from);
      await reloaded;
      expect(await page.content()).toContain(`${TITLE} (seen in the browser)`);
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("rebuilds every edition when the project's schema changes, against the new schema", async () => {
    const sch = join(project, 'schemas', 'diwan.sch');
    const from = serve.events.length;
    const before = addWarningRule(sch);
    // Each edition is built again with the new rule's warning, by whichever build sees the change
    // first (one queued before it may); the change itself sets off a build of its own.
    const fired = (e: ServeEvent) => e.findings!.some((f) => f.message === ADDED_RULE);
    const rebuilt = (slug: string, withRule: boolean) => (e: ServeEvent) => e.event === 'built' && e.slug === slug && fired(e) === withRule;
    await Promise.all(['haftar-moscow-2016', 'second-copy'].map((slug) => serve.waitFor(rebuilt(slug, true), from)));
    await serve.waitFor((e) => e.event === 'build' && e.cause === 'shared', from);
    const back = serve.events.length;
    writeFileSync(sch, before);
    await Promise.all(['haftar-moscow-2016', 'second-copy'].map((slug) => serve.waitFor(rebuilt(slug, false), back)));
  });

  it('picks up a new edition folder', async () => {
    const from = serve.events.length;
    cpSync(join(project, 'editions', 'second-copy'), join(project, 'editions', 'third'), { recursive: true });
    // The TEI must be named after its folder: until then the folder is not an edition.
    cpSync(join(project, 'editions', 'third', 'second-copy.xml'), join(project, 'editions', 'third', 'third.xml'));
    const third = await serve.waitFor(built('third', 'edition'), from);
    // The list of editions is written once the build is over (with the registers and search index).
    await serve.waitFor((e) => e.event === 'build', serve.events.indexOf(third));
    expect((await fetch(new URL('third/', serve.url))).status).toBe(200);
    expect(await (await fetch(serve.url)).text()).toContain('href="third/index.html"');
  });
});

describe('diwan serve: start-up', () => {
  it('without --watch serves an existing build; without one it says what to run (exit 2)', async () => {
    const p = newProject();
    const r = diwan(['serve'], p);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(p, 'dist')}:0:0: error: no built site here; run "diwan build" first`);
    initSeed(p);
    expect(diwan(['build', '--no-pdf', '--quiet'], p).code).toBe(0);
    const plain = await startServe([process.execPath, bin, 'serve'], p);
    try {
      const page = await (await fetch(new URL('haftar-moscow-2016/', plain.url))).text();
      expect(page).toContain(TITLE);
      // No preview: the page is the file as built.
      expect(page).not.toContain('reload.js');
      expect((await fetch(new URL('__diwan/events', plain.url))).status).toBe(404);
    } finally {
      expect(await plain.stop()).toBe(0);
    }
  });

  it('a port in use is one sentence and exit 2', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = diwan(['serve', '--port', String(port), '-o', join(project, 'dist')], project);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`diwan: 127.0.0.1:${port} is in use; pass --port N`);
    } finally {
      blocker.close();
    }
  });
});

describe("the preview's CSP relaxation", () => {
  it("adds 'self' for the client only, keeping every other directive", () => {
    expect(relaxPolicy("default-src 'none'; style-src 'sha256-x'")).toBe("default-src 'none'; style-src 'sha256-x'; script-src 'self'; connect-src 'self'");
    expect(relaxPolicy("default-src 'none'; script-src 'none'; connect-src https://a.example")).toBe(
      "default-src 'none'; script-src 'self'; connect-src https://a.example 'self'",
    );
    expect(relaxPolicy("script-src 'sha256-abc'")).toBe("script-src 'sha256-abc' 'self'; connect-src 'self'");
    const page = withReloadClient(
      '<html><head><META HTTP-EQUIV="content-security-policy" CONTENT="default-src \'none\'"><title>t</title></head><body></body></html>',
    );
    expect(page).toBe(
      '<html><head><META HTTP-EQUIV="content-security-policy" CONTENT="default-src \'none\'; script-src \'self\'; connect-src \'self\'"><title>t</title><script src="/__diwan/reload.js" defer></script></head><body></body></html>',
    );
  });
});
