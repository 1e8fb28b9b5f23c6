import type { Finding } from '../check/finding.js';
import { TEI_NS } from '../xdm/node.js';
import { Validator, type ValidateOptions } from '../check/validate.js';
import { BrowserNotFoundError } from '../print/browser.js';
import { pdfMeta } from '../print/metadata.js';
import type { Paper } from '../print/page.js';
import { openPrinter, type Printer } from '../print/printer.js';
import type { EditorialOptions } from '../transform/editorial.js';
import { toHtml } from '../transform/html.js';
import { metadataOf, type EditionRecord } from '../transform/metadata.js';
import { TransformError, type CompiledStylesheet } from '../transform/saxon.js';
import { toText } from '../transform/text.js';
import type { Edition } from './load.js';
import { editionImages, imageMap } from './media.js';
import { fidelityOf } from './publish.js';
import { fixityOf, type Fixity, type ProvenanceOptions } from '../package/provenance.js';
import { citabilityOf } from '../cite/index.js';
import { citeFiles, type CiteFiles, type CitePage } from '../cite/page.js';

export type Format = 'html' | 'text' | 'tei' | 'pdf';
export const ALL_FORMATS: readonly Format[] = ['html', 'text', 'tei', 'pdf'];

/** One file of a built edition, in memory. */
export interface Artifact {
  /** 'cite': the reference-manager files (.bib, .ris, .csl.json) the HTML page links to. */
  format: Format | 'cite';
  /** File name inside the edition's output folder. */
  name: string;
  mediaType: string;
  data: string | Uint8Array;
}

export interface BuildOptions {
  /** Which outputs to make (default: all four). The TEI is copied byte for byte. */
  formats?: readonly Format[];
  /**
   * Validation before publishing: a Validator to reuse across editions (its schemas stay
   * compiled), options for a new one, or false to publish without validating.
   */
  validate?: Validator | ValidateOptions | false;
  /** A printer to reuse across editions; without one, a PDF build opens and closes its own. */
  printer?: Printer;
  paper?: Paper;
  /** Project customisation: a stylesheet that imports diwan's, and CSS added after diwan's. */
  html?: { stylesheet?: CompiledStylesheet; css?: string } & EditorialOptions;
  text?: { stylesheet?: CompiledStylesheet } & EditorialOptions;
  /** One self-contained page (`diwan html -o page.html`): images as data: URIs, no media/ folder. */
  inlineImages?: boolean;
  /** Where formatted citations are kept between builds (default: diwan's cache folder, src/cache.ts); false: not kept. */
  cacheDir?: string | false;
}

export interface BuildResult {
  slug: string;
  /** False when an error (invalid, text not reproducing its source, a stylesheet failure) stopped the build. */
  ok: boolean;
  artifacts: Artifact[];
  /** Every finding of every stage, errors and warnings, in stage order. */
  findings: Finding[];
  /** The edition's metadata record (absent only when the build stopped before it). */
  record?: EditionRecord;
  /** The checksums of the inputs that every output states (absent only when the build stopped before it). */
  fixity?: Fixity;
  /** The schemas the edition was validated against (empty when it was not validated). */
  schemas: string[];
  /** Every schema file read to validate it: those schemas and the files they include. */
  schemaFiles: string[];
}

/**
 * Builds one edition in memory: validate → metadata → text (and the fidelity check) → HTML →
 * PDF. Writes nothing (writeEdition does); never throws for a bad document: problems become
 * findings and `ok` is false.
 */
export async function buildEdition(edition: Edition, opts: BuildOptions = {}): Promise<BuildResult> {
  const { slug, source } = edition;
  const formats = new Set(opts.formats ?? ALL_FORMATS);
  const findings: Finding[] = [];
  const schemas: string[] = [];
  const schemaFiles: string[] = [];
  const stop = (): BuildResult => ({ slug, ok: false, artifacts: [], findings, schemas, schemaFiles });

  const root = source.shape.root;
  if (root.uri !== TEI_NS || (root.local !== 'TEI' && root.local !== 'teiCorpus')) {
    const p4 = root.uri === '' && /^TEI\.2$/i.test(root.local);
    findings.push({
      file: source.path,
      ...(source.tree.elements[0] ? source.tree.lines.at(source.tree.starts[0]!) : { line: 1, col: 1 }),
      severity: 'error',
      rule: 'tei',
      message: p4
        ? `the root element is <${root.local}> without a namespace: a TEI P4 document; expected TEI P5 (<TEI xmlns="${TEI_NS}">) — convert it, e.g. with TEI's p4top5.xsl`
        : `the root element is <${root.local}>${root.uri ? ` in ${root.uri}` : ' without a namespace'}; expected a TEI document (<TEI> or <teiCorpus> in ${TEI_NS})`,
    });
    return stop();
  }
  if (opts.validate === false) findings.push(...source.notes);
  else {
    const validator = opts.validate instanceof Validator ? opts.validate : new Validator(opts.validate ?? {});
    const report = await validator.validate(source);
    findings.push(...report.findings);
    schemas.push(...report.schemas);
    schemaFiles.push(...report.dependencies);
    if (report.findings.some((f) => f.severity === 'error')) return stop();
  }

  const artifacts: Artifact[] = [];
  // Images named in the TEI: copied into the edition when they are inside its folder, else not loaded.
  const media = formats.has('html') || formats.has('pdf') ? editionImages(source) : { images: [], findings: [] };
  findings.push(...media.findings);
  const screenImages = imageMap(media.images, opts.inlineImages ?? false);
  let record: EditionRecord;
  let text: string | undefined;
  let html: string | undefined;
  let cite: CiteFiles;
  // Hashed once; every output states it (the colophon), all from the same bytes.
  const fixity = fixityOf(source, edition.archival);
  const provenance: ProvenanceOptions = { fixity, slug };
  try {
    record = metadataOf(source, provenance);
    // The citations (CSL styles), the page's cite control and the reference-manager files, from the record and the citation tree.
    cite = citeFiles(record, slug, citabilityOf(source).trees[0], { pdf: formats.has('pdf') ? `${slug}.pdf` : undefined, cacheDir: opts.cacheDir });
    if (formats.has('text') || edition.archival) {
      const result = toText(source, { ...opts.text, provenance, citeLines: cite.page.textLines });
      findings.push(...result.messages);
      text = result.output;
      if (edition.archival) {
        const problem = fidelityOf(text, edition.archival, record.normalisations);
        if (problem) {
          findings.push(problem);
          return stop();
        }
      }
    }
    if (formats.has('html')) html = htmlWith(edition, opts, formats, findings, formats.has('pdf'), provenance, cite.page, screenImages);
  } catch (err) {
    if (!(err instanceof TransformError)) throw err;
    findings.push(...err.messages, { file: source.path, line: 0, col: 0, severity: 'error', rule: `xslt:${err.stylesheet}`, message: err.message });
    return stop();
  }

  let pdf: Uint8Array | undefined;
  if (formats.has('pdf')) {
    let page: string;
    try {
      // The print page: the same stylesheet in its print mode (margin numbers, ¶ back-links, title page).
      page = toHtml(source, { ...opts.html, print: true, provenance, cite: cite.page, images: imageMap(media.images, true) }).output;
    } catch (err) {
      if (!(err instanceof TransformError)) throw err;
      findings.push({ file: source.path, line: 0, col: 0, severity: 'error', rule: `xslt:${err.stylesheet}`, message: err.message });
      return stop();
    }
    pdf = await printed(page, record, opts, source.path, findings);
    // Offer no link to a PDF that was not made.
    if (!pdf && formats.has('html')) html = htmlWith(edition, opts, formats, [], false, provenance, cite.page, screenImages);
  }

  if (formats.has('html') && html !== undefined) {
    artifacts.push({ format: 'html', name: 'index.html', mediaType: 'text/html', data: html });
    if (!opts.inlineImages) for (const img of media.images) artifacts.push({ format: 'html', name: img.name, mediaType: img.mediaType, data: img.data });
    for (const f of cite.files) artifacts.push({ format: 'cite', ...f });
  }
  if (formats.has('text') && text !== undefined) artifacts.push({ format: 'text', name: `${slug}.txt`, mediaType: 'text/plain', data: text });
  if (formats.has('tei')) artifacts.push({ format: 'tei', name: `${slug}.xml`, mediaType: 'application/tei+xml', data: source.bytes });
  if (pdf) artifacts.push({ format: 'pdf', name: `${slug}.pdf`, mediaType: 'application/pdf', data: pdf });
  return { slug, ok: true, artifacts, findings, record, fixity, schemas, schemaFiles };
}

function htmlWith(
  edition: Edition,
  opts: BuildOptions,
  formats: Set<Format>,
  findings: Finding[],
  withPdf: boolean,
  provenance: ProvenanceOptions,
  cite: CitePage,
  images: Record<string, string>,
): string {
  const { slug } = edition;
  const result = toHtml(edition.source, {
    ...opts.html,
    provenance,
    cite,
    images,
    downloads: {
      tei: formats.has('tei') ? `${slug}.xml` : undefined,
      text: formats.has('text') ? `${slug}.txt` : undefined,
      pdf: withPdf ? `${slug}.pdf` : undefined,
    },
  });
  findings.push(...result.messages);
  return result.output;
}

/** The PDF, or undefined with a warning when no browser is installed. */
async function printed(html: string, record: EditionRecord, opts: BuildOptions, file: string, findings: Finding[]): Promise<Uint8Array | undefined> {
  let printer = opts.printer;
  let own = false;
  try {
    if (!printer) {
      printer = await openPrinter();
      own = true;
    }
    return await printer.print(html, { paper: opts.paper ?? 'A4', meta: pdfMeta(record) });
  } catch (err) {
    if (!(err instanceof BrowserNotFoundError)) throw err;
    findings.push({ file, line: 0, col: 0, severity: 'warning', rule: 'print', message: err.message });
    return undefined;
  } finally {
    if (own) await printer?.close();
  }
}
