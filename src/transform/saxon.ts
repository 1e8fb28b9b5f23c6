import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../check/finding.js';
import { nodePosition, type Source } from '../parse/index.js';
import { packageRoot } from '../paths.js';
import type { XdmNode } from '../xdm/node.js';
import { SaxonJS } from '../xdm/saxon.js';
import { prefixExpansions } from '../tei/pointers.js';

export { SaxonJS, packageRoot };

/** A compiled stylesheet (SEF) as SaxonJS takes it; SaxonJS mutates it, so one copy is kept and reused. */
export type CompiledStylesheet = { readonly sef: unknown; readonly name: string };

const compiled = new Map<string, CompiledStylesheet>();

/** The compiled stylesheet (lib/xslt/<name>.sef.json) of one of diwan's entry stylesheets. */
export function stylesheet(name: string): CompiledStylesheet {
  let s = compiled.get(name);
  if (!s) {
    const file = join(packageRoot, 'lib', 'xslt', `${name}.sef.json`);
    let sef: unknown;
    try {
      sef = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new Error(`compiled stylesheet ${file} is missing: run "npm run build"`);
    }
    s = { sef, name };
    compiled.set(name, s);
  }
  return s;
}

export interface RunOptions {
  params?: Record<string, unknown>;
}

export interface StylesheetResult {
  output: string;
  /** What the stylesheet said with xsl:message, as findings on the source document. */
  messages: Finding[];
}

const DIWAN_NS = 'urn:diwan';

/**
 * Runs a stylesheet over the source's one parsed tree and returns its serialized principal
 * result. Messages become findings: a message whose content is `<d:message severity="warning"
 * node="{path()}">text</d:message>` is located at that node; any other message is a warning on
 * the whole file. A terminating message or a dynamic error is thrown as TransformError.
 */
export function runStylesheet(sheet: string | CompiledStylesheet, source: Source, options: RunOptions = {}): StylesheetResult {
  const s = typeof sheet === 'string' ? stylesheet(sheet) : sheet;
  const messages: Finding[] = [];
  let result: { principalResult: string };
  try {
    result = SaxonJS.transform(
      {
        stylesheetInternal: s.sef,
        sourceNode: source.tree.doc,
        destination: 'serialized',
        // Prefixed pointers expanded in linear time, in TypeScript (src/tei/pointers.ts): the
        // stylesheets never run a document's own regular expressions.
        stylesheetParams: { 'Q{urn:diwan}prefix-expansions': prefixExpansions(source).expansions, ...(options.params ?? {}) },
        deliverMessage: (m: unknown) => messages.push(messageFinding(m, source, s.name)),
      },
      'sync',
    );
  } catch (err) {
    throw new TransformError(source.path, s.name, err, messages);
  }
  return { output: result.principalResult, messages };
}

/** A stylesheet failed on a document: the first line says which and why, without a stack. */
export class TransformError extends Error {
  constructor(
    readonly file: string,
    readonly stylesheet: string,
    cause: unknown,
    readonly messages: Finding[],
  ) {
    const e = cause as { message?: string; code?: string };
    super(`the ${stylesheet} stylesheet failed on this document: ${(e?.message ?? String(cause)).split('\n')[0]}${e?.code ? ` (${e.code})` : ''}`);
    this.name = 'TransformError';
  }
}

function messageFinding(m: unknown, source: Source, sheet: string): Finding {
  const node = m as XdmNode;
  const el = firstElement(node);
  let text: string;
  let severity: Finding['severity'] = 'warning';
  let line = 0;
  let col = 0;
  let xpath: string | undefined;
  if (el && el.namespaceURI === DIWAN_NS && el.localName === 'message') {
    text = textOf(el);
    const attr = (name: string) => (el as unknown as { getAttribute(n: string): string | null }).getAttribute(name) ?? '';
    if (attr('severity') === 'error') severity = 'error';
    xpath = attr('node') || undefined;
    if (xpath) {
      try {
        const target = SaxonJS.XPath.evaluate(xpath, source.tree.doc) as XdmNode | null;
        if (target) ({ line, col } = nodePosition(source.tree, target));
      } catch {
        // A path the stylesheet made up is still worth its text.
      }
    }
  } else {
    text = textOf(node);
  }
  return { file: source.path, line, col, severity, rule: `xslt:${sheet}`, message: text.replace(/\s+/g, ' ').trim(), xpath };
}

function firstElement(n: XdmNode | null | undefined): XdmNode | undefined {
  if (!n) return undefined;
  if (n.nodeType === 1) return n;
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) return c;
  return undefined;
}

function textOf(n: XdmNode | null | undefined): string {
  if (!n) return '';
  if (typeof n === 'string') return n;
  return String((n as unknown as { textContent?: string }).textContent ?? '');
}
