import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { SaxonJSStatic } from 'saxon-js';
import { packageRoot } from '../paths.js';

// createRequire rather than import: SaxonJS 2.7 is CommonJS with only a default export,
// and loading it this way was measured ~250 ms faster.
const require = createRequire(import.meta.url);
export const SaxonJS = require('saxon-js') as SaxonJSStatic;

export { packageRoot };

const compiled = new Map<string, unknown>();

/**
 * The compiled stylesheet (SEF) for an entry stylesheet name such as "html".
 * SaxonJS mutates the object it is given, so one parsed copy is kept and reused.
 */
export function stylesheet(name: string): unknown {
  let sef = compiled.get(name);
  if (!sef) {
    const file = join(packageRoot, 'lib', 'xslt', `${name}.sef.json`);
    try {
      sef = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new Error(`compiled stylesheet ${file} is missing: run "npm run build"`);
    }
    compiled.set(name, sef);
  }
  return sef;
}

export interface RunOptions {
  /** Source XML text (already checked and decoded by the parse stage). */
  sourceText: string;
  /** Absolute URI of the source, for base-uri() and relative links. */
  baseUri?: string;
  params?: Record<string, unknown>;
}

/** Runs an entry stylesheet and returns its serialized principal result. */
export function runStylesheet(name: string, options: RunOptions): string {
  const messages: string[] = [];
  const result = SaxonJS.transform(
    {
      stylesheetInternal: stylesheet(name),
      sourceText: options.sourceText,
      destination: 'serialized',
      stylesheetParams: options.params ?? {},
      deliverMessage: (m: unknown) => messages.push(String(m)),
    },
    'sync',
  );
  return result.principalResult;
}
