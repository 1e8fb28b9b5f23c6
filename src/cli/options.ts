import { parseArgs } from 'node:util';
import type { Paper } from '../print/page.js';
import { UsageError } from './io.js';

/**
 * Every option a diwan command takes, described once: the parser and each command's --help are
 * generated from this table, so an option cannot be parsed without being documented.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder for the value in --help (string options). */
  value?: string;
  help: string;
  multiple?: boolean;
}

export const OPTIONS = {
  out: { type: 'string', short: 'o', value: 'OUT', help: 'output file or folder' },
  paper: { type: 'string', value: 'A4|Letter', help: 'paper size of the PDF (default: A4)' },
  'no-pdf': { type: 'boolean', help: 'skip the print edition' },
  chrome: { type: 'string', value: 'PATH', help: 'Chromium or Chrome to print with (default: $CHROME_PATH, then the usual paths)' },
  'max-size': { type: 'string', value: 'MiB', help: 'refuse larger TEI files (default 64)' },
  xslt: { type: 'string', value: 'FILE.xsl', help: "project stylesheet for the HTML edition (it xsl:imports diwan's html.xsl)" },
  'text-xslt': { type: 'string', value: 'FILE.xsl', help: "project stylesheet for the plain-text edition (it xsl:imports diwan's text.xsl)" },
  css: { type: 'string', value: 'FILE.css', help: "project CSS, added after diwan's in the HTML (and print) edition" },
  reading: {
    type: 'string',
    value: 'diplomatic|normalised',
    help: "the reading of each choice the text shows: the source's (sic, orig, abbr; default) or the editor's (corr, reg, expan)",
  },
  'page-breaks': {
    type: 'string',
    value: 'ED',
    help: 'show the page breaks of this source edition (pb/@ed); default: those without @ed, else the edition declared first',
  },
  schema: { type: 'string', value: 'X.rng', help: 'RELAX NG schema (XML syntax) to validate against' },
  schematron: { type: 'string', value: 'X.sch', help: 'ISO Schematron schema to run' },
  phase: { type: 'string', value: 'NAME', help: "Schematron phase (default: the schema's defaultPhase, else all)" },
  'tei-all': { type: 'boolean', help: "also check conformance to TEI's tei_all.rng (a .rng among the files, $DIWAN_TEI_ALL, or ../shared/tei/tei_all.rng)" },
  catalog: {
    type: 'string',
    value: 'FILE.xml',
    multiple: true,
    help: 'OASIS XML catalog mapping schema URLs to local files (repeatable; also $XML_CATALOG_FILES)',
  },
  fetch: { type: 'boolean', help: 'download schemas named by URL that no catalog maps, into the cache (never done otherwise)' },
  json: { type: 'boolean', help: 'one JSON object: summary and every finding' },
  quiet: { type: 'boolean', short: 'q', help: 'print errors only, no warnings and no summary' },
  slug: { type: 'string', value: 'SLUG', help: 'folder and file name (lower-case letters, digits, hyphens)' },
  lang: { type: 'string', value: 'TAG', help: 'main language, BCP 47 (default: ar)' },
  title: { type: 'string', value: 'TEXT', help: 'title (default: the first line)' },
  force: { type: 'boolean', help: 'replace files diwan would otherwise keep' },
  all: { type: 'boolean', help: 'every edition of the project (or of DIR)' },
  watch: { type: 'boolean', short: 'w', help: 'build the editions, then rebuild the one whose file changed and reload its open pages' },
  host: { type: 'string', value: 'ADDRESS', help: 'address to listen on (default: 127.0.0.1, this machine only)' },
  port: { type: 'string', value: 'N', help: 'port to listen on (default: 4173; 0: any free port)' },
  register: { type: 'string', value: 'FILE', multiple: true, help: 'register of persons, places and organisations: TEI, YAML or JSON (repeatable)' },
  jobs: { type: 'string', short: 'j', value: 'N', help: 'worker threads building editions at once (default: the number of cores)' },
  shard: {
    type: 'string',
    value: 'K/N',
    help: 'build only the K-th of N slices of the editions (by slug) and write that part of the manifest; join the parts with --merge',
  },
  merge: { type: 'boolean', help: "join the shards' parts of the manifest in OUT into the site's index, registers and search index (builds nothing)" },
  'no-search': { type: 'boolean', help: 'do not index the site for full-text search' },
  date: { type: 'string', value: 'YYYY-MM-DD', help: "the document's date: weekdays and relative dates are resolved against it" },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

export type Values<N extends OptionName> = {
  [K in N]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : (typeof OPTIONS)[K] extends { multiple: true } ? string[] : string;
} & { help?: boolean };

/** Parses a command's arguments; only the named options are accepted. */
export function parseOptions<N extends OptionName>(args: string[], names: readonly N[]): { values: Values<N>; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = { help: { type: 'boolean', short: 'h' } };
  for (const n of names) {
    const spec: OptionSpec = OPTIONS[n];
    options[n] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Values<N>, positionals };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/\. To specify.*$/s, '') : String(err));
  }
}

/** A command's --help: usage and description as written, the options from the table. */
export function helpText(usage: string, description: string, names: readonly OptionName[], overrides: Partial<Record<OptionName, string>> = {}): string {
  const rows: [string, string][] = names.map((n) => {
    const spec: OptionSpec = OPTIONS[n];
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${n}${spec.value ? ` ${spec.value}` : ''}`;
    return [flag, overrides[n] ?? spec.help];
  });
  rows.push(['-h, --help', 'this help']);
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  const lines = rows.map(([f, h]) => `  ${f.padEnd(width)}${h}`);
  return `Usage: ${usage}\n\n${description}\n\nOptions:\n${lines.join('\n')}`;
}

export function paperOf(value: string | undefined): Paper {
  if (value === undefined) return 'A4';
  const v = value.toLowerCase();
  if (v === 'a4') return 'A4';
  if (v === 'letter' || v === 'us-letter') return 'Letter';
  throw new UsageError(`--paper expects A4 or Letter, got "${value}"`);
}

export function maxBytes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--max-size expects a number of MiB, got "${value}"`);
  return Math.round(n * 1024 * 1024);
}
