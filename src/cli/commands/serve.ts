import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { formatFinding } from '../../check/finding.js';
import { loadProject } from '../../project/load.js';
import { buildSettings } from '../../project/settings.js';
import type { EditionReport } from '../../corpus/build.js';
import { CorpusWatcher, type WatchCause } from '../../corpus/watch.js';
import { ListenError, startServer } from '../../serve/server.js';
import { ReloadHub } from '../../serve/preview.js';
import { dtsExtension } from '../../cite/dts/server.js';
import { UsageError, type Io } from '../io.js';
import { helpText, parseOptions, type OptionName } from '../options.js';
import { stopped, stopSignal } from '../signals.js';
import { prepareCorpus, summary } from './build.js';
import { progress } from '../progress.js';
import { jsonFinding } from './validate.js';

const NAMES = [
  'watch',
  'out',
  'host',
  'port',
  'no-pdf',
  'paper',
  'chrome',
  'xslt',
  'text-xslt',
  'css',
  'reading',
  'page-breaks',
  'max-size',
  'jobs',
  'no-search',
  'json',
  'quiet',
] as const satisfies readonly OptionName[];

const HELP = helpText(
  'diwan serve [DIR] [--watch] [-o OUT] [--host 127.0.0.1] [--port 4173]',
  `Serves the built site OUT (default: the project's, else dist) on this machine, at
http://127.0.0.1:4173/. With --watch, runs "diwan build --watch" on DIR (default: the project's
editions, else editions): builds what is not up to date, then, after each change, what the change
affects, and reloads the open pages of each rebuilt edition; an edition that does not build shows
its file:line:col messages instead. Stop with Ctrl-C.

The DTS 1.0 API (level 1: ranges, down, tree, mediaType TEI/HTML/text) answers at
http://127.0.0.1:4173/api/dts/ for the editions of OUT.

The preview adds a small script (/__diwan/reload.js) to the pages it serves and allows it in their
Content-Security-Policy (script-src and connect-src 'self'); the files in OUT are not changed.`,
  NAMES,
  { out: 'the site folder (default: dist)', json: 'one JSON line at start-up ({"url": …}), one per edition built and one per build' },
);

export async function serveCommand(args: string[], io: Io, signals: AbortSignal = stopSignal()): Promise<number> {
  const { values, positionals } = parseOptions(args, NAMES);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('serve takes one DIR');
  const project = loadProject(positionals[0] ?? process.cwd());
  const settings = buildSettings(values, positionals[0], project);
  const port = values.port === undefined ? (project?.serve.port ?? 4173) : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects a number from 0 to 65535, got "${values.port}"`);
  const host = values.host ?? project?.serve.host ?? '127.0.0.1';
  const out = settings.out;
  const base = project?.root ?? process.cwd();
  const say = (line: string) => {
    if (!values.json && !values.quiet) io.err(line);
  };

  let watcher: CorpusWatcher | undefined;
  const hub = new ReloadHub();
  if (values.watch) {
    const prepared = await prepareCorpus(values, positionals[0], io);
    if (typeof prepared === 'number') return prepared;
    // The first build can be long: a bar on a terminal, lines above it.
    const bar = progress(io, prepared.total, 'building', values);
    let sink: Io = bar.io;
    watcher = new CorpusWatcher({
      ...prepared.options,
      shared: prepared.shared,
      onEdition: (r, cause) => {
        if (cause === 'start' && r.status !== 'removed') bar.tick(r.slug);
        report(r, cause, sink, values, base);
      },
      onBuild: (b) => {
        if (b.error) sink.err(`diwan: the build stopped: ${b.error.message.split('\n')[0]}`);
        else for (const f of b.result!.site) if (!values.json && (!values.quiet || f.severity === 'error')) sink.out(formatFinding(f));
        if (values.json)
          io.out(JSON.stringify({ event: 'build', cause: b.cause, ms: b.ms, ...(b.result ? { counts: b.result.counts } : { error: b.error!.message }) }));
        // Once the site is whole (index, registers, search): a page reloading now sees all of it.
        if (b.cause === 'shared') hub.reload();
        else if (b.cause === 'edition') for (const e of b.result?.editions ?? []) if (e.status !== 'fresh') hub.reload(e.slug);
      },
    });
    say(`diwan: building the editions in ${relative(process.cwd(), prepared.root) || '.'} …`);
    const first = await watcher.start();
    bar.done(first.result && `${summary(first.result)}, into ${relative(process.cwd(), out) || '.'}`);
    sink = io;
  } else if (!existsSync(out) || !statSync(out).isDirectory()) {
    io.err(`${out}:0:0: error: no built site here; run "diwan build" first, or "diwan serve --watch" to build and preview`);
    return 2;
  }

  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      root: out,
      host,
      port,
      // DTS 1.0, level 1, over the site's editions (src/cite/dts/server.ts).
      extensions: [dtsExtension({ root: out })],
      preview: watcher ? { hub, failures: (slug) => watcher.failures.get(slug), base } : undefined,
    });
  } catch (err) {
    await watcher?.close();
    if (err instanceof ListenError) {
      io.err(`diwan: ${err.message}`);
      return 2;
    }
    throw err;
  }
  if (values.json) io.out(JSON.stringify({ event: 'listening', url: server.url, root: out, watch: Boolean(watcher) }));
  else if (!values.quiet) {
    io.err(`diwan: serving ${relative(process.cwd(), out) || '.'} at ${server.url}${watcher ? ' (watching for changes)' : ''}; Ctrl-C stops`);
    if (!['127.0.0.1', 'localhost', '::1'].includes(host)) io.err(`diwan: listening on ${host}: other machines on the network can read the site`);
  }
  await stopped(signals);
  await server.close();
  await watcher?.close();
  say('diwan: stopped');
  return 0;
}

function report(r: EditionReport, cause: WatchCause, io: Io, flags: { json?: boolean; quiet?: boolean }, base: string): void {
  if (flags.json) {
    io.out(JSON.stringify({ event: r.status, slug: r.slug, cause, findings: r.findings.map(jsonFinding) }));
    return;
  }
  for (const f of r.findings) if (!flags.quiet || f.severity === 'error') io.out(formatFinding(f));
  if (flags.quiet) return;
  if (r.status === 'built') io.err(`diwan: ${cause === 'start' ? 'built' : 'rebuilt'} ${r.slug}`);
  else if (r.status === 'removed') io.err(`diwan: ${r.slug} removed`);
  else if (r.status === 'failed') {
    const n = r.findings.filter((f) => f.severity === 'error').length;
    io.err(`diwan: ${r.slug || relative(process.cwd(), base)}: not built (${n} error${n === 1 ? '' : 's'}); its page shows them`);
  }
}
