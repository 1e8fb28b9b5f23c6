import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Finding } from '../check/finding.js';
import { clearSchemaMemory } from '../check/relaxng/index.js';
import { inputFinding, type Validator } from '../check/validate.js';
import { buildEdition, type BuildOptions, type Format } from '../edition/build.js';
import { catalogueEntry, catalogueHtml, type CatalogueEntry } from '../edition/catalogue.js';
import { loadEdition } from '../edition/load.js';
import { InputError } from '../parse/index.js';
import type { Paper } from '../print/page.js';
import type { Printer } from '../print/printer.js';
import { writeFileAtomic } from '../write/atomic.js';
import { writeEdition } from '../write/edition.js';
import type { ReloadHub } from './preview.js';

/** What happened to an edition in the watcher, for the command to report. */
export interface WatchEvent {
  type: 'built' | 'failed' | 'removed';
  slug: string;
  ms: number;
  findings: Finding[];
  /** What set it off: the initial build, a change to the edition, or to a schema or customisation. */
  cause: 'start' | 'edition' | 'shared';
}

export interface WatcherOptions {
  /** The editions folder (<slug>/<slug>.xml). */
  editions: string;
  /** The site folder the editions are written to. */
  out: string;
  formats: Format[];
  paper: Paper;
  /** A validator for the build; called again (after the compiled schemas are dropped) when a schema changes. */
  validator: () => Validator;
  /** The project's stylesheets and CSS, compiled; called again when one of them changes. */
  customisation: () => Promise<Pick<BuildOptions, 'html' | 'text'>>;
  /** Files outside the editions whose change rebuilds every edition: schemas, stylesheets, CSS. */
  shared?: { schemas: string[]; customisation: string[] };
  printer?: Printer;
  maxBytes?: number;
  hub?: ReloadHub;
  onEvent?: (e: WatchEvent) => void;
  /** Quiet period before a burst of file events is acted on (an editor's save is several). */
  settleMs?: number;
}

/** A file name the watcher ignores: hidden files, diwan's and editors' temporary files. */
const IGNORED = /(^|[/\\])(\.[^/\\]*|[^/\\]*~|[^/\\]*\.(swp|swx|tmp|diwan-tmp)|4913)$/;

/**
 * Keeps the site folder in step with the editions: builds them all once, then, watching the
 * editions folder, rebuilds only the edition whose folder changed (a schema or customisation file
 * rebuilds all), one build at a time, with the same validator (schemas stay compiled) and printer.
 * A failed build keeps its findings for the preview's error page; open pages are told to reload.
 */
export class EditionWatcher {
  /** The findings of each edition whose last build failed. */
  readonly failures = new Map<string, Finding[]>();
  private readonly entries = new Map<string, CatalogueEntry>();
  private watcher?: FSWatcher;
  private validator: Validator;
  private custom?: Pick<BuildOptions, 'html' | 'text'>;
  private queue: Promise<void> = Promise.resolve();
  private pending = new Set<string>();
  private sharedChange: 'schemas' | 'customisation' | null = null;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly opts: WatcherOptions) {
    this.validator = opts.validator();
  }

  /** Builds every edition, then starts watching. */
  async start(): Promise<void> {
    this.custom = await this.opts.customisation();
    for (const slug of this.slugs()) await this.build(slug, 'start');
    this.writeCatalogue();
    const shared = [...(this.opts.shared?.schemas ?? []), ...(this.opts.shared?.customisation ?? [])];
    this.watcher = watch([this.opts.editions, ...shared], {
      ignoreInitial: true,
      ignored: (p: string) => IGNORED.test(p),
      // Editors write in steps (truncate, write, rename): act on the file once it stops changing.
      awaitWriteFinish: { stabilityThreshold: 60, pollInterval: 20 },
    });
    this.watcher.on('all', (_event, path) => this.changed(resolve(path)));
    await new Promise<void>((ready) => this.watcher!.once('ready', () => ready()));
  }

  /** Resolves once every change seen so far has been built. */
  async idle(): Promise<void> {
    while (this.timer || this.pending.size > 0 || this.sharedChange) {
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
  }

  /** The editions in the folder now: <slug>/<slug>.xml. */
  private slugs(): string[] {
    try {
      return readdirSync(this.opts.editions)
        .filter((n) => !n.startsWith('.') && existsSync(join(this.opts.editions, n, `${n}.xml`)))
        .sort();
    } catch {
      return [];
    }
  }

  private changed(path: string): void {
    if (this.closed) return;
    const shared = this.opts.shared;
    if (shared?.schemas.includes(path)) this.sharedChange = 'schemas';
    else if (shared?.customisation.includes(path) && this.sharedChange !== 'schemas') this.sharedChange = 'customisation';
    else {
      const rel = relative(this.opts.editions, path);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return;
      this.pending.add(rel.split(sep)[0]!);
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.opts.settleMs ?? 40);
  }

  /** Builds what the changes since the last flush call for, after the builds already queued. */
  private flush(): void {
    const shared = this.sharedChange;
    const slugs = shared ? this.slugs() : [...this.pending].sort();
    this.sharedChange = null;
    this.pending.clear();
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      if (shared === 'schemas') {
        // A schema changed on disk: compile it again (the disk cache is keyed by content).
        clearSchemaMemory();
        this.validator = this.opts.validator();
      }
      if (shared)
        this.custom = await this.opts.customisation().catch((err: Error) => {
          this.opts.onEvent?.({
            type: 'failed',
            slug: '',
            ms: 0,
            cause: 'shared',
            findings: [{ file: '', line: 0, col: 0, severity: 'error', rule: 'customisation', message: err.toString() }],
          });
          return this.custom;
        });
      for (const slug of slugs) await this.build(slug, shared ? 'shared' : 'edition');
      this.writeCatalogue();
      // After the list of editions is written too: a page reloading now sees both.
      if (shared) this.opts.hub?.reload();
      else for (const slug of slugs) this.opts.hub?.reload(slug);
    });
  }

  private async build(slug: string, cause: WatchEvent['cause']): Promise<void> {
    const started = Date.now();
    const dir = join(this.opts.editions, slug);
    const event = (type: WatchEvent['type'], findings: Finding[]) => this.opts.onEvent?.({ type, slug, ms: Date.now() - started, findings, cause });
    if (!existsSync(join(dir, `${slug}.xml`)) || !statSync(dir).isDirectory()) {
      // The edition was removed (or renamed): so is its part of the site.
      if (this.entries.has(slug) || this.failures.has(slug)) {
        this.entries.delete(slug);
        this.failures.delete(slug);
        if (!slug.startsWith('.') && !slug.includes('/')) rmSync(join(this.opts.out, slug), { recursive: true, force: true });
        event('removed', []);
      }
      return;
    }
    let edition: ReturnType<typeof loadEdition>;
    try {
      edition = loadEdition(dir, { maxBytes: this.opts.maxBytes });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      this.failures.set(slug, [inputFinding(err)]);
      event('failed', [inputFinding(err)]);
      return;
    }
    const result = await buildEdition(edition, {
      validate: this.validator,
      formats: this.opts.formats,
      printer: this.opts.printer,
      paper: this.opts.paper,
      ...this.custom,
    });
    if (!result.ok) {
      this.failures.set(slug, result.findings);
      event('failed', result.findings);
      return;
    }
    writeEdition(result, this.opts.out);
    this.failures.delete(slug);
    this.entries.set(slug, catalogueEntry(result));
    event('built', result.findings);
  }

  private writeCatalogue(): void {
    const list = [...this.entries.keys()].sort().map((k) => this.entries.get(k)!);
    if (list.length > 0) writeFileAtomic(join(this.opts.out, 'index.html'), catalogueHtml(list));
  }
}
