import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { diwanVersion } from '../paths.js';
import type { Finding } from '../check/finding.js';
import type { Format } from '../edition/build.js';
import { discoverEditions, type EditionFolder } from '../edition/discover.js';
import type { Paper } from '../print/page.js';
import type { Printer } from '../print/printer.js';
import { sweepTemporaries, writeFileAtomic } from '../write/atomic.js';
import { buildFingerprint } from './fingerprint.js';
import { editionInputs, isFresh, isUrlKey, schemaHashes, type HashMemory } from './inputs.js';
import { emptyManifest, MANIFEST, readManifest, stableJson, type Manifest } from './manifest.js';
import { defaultJobs, editionPool } from './pool.js';
import { partName, shardOf, type Shard } from './shard.js';
import { writeSite } from './site.js';
import type { EditionOutcome, WorkerSettings } from './worker.js';

export interface CorpusOptions {
  /** The editions folder (<slug>/<slug>.xml). */
  editions: string;
  out: string;
  formats: Format[];
  paper: Paper;
  maxBytes?: number;
  defaults?: { relaxng: string; schematron: string };
  customise: { xslt?: string; 'text-xslt'?: string; css?: string; reading?: string; 'page-breaks'?: string };
  /** Worker threads (default: the machine's cores). */
  jobs?: number;
  /** Rebuild every edition, whatever the manifest says. */
  force?: boolean;
  /** Build only this slice and write its part of the manifest (no index, registers or search). */
  shard?: Shard;
  /** One browser for every PDF (opened by the caller; without one no PDF is made). */
  printer?: Printer;
  /**
   * Or: how to open it, called only when an edition is to be built with its PDF (a build with
   * nothing to build starts no browser); undefined when it cannot start: then no PDFs are made and
   * the build is fingerprinted without them. Closed when the build ends.
   */
  openPrinter?: () => Promise<Printer | undefined>;
  /** The project's registers: entries with their ids are one entity across editions. */
  registers?: string[];
  /** Index the site for full-text search (Pagefind) after the build (default true). */
  search?: boolean;
  /** Editions per bucket of the search index (src/corpus/search.ts; default 64). */
  searchBucketSize?: number;
  /** Input hashes kept from one build to the next by a long-running caller (src/corpus/watch.ts). */
  hashMemory?: HashMemory;
  /** Called as each edition is settled (built, found up to date, failed), in the order they finish. */
  onEdition?: (report: EditionReport) => void;
}

export interface EditionReport {
  slug: string;
  status: 'built' | 'fresh' | 'failed' | 'removed';
  findings: Finding[];
  files: string[];
  why?: string;
}

export interface CorpusResult {
  /** Every edition of this build (of the slice, with --shard), in slug order. */
  editions: EditionReport[];
  counts: { total: number; built: number; fresh: number; failed: number; removed: number };
  manifest: string;
  /** The schemas on disk the editions were validated against, absolute (a watcher watches them). */
  schemas: string[];
  /** Findings about the site pages (registers, search), not about one edition. */
  site: Finding[];
}

/** A slug the manifest may name: a plain folder name (a manifest is data from disk, so it is checked). */
const PLAIN = /^[^./\\][^/\\]*$/;

/** How often, at most, the manifest is saved while editions finish: a killed build then loses little. */
const SAVE_MS = 1000;

/**
 * Builds a corpus: every edition (or one shard's slice) whose inputs changed since the manifest in
 * the output folder says it was built, in a pool of worker threads; up-to-date editions are kept;
 * editions gone from the editions folder are removed from the site. One edition that fails is
 * reported and the others go on. Without --shard, the site's index, registers and search index
 * are then written from the whole manifest.
 */
export async function buildCorpus(opts: CorpusOptions): Promise<CorpusResult> {
  const out = opts.out;
  sweepTemporaries(out);
  const name = opts.shard ? partName(opts.shard) : MANIFEST;
  const inSlice = (slug: string) => !opts.shard || shardOf(slug, opts.shard.count) === opts.shard.index;
  const folders = discoverEditions(opts.editions).filter((f) => inSlice(f.slug));

  // A shard also trusts the merged manifest of an earlier run for its slice.
  const last = readManifest(out, name) ?? (opts.shard ? readManifest(out, MANIFEST) : null);
  const hashes = new Map<string, string>();
  const inputsOf = new Map<string, Record<string, string>>();
  /** Which editions are up to date for a build of these formats, and the manifest that starts from them. */
  const plan = (formats: Format[]) => {
    const fingerprint = buildFingerprint({ ...opts, formats, paper: opts.paper });
    const usable = last && last.fingerprint === fingerprint && !opts.force ? last : null;
    const manifest: Manifest = emptyManifest(diwanVersion(), fingerprint);
    if (opts.shard) manifest.shard = { ...opts.shard };
    const fresh: string[] = [];
    const stale: { folder: EditionFolder; inputs: Record<string, string> }[] = [];
    for (const folder of folders) {
      const inputs = inputsOf.get(folder.slug) ?? editionInputs(folder, opts.hashMemory);
      inputsOf.set(folder.slug, inputs);
      const before = usable?.editions[folder.slug];
      if (before && isFresh(out, folder.slug, inputs, before, hashes)) {
        manifest.editions[folder.slug] = before;
        fresh.push(folder.slug);
      } else {
        // Until it is rebuilt, the last good build stays published and listed.
        if (last?.editions[folder.slug]) manifest.editions[folder.slug] = { ...last.editions[folder.slug]!, inputs: {} };
        stale.push({ folder, inputs });
      }
    }
    return { manifest, fresh, stale };
  };
  let formats = opts.formats;
  let planned = plan(formats);
  // The browser is started only when an edition is to be built with its PDF; one that does not
  // start means a build without PDFs, fingerprinted so (a later build with a browser adds them).
  let printer = opts.printer;
  let opened: Printer | undefined;
  if (!printer && opts.openPrinter && planned.stale.length > 0 && formats.includes('pdf')) {
    opened = printer = await opts.openPrinter();
    if (!printer) {
      formats = formats.filter((f) => f !== 'pdf');
      planned = plan(formats);
    }
  }
  try {
    return await buildPlanned(opts, { out, name, folders, last, formats, printer, ...planned, inSlice, hashes });
  } finally {
    await opened?.close();
  }
}

/** What each edition's build takes from the corpus options (plain data, for the workers). */
export function workerSettings(opts: CorpusOptions, formats: Format[], fingerprint: string): WorkerSettings {
  return {
    fingerprint,
    formats,
    paper: opts.paper,
    maxBytes: opts.maxBytes,
    defaults: opts.defaults,
    customise: opts.customise,
  };
}

interface Planned {
  out: string;
  name: string;
  folders: EditionFolder[];
  last: Manifest | null;
  formats: Format[];
  printer?: Printer;
  manifest: Manifest;
  fresh: string[];
  stale: { folder: EditionFolder; inputs: Record<string, string> }[];
  inSlice: (slug: string) => boolean;
  hashes: Map<string, string>;
}

async function buildPlanned(opts: CorpusOptions, p: Planned): Promise<CorpusResult> {
  const { out, name, folders, last, manifest, stale, inSlice, hashes } = p;
  const reports = new Map<string, EditionReport>();
  const settle = (r: EditionReport) => {
    reports.set(r.slug, r);
    opts.onEdition?.(r);
  };
  for (const slug of p.fresh) settle({ slug, status: 'fresh', findings: [], files: manifest.editions[slug]!.files });

  // Editions whose folder is gone: their output goes too (only names the manifest lists, only plain names).
  const present = new Set(folders.map((f) => f.slug));
  for (const slug of Object.keys(last?.editions ?? {}).sort()) {
    if (present.has(slug) || !inSlice(slug) || !PLAIN.test(slug)) continue;
    rmSync(join(out, slug), { recursive: true, force: true });
    settle({ slug, status: 'removed', findings: [], files: [] });
  }

  let saved = Date.now();
  // What the manifest file holds: a save that would write the same bytes is skipped, so a build
  // with nothing to do writes nothing.
  let onDisk: string | null = null;
  try {
    onDisk = readFileSync(join(out, name), 'utf8');
  } catch {
    // none yet
  }
  const save = (force = false) => {
    if (!force && Date.now() - saved < SAVE_MS) return;
    const text = stableJson(manifest);
    if (text !== onDisk) writeFileAtomic(join(out, name), text);
    onDisk = text;
    saved = Date.now();
  };
  // A stale edition listed with empty inputs must be recorded before any work, so a kill cannot
  // leave a manifest that calls an edition up to date while its folder is being replaced. (With
  // none stale there is nothing to record yet: the manifest is serialised once, at the end.)
  if (stale.length > 0) save(true);

  const settings = workerSettings(
    opts,
    p.formats.filter((f) => f !== 'pdf' || p.printer),
    manifest.fingerprint,
  );
  const jobs = Math.max(1, Math.min(opts.jobs ?? defaultJobs(), stale.length));
  if (stale.length > 0) {
    const runner = editionPool(jobs, p.printer);
    try {
      await Promise.all(
        stale.map(async ({ folder, inputs }) => {
          let outcome: EditionOutcome;
          try {
            outcome = await runner.run({ slug: folder.slug, dir: folder.dir, out, settings });
          } catch (err) {
            // A worker that died (out of memory, a crash) fails this edition only; the pool starts another.
            const message = `the build of this edition stopped: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
            outcome = {
              slug: folder.slug,
              ok: false,
              findings: [{ file: folder.tei, line: 0, col: 0, severity: 'error', rule: 'build', message }],
              files: [],
              schemas: [],
              why: 'failed',
            };
          }
          if (outcome.ok && outcome.entry) {
            manifest.editions[folder.slug] = {
              inputs,
              schemas: schemaHashes(out, outcome.schemas, hashes),
              files: outcome.files,
              entry: outcome.entry,
              ...(outcome.site ? { site: outcome.site } : {}),
            };
            settle({ slug: folder.slug, status: 'built', findings: outcome.findings, files: outcome.files });
          } else {
            settle({ slug: folder.slug, status: 'failed', findings: outcome.findings, files: [], why: outcome.why });
          }
          save();
        }),
      );
    } finally {
      await runner.close();
    }
  }
  save(true);

  const site = opts.shard
    ? []
    : await writeSite(out, manifest, { registers: opts.registers, search: opts.search ?? true, searchBucketSize: opts.searchBucketSize });
  const editions = [...reports.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const count = (s: EditionReport['status']) => editions.filter((e) => e.status === s).length;
  return {
    editions,
    counts: { total: folders.length, built: count('built'), fresh: count('fresh'), failed: count('failed'), removed: count('removed') },
    manifest: join(out, name),
    schemas: [...new Set(Object.values(manifest.editions).flatMap((e) => Object.keys(e.schemas)))]
      .filter((k) => !isUrlKey(k))
      .map((k) => resolve(out, k))
      .sort(),
    site,
  };
}
