import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDED_RULE, addWarningRule, seedCorpus, treeOf } from './helpers/corpus.js';
import { bin, diwan, initSeed, newProject, tmp } from './helpers/project.js';
import { startJsonLines } from './helpers/serve.js';

// `diwan build --watch`, run as a user runs it: the corpus build, then the same incremental build
// again after each change on disk, read from its JSON lines. What it leaves must be what a build
// from nothing writes.
const base = tmp('diwan-watch-');
const slugs = ['w1', 'w2', 'w3'];
const editions = seedCorpus(base, slugs);
const out = join(base, 'dist');
// The project's own CSS (a customisation every edition is built with).
const css = join(base, 'custom.css');
writeFileSync(css, '.diwan-watch-test { color: #123456; }\n');
let watch: Awaited<ReturnType<typeof startJsonLines>>;

beforeAll(async () => {
  // Built once before: the watcher starts from an up-to-date site.
  expect(diwan(['build', editions, '-o', out, '--no-pdf', '--css', css, '--quiet'], base).code).toBe(0);
  watch = await startJsonLines(
    [process.execPath, bin, 'build', editions, '-o', out, '--no-pdf', '--css', css, '--watch', '--json'],
    base,
    (e) => e.event === 'build' && e.cause === 'start',
  );
}, 300_000);

afterAll(async () => {
  await watch?.stop();
  rmSync(base, { recursive: true, force: true });
});

/** The next build after event `from`, once it is over. */
const nextBuild = (from: number, cause = 'edition') => watch.waitFor((e) => e.event === 'build' && e.cause === cause, from);
const statuses = (from: number, to: number) =>
  Object.fromEntries(
    watch.events
      .slice(from, to)
      .filter((e) => e.slug && e.event !== 'fresh')
      .map((e) => [e.slug, e.event]),
  );
const stamp = (slug: string) => statSync(join(out, slug, 'index.html')).mtimeMs;

describe('diwan build --watch', () => {
  it('starts from the manifest: nothing to build, every edition up to date', () => {
    expect(watch.ready.counts).toMatchObject({ total: 3, built: 0, fresh: 3, failed: 0 });
    expect(watch.events.filter((e) => e.event === 'fresh').map((e) => e.slug)).toEqual(slugs);
  });

  it("rebuilds only the edition whose file changed, and the site's pages with it", async () => {
    const before = { w1: stamp('w1'), w3: stamp('w3') };
    const from = watch.events.length;
    const file = join(editions, 'w2', 'w2.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('>Copy 2: a TEI P5', '>Copy 2 (revised): a TEI P5'));
    const b = await nextBuild(from);
    expect(b.counts).toMatchObject({ built: 1, fresh: 2, failed: 0 });
    expect(statuses(from, watch.events.indexOf(b))).toEqual({ w2: 'built' });
    expect(readFileSync(join(out, 'w2', 'w2.xml'), 'utf8')).toContain('Copy 2 (revised)');
    expect(readFileSync(join(out, 'w2', 'index.html'), 'utf8')).toContain('Copy 2 (revised)');
    expect({ w1: stamp('w1'), w3: stamp('w3') }).toEqual(before);
  });

  it('reports an edition that does not parse with file:line:col, keeps its last good build, and builds it once fixed', async () => {
    const file = join(editions, 'w3', 'w3.xml');
    const good = readFileSync(file, 'utf8');
    let from = watch.events.length;
    writeFileSync(file, good.replace('</TEI>', ''));
    let b = await nextBuild(from);
    expect(b.counts).toMatchObject({ built: 0, failed: 1 });
    const failed = watch.events.slice(from).find((e) => e.event === 'failed')!;
    expect(failed.slug).toBe('w3');
    const f = failed.findings!.find((x) => x.severity === 'error')!;
    expect(f.file).toBe(file);
    expect(f.line).toBeGreaterThan(1);
    expect(existsSync(join(out, 'w3', 'index.html'))).toBe(true);
    // Still watching: the fix is picked up.
    from = watch.events.length;
    writeFileSync(file, good);
    b = await nextBuild(from);
    expect(b.counts).toMatchObject({ built: 1, failed: 0 });
    expect(statuses(from, watch.events.indexOf(b))).toEqual({ w3: 'built' });
  });

  it('takes in a new edition and drops a removed one', async () => {
    let from = watch.events.length;
    // Made beside the editions folder and moved in whole, as an archivist's copy would be.
    cpSync(join(editions, 'w1'), join(base, 'w4'), { recursive: true });
    renameSync(join(base, 'w4', 'w1.xml'), join(base, 'w4', 'w4.xml'));
    renameSync(join(base, 'w4'), join(editions, 'w4'));
    let b = await watch.waitFor((e) => e.event === 'build' && (e.counts?.built ?? 0) > 0, from);
    expect(statuses(from, watch.events.indexOf(b))).toEqual({ w4: 'built' });
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('href="w4/index.html"');
    from = watch.events.length;
    rmSync(join(editions, 'w1'), { recursive: true });
    b = await watch.waitFor((e) => e.event === 'build' && (e.counts?.removed ?? 0) > 0, from);
    expect(statuses(from, watch.events.indexOf(b))).toEqual({ w1: 'removed' });
    expect(existsSync(join(out, 'w1'))).toBe(false);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('href="w1/index.html"');
  });

  it('watches the schemas the editions name: a changed Schematron rule rebuilds every edition against it', async () => {
    const sch = join(base, 'schemas', 'diwan.sch');
    const from = watch.events.length;
    const before = addWarningRule(sch);
    // Built again, all of them, with the new rule's warning (by the build that saw the change first).
    const fired = (e: { event: string; findings?: { message: string }[] }) => e.findings!.some((x) => x.message === ADDED_RULE);
    for (const slug of ['w2', 'w3', 'w4']) await watch.waitFor((e) => e.event === 'built' && e.slug === slug && fired(e), from);
    // The change is seen as one to a shared file (it sets off a build of its own, which may find the
    // editions already rebuilt by a build that was queued before it).
    await watch.waitFor((e) => e.event === 'build' && e.cause === 'shared', from);
    const back = watch.events.length;
    writeFileSync(sch, before);
    for (const slug of ['w2', 'w3', 'w4']) await watch.waitFor((e) => e.event === 'built' && e.slug === slug && !fired(e), back);
  });

  it("rebuilds every edition with the project's CSS when it is edited", async () => {
    const from = watch.events.length;
    writeFileSync(css, '.diwan-watch-test { color: #654321; }\n');
    const html = (slug: string) => readFileSync(join(out, slug, 'index.html'), 'utf8');
    // Read once a build is over (the one the change set off, or one queued before it).
    await watch.waitFor((e) => e.event === 'build' && ['w2', 'w3', 'w4'].every((slug) => html(slug).includes('#654321')), from);
    for (const slug of ['w2', 'w3', 'w4']) expect(html(slug)).not.toContain('#123456');
    expect(watch.events.slice(from).filter((e) => e.event === 'built').length).toBeGreaterThanOrEqual(3);
  });

  it('leaves the site a build from nothing would write, byte for byte; Ctrl-C stops it with nothing half-written', async () => {
    const fresh = join(base, 'fresh');
    expect(diwan(['build', editions, '-o', fresh, '--no-pdf', '--css', css, '--quiet'], base).code).toBe(0);
    // Editing after the last build: the watcher must not be mid-build when the trees are compared.
    const from = watch.events.length;
    appendFileSync(join(editions, 'w2', 'w2.xml'), '\n<!-- saved again -->\n');
    await nextBuild(from);
    expect(diwan(['build', editions, '-o', fresh, '--no-pdf', '--css', css, '--quiet'], base).code).toBe(0);
    const watched = treeOf(out);
    const rebuilt = treeOf(fresh);
    expect(Object.keys(watched)).toEqual(Object.keys(rebuilt));
    for (const name of Object.keys(rebuilt)) expect(watched[name], name).toBe(rebuilt[name]);
    expect(await watch.interrupt('SIGINT')).toBe(130);
    expect(watch.stderr()).toContain('stopped by SIGINT');
    expect(watch.stderr()).not.toContain('internal error');
    const left = (readdirSync(out, { recursive: true }) as string[]).filter((n) => /diwan-tmp|\.tmp/.test(n));
    expect(left).toEqual([]);
  });
});

describe("diwan build --watch in a project: the project's configuration", () => {
  it('is read again when it is edited (a bad edit is said and the running watcher kept)', async () => {
    const project = newProject();
    const tei = initSeed(project);
    const config = join(project, 'diwan.config.json');
    const good = readFileSync(config, 'utf8');
    const p = await startJsonLines(
      [process.execPath, bin, 'build', '--no-pdf', '--watch', '--json'],
      project,
      (e) => e.event === 'build' && e.cause === 'start',
    );
    try {
      expect(p.ready.counts).toMatchObject({ total: 1, built: 1 });
      // Another paper size: another fingerprint, so the edition is built again by the new watcher.
      let from = p.events.length;
      writeFileSync(config, good.replace('"paper": "A4"', '"paper": "Letter"'));
      const restarted = await p.waitFor((e) => e.event === 'build' && e.cause === 'start', from);
      expect(restarted.counts).toMatchObject({ total: 1, built: 1 });
      // A configuration that does not parse: said with its place; the watcher goes on.
      writeFileSync(config, good.replace('"paper": "A4",', '"paper": "A4" "oops",'));
      await expect.poll(() => p.stderr(), { timeout: 60_000 }).toMatch(/the changed configuration was not applied: .*diwan\.config\.json:\d+:\d+/);
      from = p.events.length;
      writeFileSync(tei, readFileSync(tei, 'utf8').replace('</TEI>', '<!-- edited --></TEI>'));
      const b = await p.waitFor((e) => e.event === 'build' && e.cause === 'edition', from);
      expect(b.counts).toMatchObject({ built: 1 });
      expect(p.events.slice(from).some((e) => e.event === 'build' && e.cause === 'start')).toBe(false);
      expect(await p.interrupt('SIGINT')).toBe(130);
    } finally {
      await p.stop();
    }
  });
});
