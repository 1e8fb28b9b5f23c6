import { existsSync, statSync } from 'node:fs';
import { watch } from 'chokidar';
import { join } from 'node:path';
import { formatFinding, type Finding } from '../../check/finding.js';
import { buildCorpus, type CorpusOptions, type CorpusResult, type EditionReport } from '../../corpus/build.js';
import { CorpusWatcher, type WatchCause, type WatchedBuild } from '../../corpus/watch.js';
import { mergeCorpus } from '../../corpus/merge.js';
import { parseShard } from '../../corpus/shard.js';
import { discoverEditions } from '../../edition/discover.js';
import { BrowserNotFoundError, findBrowser } from '../../print/browser.js';
import { openPrinter, type Printer } from '../../print/printer.js';
import { loadProject } from '../../project/load.js';
import { buildSettings } from '../../project/settings.js';
import { checkOutputDir } from '../../write/guard.js';
import type { Io } from '../io.js';
import { UsageError } from '../io.js';
import { stopped, stopSignal } from '../signals.js';
import { customisationFiles } from '../../transform/custom.js';
import { customisation } from '../customisation.js';
import { helpText, maxBytes, paperOf, parseOptions, type OptionName, type Values } from '../options.js';
import { progress } from '../progress.js';

const NAMES = [
  'out',
  'paper',
  'no-pdf',
  'chrome',
  'xslt',
  'text-xslt',
  'css',
  'reading',
  'page-breaks',
  'max-size',
  'jobs',
  'force',
  'shard',
  'merge',
  'no-search',
  'watch',
  'json',
  'quiet',
] as const satisfies readonly OptionName[];

const HELP = helpText(
  'diwan build [DIR] [-o OUT] [options]',
  `Validates and publishes every edition in DIR (default: editions). An edition is a folder
DIR/<slug>/ holding <slug>.xml (TEI P5) and, optionally, source.txt (the archival source,
which the text of the edition must reproduce character for character).
Writes OUT/<slug>/index.html, <slug>.txt, <slug>.xml (a copy of the TEI) and <slug>.pdf;
OUT/index.html listing every edition, OUT/registers.html (persons, places and organisations
across the editions) and OUT/search.html (full-text search, Pagefind).
Editions are built in parallel; an edition whose TEI, source.txt and schemas are unchanged since
the last build (OUT/.diwan-manifest.json) is not rebuilt. An edition with errors is reported and
not written; the others are still built.
With --watch, keeps running after the build and builds again, the same way, whenever a file of
an edition, a schema, a project stylesheet, CSS or register changes. Stop with Ctrl-C.`,
  NAMES,
  {
    out: 'output folder (default: dist)',
    force: 'rebuild every edition, whatever the manifest says',
    watch: 'keep running: rebuild what a changed file affects (Ctrl-C stops)',
    json: 'one JSON object: summary, and each edition with its files and findings (with --watch: one JSON line per edition and per build)',
  },
);

/** A build's options from the command line and the project, checked; or the exit status of a refusal already said. */
export interface PreparedCorpus {
  root: string;
  out: string;
  /** Where the project is (for paths in messages): its root, else the working folder. */
  base: string;
  total: number;
  options: Omit<CorpusOptions, 'onEdition'>;
  /** Files outside the editions that every edition depends on (for a watcher). */
  shared: string[];
  /** The project's configuration file, if there is a project. */
  configFile?: string;
}

type BuildValues = Values<(typeof NAMES)[number]>;
/** The options prepareCorpus reads (serve --watch has no --jobs, --force or --no-search: they stay unset). */
type PrepareValues = Values<
  'out' | 'paper' | 'no-pdf' | 'chrome' | 'xslt' | 'text-xslt' | 'css' | 'reading' | 'page-breaks' | 'max-size' | 'jobs' | 'force' | 'no-search'
>;

/**
 * What `diwan build` and `diwan serve --watch` build, and how: the editions folder, the output
 * folder, formats (no PDF when no browser is installed, said once), the project's schemas,
 * stylesheets and registers. Options win over the project's configuration.
 */
export async function prepareCorpus(values: PrepareValues, dir: string | undefined, io: Io): Promise<PreparedCorpus | number> {
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 256))
    throw new UsageError(`--jobs expects a whole number from 1 to 256, got "${values.jobs}"`);
  // Options win over the project's configuration (found from DIR, else the working folder).
  const project = loadProject(dir ?? process.cwd());
  const settings = buildSettings(values, dir, project);
  const root = settings.editions;
  const out = settings.out;
  const paper = paperOf(settings.paper);
  const registers = project?.registers.filter((f) => existsSync(f));
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    io.err(`${root}:0:0: error: no such folder; expected a folder of editions (DIR/<slug>/<slug>.xml)`);
    return 2;
  }
  checkOutputDir(out, [root]);
  const total = discoverEditions(root).length;
  // Compiled here once (and cached on disk), so the workers only load them.
  await customisation(settings.customise);
  let formats = settings.formats;
  // One browser for every edition's PDF, in this thread; the workers send it their print pages.
  // Looked for now (no browser: no PDFs, said at once); started by the build only when an edition
  // is to be built, so a build with nothing to do starts none.
  if (formats.includes('pdf') && !findBrowser({ executablePath: values.chrome })) {
    io.err(`diwan: ${new BrowserNotFoundError().message}`);
    formats = formats.filter((f) => f !== 'pdf');
  }
  const startPrinter = async (): Promise<Printer | undefined> => {
    try {
      return await openPrinter({ browserPath: values.chrome });
    } catch (err) {
      if (!(err instanceof BrowserNotFoundError)) throw err;
      io.err(`diwan: ${err.message}`);
      return undefined;
    }
  };
  const c = settings.customise;
  const shared = [
    ...(settings.defaults ? [settings.defaults.relaxng, settings.defaults.schematron] : []),
    ...customisationFiles(c).map((f) => f.file),
    ...(registers ?? []),
  ];
  return {
    root,
    out,
    base: project?.root ?? process.cwd(),
    total,
    shared,
    configFile: project?.configFile,
    options: {
      editions: root,
      out,
      formats,
      paper,
      maxBytes: maxBytes(values['max-size']),
      defaults: settings.defaults,
      customise: settings.customise,
      jobs,
      force: values.force,
      openPrinter: formats.includes('pdf') ? startPrinter : undefined,
      registers,
      search: !values['no-search'],
    },
  };
}

export async function buildCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, NAMES);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('build takes one DIR');
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (shard === null) throw new UsageError(`--shard expects K/N with 1 ≤ K ≤ N (the K-th of N slices), got "${values.shard}"`);
  if (shard && values.merge) throw new UsageError('--shard and --merge are separate steps: build each shard, then merge');
  if (values.watch && (shard || values.merge)) throw new UsageError('--watch builds the whole corpus in one place; it takes neither --shard nor --merge');
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  const quietNote = (line: string) => {
    if (!values.json && !values.quiet) io.err(line);
  };

  if (values.merge) {
    const project = loadProject(positionals[0] ?? process.cwd());
    const settings = buildSettings(values, positionals[0], project);
    const out = settings.out;
    checkOutputDir(out, existsSync(settings.editions) ? [settings.editions] : []);
    const merged = await mergeCorpus(out, { registers: project?.registers.filter((f) => existsSync(f)), search: !values['no-search'] });
    for (const f of merged.site) if (!values.json) io.out(formatFinding(f));
    if (merged.error) {
      io.err(merged.error);
      return 1;
    }
    quietNote(`merged ${merged.parts} part${merged.parts === 1 ? '' : 's'}: ${merged.editions} editions into ${out} (${seconds()} s)`);
    if (values.json) io.out(JSON.stringify({ summary: { parts: merged.parts, editions: merged.editions, out } }, null, 2));
    return 0;
  }

  const prepared = await prepareCorpus(values, positionals[0], io);
  if (typeof prepared === 'number') return prepared;
  const { root, out, total } = prepared;
  if (total === 0) {
    io.err(`${root}:0:0: error: no editions found; expected folders <slug>/ holding <slug>.xml`);
    return 1;
  }
  if (values.watch) return watchCommand(prepared, values, positionals[0], io);
  // --json: one object at the end; --quiet: errors only; a bar on a terminal (src/cli/progress.ts).
  const bar = progress(io, total, 'building', values);
  const say = bar.io;
  const show = (f: Finding) => {
    if (!values.json && (!values.quiet || f.severity === 'error')) say.out(formatFinding(f));
  };
  const note = (line: string) => {
    if (!values.json && !values.quiet) say.err(line);
  };
  const onEdition = (r: EditionReport) => {
    if (r.status !== 'removed') bar.tick(r.slug);
    reportEdition(r, out, root, show, note);
  };
  const result = await buildCorpus({ ...prepared.options, shard, onEdition });
  for (const f of result.site) show(f);
  const c = result.counts;
  const slice = shard ? ` (shard ${shard.index}/${shard.count})` : '';
  bar.done(`${summary(result)}${slice}, into ${out} (${seconds()} s)`);
  if (values.json) {
    const { jsonFinding } = await import('./validate.js');
    io.out(
      JSON.stringify(
        {
          summary: { editions: c.total, built: c.built, upToDate: c.fresh, failed: c.failed, removed: c.removed, out, ...(shard ? { shard } : {}) },
          editions: result.editions
            .filter((r) => r.status !== 'removed')
            .map((r) => ({
              slug: r.slug,
              ok: r.status !== 'failed',
              status: r.status,
              ...(r.status !== 'failed' ? { out: join(out, r.slug) } : {}),
              files: r.files.map((f) => join(out, r.slug, f)),
              findings: r.findings.map(jsonFinding),
            })),
        },
        null,
        2,
      ),
    );
  }
  return c.failed > 0 ? 1 : 0;
}

/** "3 editions: 1 built, 2 up to date, 0 not built" */
export function summary(result: CorpusResult): string {
  const c = result.counts;
  return `${c.total} edition${c.total === 1 ? '' : 's'}: ${c.built} built, ${c.fresh ? `${c.fresh} up to date, ` : ''}${c.failed} not built`;
}

/** One edition's lines: its findings, then what became of it. */
export function reportEdition(r: EditionReport, out: string, root: string, show: (f: Finding) => void, note: (line: string) => void): void {
  if (r.status === 'removed') {
    note(`diwan: removed ${r.slug} from ${out} (its folder is gone from ${root})`);
    return;
  }
  for (const f of r.findings) show(f);
  if (r.status === 'failed') note(`diwan: ${r.slug}: not built (${r.why ?? 'failed'})`);
  else if (r.status === 'built') note(`diwan: built ${r.slug} -> ${join(out, r.slug)}${r.files.some((f) => f.endsWith('.pdf')) ? '' : ' (no PDF)'}`);
}

/**
 * `diwan build --watch`: the build, then the same build again after every change (src/corpus/watch.ts),
 * until Ctrl-C. With --json, one line per edition settled and one per build. An edited project
 * configuration is read again and the watcher started anew with it (a bad one is said, and the
 * running watcher kept).
 */
async function watchCommand(first: PreparedCorpus, values: BuildValues, dir: string | undefined, io: Io): Promise<number> {
  const { jsonFinding } = await import('./validate.js');
  const signal = stopSignal();
  const note = (line: string) => {
    if (!values.json && !values.quiet) io.err(line);
  };
  const open = (prepared: PreparedCorpus): { watcher: CorpusWatcher; started: Promise<unknown> } => {
    const { out, root } = prepared;
    const bar = progress(io, prepared.total, 'building', values);
    let say: Io = bar.io;
    const show = (f: Finding) => {
      if (!values.quiet || f.severity === 'error') say.out(formatFinding(f));
    };
    const watcher = new CorpusWatcher({
      ...prepared.options,
      shared: prepared.shared,
      onEdition: (r: EditionReport, cause: WatchCause) => {
        if (values.json) io.out(JSON.stringify({ event: r.status, slug: r.slug, cause, findings: r.findings.map(jsonFinding) }));
        else {
          if (cause === 'start' && r.status !== 'removed') bar.tick(r.slug);
          reportEdition(r, out, root, show, (line) => !values.quiet && say.err(line));
        }
      },
      onBuild: (b: WatchedBuild) => {
        if (values.json) {
          io.out(JSON.stringify({ event: 'build', cause: b.cause, ms: b.ms, ...(b.result ? { counts: b.result.counts } : { error: b.error!.message }) }));
          return;
        }
        if (b.result) for (const f of b.result.site) show(f);
        const line = b.error
          ? `diwan: the build stopped: ${b.error.message.split('\n')[0]}`
          : `${summary(b.result!)} (${(b.ms / 1000).toFixed(2)} s); watching ${root} (Ctrl-C stops)`;
        if (b.cause === 'start') {
          bar.done(b.error ? undefined : values.quiet ? undefined : line);
          if (b.error) io.err(line);
          say = io;
        } else if (b.error) io.err(line);
        else if (!values.quiet) io.err(line);
      },
    });
    return { watcher, started: watcher.start() };
  };
  let current = open(first);
  // The configuration file, watched on its own: a change to it changes what is built, and how.
  let again: Promise<void> = Promise.resolve();
  const config = first.configFile
    ? watch(first.configFile, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 60, pollInterval: 20 } })
    : undefined;
  config?.on('change', () => {
    again = again.then(async () => {
      if (signal.aborted) return;
      let next: PreparedCorpus | number;
      try {
        next = await prepareCorpus(values, dir, io);
      } catch (err) {
        io.err(`diwan: the changed configuration was not applied: ${err instanceof Error ? err.toString().replace(/^Error: /, '') : String(err)}`);
        return;
      }
      if (typeof next === 'number') return;
      note(`diwan: ${first.configFile} changed: building again with it`);
      await current.started;
      await current.watcher.close();
      current = open(next);
    });
  });
  await Promise.race([current.started, stopped(signal)]);
  await stopped(signal);
  await config?.close();
  await again;
  await current.watcher.close();
  // Ended by a signal: the command's status is the signal's (src/cli/signals.ts).
  return 0;
}
