import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { formatFinding } from '../../check/finding.js';
import { Validator } from '../../check/validate.js';
import { discoverEditions } from '../../edition/discover.js';
import { BrowserNotFoundError } from '../../print/browser.js';
import { openPrinter, type Printer } from '../../print/printer.js';
import { loadProject } from '../../project/load.js';
import { buildSettings } from '../../project/settings.js';
import { EditionWatcher, type WatchEvent } from '../../serve/watch.js';
import { ListenError, startServer } from '../../serve/server.js';
import { ReloadHub } from '../../serve/preview.js';
import { dtsExtension } from '../../cite/dts/server.js';
import { sweepTemporaries } from '../../write/atomic.js';
import { checkOutputDir } from '../../write/guard.js';
import { customisation } from '../customisation.js';
import { UsageError, type Io } from '../io.js';
import { helpText, maxBytes, paperOf, parseOptions, type OptionName } from '../options.js';
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
  'json',
  'quiet',
] as const satisfies readonly OptionName[];

const HELP = helpText(
  'diwan serve [DIR] [--watch] [-o OUT] [--host 127.0.0.1] [--port 4173]',
  `Serves the built site OUT (default: the project's, else dist) on this machine, at
http://127.0.0.1:4173/. With --watch, first builds every edition in DIR (default: the project's
editions, else editions), then rebuilds the edition whose file changed and reloads its open pages;
an edition that does not build shows its file:line:col messages instead. Stop with Ctrl-C.

The DTS 1.0 API (level 1: ranges, down, tree, mediaType TEI/HTML/text) answers at
http://127.0.0.1:4173/api/dts/ for the editions of OUT.

The preview adds a small script (/__diwan/reload.js) to the pages it serves and allows it in their
Content-Security-Policy (script-src and connect-src 'self'); the files in OUT are not changed.`,
  NAMES,
  { out: 'the site folder (default: dist)', json: 'one JSON line at start-up ({"url": …}) and one per rebuild' },
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

  let watcher: EditionWatcher | undefined;
  let printer: Printer | undefined;
  const hub = new ReloadHub();
  if (values.watch) {
    const editions = settings.editions;
    if (!existsSync(editions) || !statSync(editions).isDirectory()) {
      io.err(`${editions}:0:0: error: no such folder; expected a folder of editions (DIR/<slug>/<slug>.xml)`);
      return 2;
    }
    checkOutputDir(out, [editions]);
    sweepTemporaries(out);
    let formats = settings.formats;
    if (formats.includes('pdf')) {
      try {
        printer = await openPrinter({ browserPath: values.chrome });
      } catch (err) {
        if (!(err instanceof BrowserNotFoundError)) throw err;
        say(`diwan: ${err.message}`);
        formats = formats.filter((f) => f !== 'pdf');
      }
    }
    const readOptions = { maxBytes: maxBytes(values['max-size']) };
    const custom = settings.customise;
    // The first build of every edition can be long: a bar on a terminal, lines above it.
    const total = discoverEditions(editions).length;
    const bar = progress(io, total, 'building', values);
    let sink: Io = bar.io;
    let failed = 0;
    watcher = new EditionWatcher({
      editions,
      out,
      formats,
      paper: paperOf(settings.paper),
      validator: () => new Validator({ ...readOptions, defaults: settings.defaults }),
      customisation: () => customisation(custom),
      shared: {
        schemas: settings.defaults ? [settings.defaults.relaxng, settings.defaults.schematron] : [],
        customisation: [custom.xslt, custom['text-xslt'], custom.css].filter((p): p is string => p !== undefined),
      },
      printer,
      maxBytes: readOptions.maxBytes,
      hub,
      onEvent: (e) => {
        if (e.cause === 'start') {
          bar.tick(e.slug);
          if (e.type === 'failed') failed++;
        }
        report(e, sink, values, base);
      },
    });
    say(`diwan: building the editions in ${relative(process.cwd(), editions) || '.'} …`);
    try {
      await watcher.start();
    } catch (err) {
      bar.done();
      await printer?.close();
      throw err;
    }
    bar.done(`${total} edition${total === 1 ? '' : 's'}: ${total - failed} built, ${failed} not built, into ${relative(process.cwd(), out) || '.'}`);
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
    await printer?.close();
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
  await new Promise<void>((done) => {
    if (signals.aborted) done();
    else signals.addEventListener('abort', () => done(), { once: true });
  });
  await server.close();
  await watcher?.close();
  await printer?.close();
  say('diwan: stopped');
  return 0;
}

function report(e: WatchEvent, io: Io, flags: { json?: boolean; quiet?: boolean }, base: string): void {
  if (flags.json) {
    io.out(JSON.stringify({ event: e.type, slug: e.slug, ms: e.ms, cause: e.cause, findings: e.findings.map(jsonFinding) }));
    return;
  }
  for (const f of e.findings) if (!flags.quiet || f.severity === 'error') io.out(formatFinding(f));
  if (flags.quiet) return;
  const s = (e.ms / 1000).toFixed(1);
  if (e.type === 'built') io.err(`diwan: ${e.cause === 'start' ? 'built' : 'rebuilt'} ${e.slug} (${s} s)`);
  else if (e.type === 'removed') io.err(`diwan: ${e.slug} removed`);
  else {
    const n = e.findings.filter((f) => f.severity === 'error').length;
    io.err(`diwan: ${e.slug || relative(process.cwd(), base)}: not built (${n} error${n === 1 ? '' : 's'}); its page shows them`);
  }
}

/** Aborted on Ctrl-C (SIGINT) or SIGTERM. */
function stopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}
