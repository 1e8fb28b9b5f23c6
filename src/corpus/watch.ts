import { isAbsolute, relative, resolve, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Finding } from '../check/finding.js';
import { discoverEditions } from '../edition/discover.js';
import type { Printer } from '../print/printer.js';
import { buildCorpus, workerSettings, type CorpusOptions, type CorpusResult, type EditionReport } from './build.js';
import { buildFingerprint } from './fingerprint.js';
import type { HashMemory } from './inputs.js';
import { warmInThread } from './pool.js';

/** What set a build off: the first build, a change inside the editions folder, or to a shared file. */
export type WatchCause = 'start' | 'edition' | 'shared';

/** One build of the watcher: its result, or the error that stopped it (a bad output folder, a full disk). */
export interface WatchedBuild {
  cause: WatchCause;
  ms: number;
  result?: CorpusResult;
  error?: Error;
}

export interface CorpusWatchOptions extends Omit<CorpusOptions, 'onEdition' | 'printer' | 'shard'> {
  /**
   * Files outside the editions folder that every edition depends on: schemas, the project's
   * stylesheets and CSS, registers. A change to one starts a build; the build's fingerprint and
   * schema hashes decide what it rebuilds.
   */
  shared?: string[];
  onEdition?: (report: EditionReport, cause: WatchCause) => void;
  onBuild?: (build: WatchedBuild) => void;
  /** Quiet period before a burst of file events is acted on (an editor's save is several). */
  settleMs?: number;
  /** Build an edition in memory once after the first build, so the first change is built warm (default true). */
  warm?: boolean;
}

/** A file name the watcher ignores: hidden files and folders, diwan's and editors' temporary files. */
const IGNORED = /(^|[/\\])(\.[^/\\]*|[^/\\]*~|[^/\\]*\.(swp|swx|tmp|diwan-tmp)|4913|node_modules)$/;

/**
 * `diwan build --watch` and `diwan serve --watch`: the corpus build (src/corpus/build.ts), run
 * again whenever a watched file changes. Each run is the same incremental build as `diwan build`
 * — the manifest decides what is stale — so the site, its index, registers, DTS files and search
 * index stay exactly what a build from nothing would write. Builds never overlap: changes seen
 * during one are built after it. A lone changed edition is built in this thread, whose SaxonJS,
 * stylesheets and compiled schemas stay loaded between builds: that is what makes a rebuild fast.
 */
export class CorpusWatcher {
  /** The findings of each edition whose last build failed (its last good build stays published). */
  readonly failures = new Map<string, Finding[]>();
  private watcher?: FSWatcher;
  private queue: Promise<void> = Promise.resolve();
  private dirty: WatchCause | null = null;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private printer?: Promise<Printer | undefined>;
  /** The editions' input hashes, kept between builds while their files' stamps hold. */
  private readonly hashes: HashMemory = new Map();
  private readonly shared: Set<string>;
  private readonly editions: string;
  private readonly out: string;

  constructor(private readonly opts: CorpusWatchOptions) {
    this.editions = resolve(opts.editions);
    this.out = resolve(opts.out);
    this.shared = new Set((opts.shared ?? []).map((p) => resolve(p)));
  }

  /** Builds (what the manifest says is stale), then starts watching. Resolves with the first build. */
  async start(): Promise<WatchedBuild> {
    const first = await this.run('start');
    if (this.closed) return first;
    this.watcher = watch([this.editions, ...this.shared], {
      ignoreInitial: true,
      ignored: (p: string) => IGNORED.test(p) || this.inOutput(resolve(p)),
      // Editors write in steps (truncate, write, rename): act on the file once it stops changing.
      awaitWriteFinish: { stabilityThreshold: 60, pollInterval: 20 },
    });
    this.watcher.on('all', (_event, path) => this.changed(resolve(path)));
    await new Promise<void>((ready) => this.watcher!.once('ready', () => ready()));
    // Said once changes are being watched: whoever reads it may edit at once.
    this.opts.onBuild?.(first);
    if (this.opts.warm !== false) this.enqueue(() => this.warmUp());
    return first;
  }

  /** Resolves once every change seen so far has been built. */
  async idle(): Promise<void> {
    while (this.timer || this.dirty) {
      await new Promise((r) => setTimeout(r, 20));
      await this.queue;
    }
    await this.queue;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.watcher?.close();
    await this.queue;
    await (await this.printer)?.close();
  }

  private inOutput(path: string): boolean {
    const rel = relative(this.out, path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  }

  private changed(path: string): void {
    if (this.closed) return;
    if (this.shared.has(path)) this.dirty = 'shared';
    else {
      const rel = relative(this.editions, path);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep)[0]!.startsWith('.')) return;
      this.dirty ??= 'edition';
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const cause = this.dirty!;
      this.dirty = null;
      // Whichever build sees a changed schema or stylesheet first compiles it again: schemas kept in
      // this thread are stamped with their files (src/cache.ts), stylesheets keyed by the fingerprint.
      this.enqueue(async () => this.opts.onBuild?.(await this.run(cause)));
    }, this.opts.settleMs ?? 40);
  }

  private enqueue(work: () => Promise<unknown>): void {
    // A failure of one step (a reporting callback that throws) must not stop the steps after it.
    this.queue = this.queue
      .then(async () => {
        if (!this.closed) await work();
      })
      .catch(() => {});
  }

  private async run(cause: WatchCause): Promise<WatchedBuild> {
    const started = Date.now();
    let done: WatchedBuild;
    try {
      const { onEdition, onBuild: _b, shared: _s, settleMs: _m, warm: _w, ...corpus } = this.opts;
      const result = await buildCorpus({
        ...corpus,
        hashMemory: this.hashes,
        openPrinter: this.opts.openPrinter ? () => this.keptPrinter() : undefined,
        onEdition: (r) => {
          if (r.status === 'failed') this.failures.set(r.slug, r.findings);
          else this.failures.delete(r.slug);
          onEdition?.(r, cause);
        },
      });
      done = { cause, ms: Date.now() - started, result };
      // Every schema an edition was validated against is shared: the project's, or one its TEI names.
      const fresh = result.schemas.filter((p) => !this.shared.has(p));
      for (const p of fresh) this.shared.add(p);
      if (fresh.length > 0) this.watcher?.add(fresh);
    } catch (err) {
      done = { cause, ms: Date.now() - started, error: err instanceof Error ? err : new Error(String(err)) };
    }
    return done;
  }

  /** One browser for the watcher's life, started when a PDF is first due; each build's close() leaves it open. */
  private async keptPrinter(): Promise<Printer | undefined> {
    this.printer ??= this.opts.openPrinter!();
    const p = await this.printer;
    return p && { print: (html, o) => p.print(html, o), close: async () => {} };
  }

  /** The first edition, built once in memory, so the in-thread builder is compiled before the first change. */
  private async warmUp(): Promise<void> {
    const first = discoverEditions(this.editions)[0];
    if (!first) return;
    try {
      const { onEdition: _e, ...corpus } = this.opts;
      await warmInThread({ dir: first.dir, settings: workerSettings(corpus, this.opts.formats, buildFingerprint(corpus)) });
    } catch {
      // An edition that does not build warms nothing; its own build will say why.
    }
  }
}
