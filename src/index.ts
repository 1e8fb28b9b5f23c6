/**
 * diwan as a library: the pipeline's stages, each usable alone.
 *
 *   const edition = loadEdition('editions/my-edition');        // parse once
 *   const report = await validate(edition);                     // check
 *   const result = await buildEdition(edition);                 // transform + print, in memory
 *   if (result.ok) writeEdition(result, 'dist');                // write
 */
import { Validator, type FileReport, type ValidateOptions } from './check/validate.js';
import type { Edition } from './edition/load.js';
import type { Source } from './parse/index.js';

export { loadEdition, type Edition, type LoadOptions } from './edition/load.js';
export { discoverEditions, slugOf, type EditionFolder } from './edition/discover.js';
export { buildEdition, ALL_FORMATS, type Artifact, type BuildOptions, type BuildResult, type Format } from './edition/build.js';
export { catalogueEntry, catalogueHtml, type CatalogueEntry } from './edition/catalogue.js';
export { fidelityCheck, fidelityOf } from './edition/publish.js';
export { writeEdition } from './write/edition.js';
export { buildCorpus, type CorpusOptions, type CorpusResult, type EditionReport } from './corpus/build.js';
export { mergeCorpus, type MergeResult } from './corpus/merge.js';
export { parseShard, shardOf, type Shard } from './corpus/shard.js';
export { readManifest, MANIFEST, type Manifest, type ManifestEdition } from './corpus/manifest.js';
export { writeFileAtomic } from './write/atomic.js';
export { Validator, findTeiAll, type FileReport, type ValidateOptions } from './check/validate.js';
export { formatFinding, type Finding } from './check/finding.js';
export { readSource, parseSource, sourceFromText, parseCounter, InputError, type Source, type ReadOptions, type Tree } from './parse/index.js';
export { LineIndex, positionOf, type Position } from './parse/position.js';
export { metadataOf, type EditionRecord, type CitePiece, type Provenance } from './transform/metadata.js';
export { fixityOf, sha256Hex, provenanceParams, type Fixity, type ProvenanceOptions } from './package/provenance.js';
export { packageEdition, bagSpec, type PackageOptions, type PackageResult } from './package/package.js';
export { writeBag, checkBagOutput, type BagSpec, type PayloadFile, type WrittenBag } from './package/write-bag.js';
export { verifyBag, type BagReport } from './package/verify.js';
export { hashFile } from './package/hash.js';
export { toHtml, type HtmlOptions } from './transform/html.js';
export { toText, textPortion, type TextOptions } from './transform/text.js';
export { runStylesheet, stylesheet, TransformError, type CompiledStylesheet, type StylesheetResult } from './transform/saxon.js';
export { dirOf } from './transform/bcp47.js';
export { pdfMeta, type PdfMeta } from './print/metadata.js';
export { openPrinter, type Printer } from './print/printer.js';
export { BrowserNotFoundError, findBrowser } from './print/browser.js';
export type { Paper } from './print/page.js';
export {
  loadProject,
  findProjectRoot,
  ConfigError,
  CONFIG_SCHEMA,
  createProject,
  editionDefaults,
  buildSettings,
  schemaStatus,
  upgradeSchemas,
  diwanVersion,
  type Project,
  type ConfigFile,
  type ConfigProblem,
  type EditionDefaults,
  type SchemaStatus,
} from './project/index.js';
export {
  createApp,
  startServer,
  ReloadHub,
  ListenError,
  type AppOptions,
  type ServeExtension,
  type RunningServer,
} from './serve/index.js';
export { CorpusWatcher, type CorpusWatchOptions, type WatchCause, type WatchedBuild } from './corpus/watch.js';
export {
  encodeText,
  encodeTei,
  loadRegisters,
  registerFromText,
  mergeRegisters,
  Matcher,
  RegisterError,
  analyse,
  findDates,
  parseDay,
  fold,
  readings,
  tokenize,
  formatReport,
  type EncodeOptions,
  type EncodeResult,
  type EncodeReport,
  type Entry,
  type Form,
  type Kind,
  type Register,
  type Mark,
  type Question,
  type Suggestion,
  type Found,
  type Day,
} from './encode/index.js';
export { textBlocks, type TextBlock } from './tei/blocks.js';
// Citing the edition (issue 14): citable units, CSL citations and reference-manager files, DTS 1.0.
export { citabilityOf, type Citability, type CitableUnit, type CitationTree, type CiteStructureNode } from './cite/index.js';
export { citeFiles, type CiteFiles, type CitePage } from './cite/page.js';
export { editionItem, sourceItem, type CslItem } from './cite/csl.js';
export { formatItem, STYLES as CITATION_STYLES, type Formatted, type Locator } from './cite/format.js';
export { navigate, DtsError, type NavigationQuery, type NavigationResult } from './cite/dts/navigate.js';
export { dtsExtension, DtsSite, DTS_PREFIX } from './cite/dts/server.js';
export { StaticDts, STATIC_DTS_DIR } from './cite/dts/static.js';
export { writeSkeleton, type SkeletonOptions, type Block, type HeaderDefaults as SkeletonHeader, type XmlModel as SkeletonXmlModel } from './tei/skeleton.js';

/** Validates an edition, a parsed Source or a file, with a Validator made for this call. */
export async function validate(input: Edition | Source | string, options: ValidateOptions = {}): Promise<FileReport> {
  const target = typeof input === 'string' ? input : 'source' in input ? input.source : input;
  return new Validator(options).validate(target);
}
