import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { formatFinding, type Finding } from '../../check/finding.js';
import { findTeiAll, inputFinding, Validator } from '../../check/validate.js';
import type { Format } from '../../edition/build.js';
import { discoverEditions, slugOf } from '../../edition/discover.js';
import { loadEdition, type Edition } from '../../edition/load.js';
import { packageEdition } from '../../package/package.js';
import { checkBagOutput } from '../../package/write-bag.js';
import { InputError } from '../../parse/index.js';
import { BrowserNotFoundError } from '../../print/browser.js';
import { openPrinter, type Printer } from '../../print/printer.js';
import { loadProject } from '../../project/load.js';
import { buildSettings } from '../../project/settings.js';
import { customisation } from '../customisation.js';
import { UsageError, type Io } from '../io.js';
import { helpText, maxBytes, paperOf, parseOptions, type OptionName } from '../options.js';
import { jsonFinding } from './validate.js';

const NAMES = [
  'out',
  'all',
  'force',
  'no-pdf',
  'paper',
  'chrome',
  'schema',
  'schematron',
  'tei-all',
  'catalog',
  'xslt',
  'text-xslt',
  'css',
  'max-size',
  'json',
  'quiet',
] as const satisfies readonly OptionName[];

const HELP = helpText(
  'diwan package EDITION [-o BAG] | diwan package --all [DIR] [-o FOLDER]',
  `Packages an edition for deposit as a BagIt 1.0 bag (RFC 8493). EDITION is the edition's
folder, or its slug in the project's editions folder. The edition is validated and built, then
written as BAG/ (default: bags/<slug>):
  bagit.txt, bag-info.txt (Source-Organization, External-Identifier, Bagging-Date from the
  edition's header, Payload-Oxum, Bag-Size, Bag-Software-Agent), manifest-sha256.txt,
  manifest-sha512.txt, tagmanifest-sha256.txt, tagmanifest-sha512.txt, and data/:
    edition/   the edition as "diwan build" writes it: index.html, <slug>.txt,
               <slug>.xml (the TEI), <slug>.pdf, the citation files
    source/    source.txt (when the edition has one)
    schemas/   the schemas the TEI was validated against
The same edition always gives the same bag, byte for byte. "diwan verify BAG" checks one.
With --all, every edition of DIR (default: the project's editions) becomes FOLDER/<slug>/.
The TEI is validated as "diwan validate" does (--schema/--schematron replace its xml-models;
in a project, its schemas for documents that name none); the schemas applied go into the bag.
An existing bag is replaced only with --force. Exit 0 when every bag was written.`,
  NAMES,
  {
    out: 'the bag (a new folder; default bags/<slug>); with --all the folder of bags (default bags)',
    force: 'replace an existing bag (never a folder that is not a bag)',
    'no-pdf': 'a bag without the print edition (otherwise a missing Chromium is an error)',
    json: 'one JSON object: each edition with its bag and findings',
    'tei-all': "also check conformance to TEI's tei_all.rng ($DIWAN_TEI_ALL, or ../shared/tei/tei_all.rng); it goes into the bag too",
  },
);

export async function packageCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, NAMES);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const project = loadProject(process.cwd());
  const settings = buildSettings(values, values.all ? positionals[0] : undefined, project);
  const base = project?.root ?? process.cwd();
  let targets: { edition: string; bag: string }[];
  let inputs: string[];
  if (values.all) {
    if (positionals.length > 1) throw new UsageError('package --all takes at most one DIR');
    const root = settings.editions;
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      io.err(`${root}:0:0: error: no such folder; expected a folder of editions (DIR/<slug>/<slug>.xml)`);
      return 2;
    }
    const out = resolve(values.out ?? join(base, 'bags'));
    targets = discoverEditions(root).map((e) => ({ edition: e.dir, bag: join(out, e.slug) }));
    if (targets.length === 0) {
      io.err(`${root}:0:0: error: no editions found; expected folders <slug>/ holding <slug>.xml`);
      return 1;
    }
    inputs = [root];
  } else {
    if (positionals.length !== 1) throw new UsageError('package takes one EDITION (its folder or slug), or --all');
    const edition = editionPath(positionals[0]!, settings.editions);
    if (!edition) {
      io.err(`${positionals[0]}:0:0: error: no such edition; expected an edition folder (<slug>/<slug>.xml) or the slug of one in ${settings.editions}`);
      return 2;
    }
    // A TEI file alone is an edition without source.txt; its folder may be any folder, so only a folder edition is guarded as a source.
    const isFile = statSync(edition).isFile();
    targets = [{ edition, bag: resolve(values.out ?? join(base, 'bags', isFile ? slugOf(edition) : basename(edition))) }];
    inputs = [...(isFile ? [] : [edition]), settings.editions].filter((d) => existsSync(d));
  }
  // Every output is checked before any work: a bag that would clobber something is refused now.
  for (const t of targets) checkBagOutput(t.bag, inputs, values.force);

  const readOptions = { maxBytes: maxBytes(values['max-size']) };
  const formats: Format[] = values['no-pdf'] ? ['html', 'text', 'tei'] : ['html', 'text', 'tei', 'pdf'];
  const custom = await customisation(settings.customise);
  let teiAll: string | undefined;
  if (values['tei-all']) {
    teiAll = findTeiAll() ?? undefined;
    if (!teiAll) throw new UsageError('tei_all.rng not found: set DIWAN_TEI_ALL to its path');
  }
  const validator = new Validator({
    ...readOptions,
    defaults: settings.defaults,
    schema: values.schema,
    schematron: values.schematron,
    teiAll,
    catalogs: values.catalog,
  });
  let printer: Printer | undefined;
  if (formats.includes('pdf')) {
    try {
      printer = await openPrinter({ browserPath: values.chrome });
    } catch (err) {
      if (!(err instanceof BrowserNotFoundError)) throw err;
      io.err(`diwan: ${err.message}; a bag holds the PDF edition: install Chromium, or pass --no-pdf for a bag without it`);
      return 2;
    }
  }
  const report: { slug: string; ok: boolean; bag?: string; oxum?: string; findings: Finding[] }[] = [];
  const show = (f: Finding) => {
    if (!values.json && (!values.quiet || f.severity === 'error')) io.out(formatFinding(f));
  };
  try {
    for (const t of targets) {
      let edition: Edition;
      try {
        edition = loadEdition(t.edition, readOptions);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        show(inputFinding(err));
        report.push({ slug: t.edition, ok: false, findings: [inputFinding(err)] });
        continue;
      }
      const result = await packageEdition(edition, t.bag, {
        validate: validator,
        formats,
        printer,
        paper: paperOf(settings.paper),
        force: values.force,
        inputs,
        ...custom,
      });
      for (const f of result.findings) show(f);
      const ok = result.bag !== undefined && !result.findings.some((f) => f.severity === 'error');
      report.push({ slug: edition.slug, ok, bag: result.bag?.bag, oxum: result.bag?.oxum, findings: result.findings });
      if (!values.json && !values.quiet) {
        io.err(
          ok
            ? `diwan: packaged ${edition.slug} -> ${result.bag!.bag} (${result.bag!.files} files, Payload-Oxum ${result.bag!.oxum})`
            : `diwan: ${edition.slug}: no bag written`,
        );
      }
    }
  } finally {
    await printer?.close();
  }
  const failed = report.filter((r) => !r.ok).length;
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          summary: { editions: report.length, packaged: report.length - failed, failed },
          editions: report.map((r) => ({ ...r, findings: r.findings.map(jsonFinding) })),
        },
        null,
        2,
      ),
    );
  }
  return failed > 0 ? 1 : 0;
}

/** EDITION as given: an existing folder or TEI file, else the slug of an edition in the editions folder. */
function editionPath(arg: string, editions: string): string | null {
  const direct = resolve(arg);
  if (existsSync(direct)) return direct;
  if (/^[^/\\]+$/.test(arg) && !arg.startsWith('.')) {
    const bySlug = join(editions, arg);
    if (existsSync(bySlug) && statSync(bySlug).isDirectory()) return bySlug;
  }
  return null;
}
