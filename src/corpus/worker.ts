/**
 * A worker of the corpus build's pool (src/corpus/pool.ts): builds and writes one edition per task.
 * What is expensive to set up — SaxonJS and the compiled stylesheets (loaded on first use and kept
 * by the modules), the compiled schemas (one Validator per set of options), the project's
 * stylesheets — is made once per worker and reused for every edition it builds.
 */
import { createHash } from 'node:crypto';
import type { MessagePort } from 'node:worker_threads';
import type { Finding } from '../check/finding.js';
import { inputFinding, Validator } from '../check/validate.js';
import { customisation } from '../cli/customisation.js';
import { buildEdition, type BuildOptions, type Format } from '../edition/build.js';
import { catalogueEntry, type CatalogueEntry } from '../edition/catalogue.js';
import { loadEdition } from '../edition/load.js';
import { InputError } from '../parse/index.js';
import type { Paper } from '../print/page.js';
import { writeEdition } from '../write/edition.js';
import { citabilityOf } from '../cite/index.js';
import { editionDtsFiles, fileSafe } from '../cite/dts/static.js';
import { registersOf } from './edition-data.js';
import { sha256 } from './hash.js';
import { DTS_FILES, SIDECAR, type Sidecar, type SidecarDts, type SiteHashes } from './manifest.js';
import { remotePrinter } from './print-bridge.js';

/** What every task of one build shares (plain data: it crosses the thread boundary). */
export interface WorkerSettings {
  /** The build's fingerprint (src/corpus/fingerprint.ts). */
  fingerprint: string;
  formats: Format[];
  paper: Paper;
  maxBytes?: number;
  defaults?: { relaxng: string; schematron: string };
  customise: { xslt?: string; 'text-xslt'?: string; css?: string; reading?: string; 'page-breaks'?: string };
}

export interface EditionTask {
  slug: string;
  dir: string;
  out: string;
  settings: WorkerSettings;
  /** Where print pages go to the main thread's browser (only when a PDF is due). */
  port?: MessagePort;
}

export interface EditionOutcome {
  slug: string;
  ok: boolean;
  findings: Finding[];
  /** Names of the files written in OUT/<slug>/. */
  files: string[];
  entry?: CatalogueEntry;
  /** Every schema file read to validate the edition, includes too (absolute paths), for the manifest. */
  schemas: string[];
  /** Why it was not built, in a few words, when ok is false. */
  why?: string;
  /** What the site's pages take from this edition, hashed (see ManifestEdition.site). */
  site?: SiteHashes;
}

const validators = new Map<string, Validator>();
const customs = new Map<string, Promise<Pick<BuildOptions, 'html' | 'text'>>>();

function validatorFor(s: WorkerSettings): Validator {
  const key = JSON.stringify([s.maxBytes, s.defaults]);
  let v = validators.get(key);
  if (!v) {
    v = new Validator({ maxBytes: s.maxBytes, defaults: s.defaults });
    validators.set(key, v);
  }
  return v;
}

function customFor(s: WorkerSettings): Promise<Pick<BuildOptions, 'html' | 'text'>> {
  // Keyed by the build's fingerprint, which hashes every module of the project's stylesheets and
  // its CSS: one edited while a watcher runs is compiled again by the next build.
  const key = `${s.fingerprint}\0${JSON.stringify(s.customise)}`;
  let compiled = customs.get(key);
  if (!compiled) {
    customs.clear();
    compiled = customisation(s.customise);
    customs.set(key, compiled);
  }
  return compiled;
}

/** Builds an edition in memory and throws it away (no file written, no PDF): the code that builds it is then compiled. */
export async function warm(task: Pick<EditionTask, 'dir' | 'settings'>): Promise<void> {
  const s = task.settings;
  const edition = loadEdition(task.dir, { maxBytes: s.maxBytes });
  await buildEdition(edition, { validate: validatorFor(s), formats: s.formats.filter((f) => f !== 'pdf'), paper: s.paper, ...(await customFor(s)) });
}

export default async function buildOne(task: EditionTask): Promise<EditionOutcome> {
  const { slug, settings } = task;
  const printer = task.port ? remotePrinter(task.port) : undefined;
  try {
    let edition: ReturnType<typeof loadEdition>;
    try {
      edition = loadEdition(task.dir, { maxBytes: settings.maxBytes });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return { slug, ok: false, findings: [inputFinding(err)], files: [], schemas: [], why: 'unreadable' };
    }
    const validator = validatorFor(settings);
    const result = await buildEdition(edition, {
      validate: validator,
      formats: settings.formats,
      printer,
      paper: settings.paper,
      ...(await customFor(settings)),
    });
    // The manifest hashes every schema file read, includes too: editing one makes the edition stale.
    const schemas = result.schemaFiles;
    if (!result.ok) {
      const why = result.findings.some((f) => f.rule === 'fidelity') ? 'its text does not reproduce source.txt' : 'invalid';
      return { slug, ok: false, findings: result.findings, files: [], schemas, why };
    }
    const entry = catalogueEntry(result);
    // What the site's pages need of the edition travels with its files (the same staged folder), not
    // in the manifest: its registers, and its part of the static DTS API with the resource it
    // describes, so an edition that has not changed is never parsed again to make them.
    const extra: { name: string; data: string | Uint8Array }[] = [];
    let dts: SidecarDts | undefined;
    const dtsHash = createHash('sha256');
    const findings = [...result.findings];
    if (result.record && fileSafe(slug)) {
      const trees = citabilityOf(edition.source).trees;
      const { files, skipped } = editionDtsFiles({ slug, record: result.record, trees }, edition.source);
      dts = { record: result.record, trees: trees.map((t) => ({ ...t, byId: [...t.byId] })) };
      dtsHash.update(JSON.stringify(dts));
      for (const f of files) {
        extra.push({ name: `${DTS_FILES}/${f.rel}`, data: f.data });
        dtsHash.update('\0').update(f.rel).update('\0').update(f.data);
      }
      if (skipped) {
        findings.push({
          file: edition.source.path,
          line: 0,
          col: 0,
          severity: 'warning',
          rule: 'dts',
          message: `${skipped} citable unit${skipped === 1 ? '' : 's'} left out of the static DTS API (identifiers that cannot be file names; diwan serve answers for them)`,
        });
      }
    }
    const registers = registersOf(edition.source);
    extra.push({ name: SIDECAR, data: JSON.stringify({ slug, registers, dts } satisfies Sidecar) });
    writeEdition(result, task.out, extra);
    const site: SiteHashes = { registers: sha256(JSON.stringify(registers)), dts: dts ? dtsHash.digest('hex') : null };
    return { slug, ok: true, findings, files: result.artifacts.map((a) => a.name), entry, schemas, site };
  } finally {
    await printer?.close();
  }
}
