import { SaxesParser } from 'saxes';
import { InputError } from './errors.js';

export interface XmlModel {
  href: string;
  schematypens?: string;
  type?: string;
}

export interface Shape {
  root: { local: string; uri: string };
  elements: number;
  maxDepth: number;
  /** `<?xml-model?>` processing instructions before the root element, in order. */
  xmlModels: XmlModel[];
}

export interface Limits {
  /** Deeper nesting is refused: the XSLT and schema stages recurse per level. */
  maxDepth: number;
}

export const defaultLimits: Limits = { maxDepth: 5000 };

/**
 * Checks that text is namespace-well-formed XML that diwan can safely process, and reports
 * its shape. saxes never reads external resources and knows only the five predefined
 * entities, so a DOCTYPE cannot make it fetch or expand anything; entity declarations are
 * refused outright with a message that says why.
 */
export function checkWellFormed(file: string, text: string, limits: Limits = defaultLimits): Shape {
  // saxes' namespace mode walks the open-tag stack per tag (quadratic in depth: 20,000 levels
  // took 6 s), so a linear pass without namespaces enforces the limits first.
  const shape = firstPass(file, text, limits);
  namespacePass(file, text, shape);
  return shape;
}

function firstPass(file: string, text: string, limits: Limits): Shape {
  const parser = new SaxesParser({ xmlns: false, position: true, fileName: file });
  let depth = 0;
  let maxDepth = 0;
  let elements = 0;
  let root: Shape['root'] | null = null;
  const xmlModels: XmlModel[] = [];
  let failure: InputError | null = null;

  const fail = (message: string, kind: InputError['kind'] = 'xml') => {
    failure ??= new InputError(file, message, parser.line, parser.column + 1, kind);
  };

  // Open elements, so a mismatched or missing end tag can say what was expected.
  const open: { name: string; line: number; col: number }[] = [];
  let lastClosed: (typeof open)[number] | undefined;
  parser.on('error', (err) => {
    const message = cleanSaxesMessage(err.message);
    const top = open[open.length - 1];
    if (/unexpected close tag/.test(message) && lastClosed) {
      // saxes has just closed the element that was really open; it is the one expected.
      const expected = lastClosed;
      const at = text.lastIndexOf('</', parser.position);
      const name = at >= 0 ? /^<\/([^\s>]*)/.exec(text.slice(at, at + 200))?.[1] : undefined;
      fail(`end tag </${name ?? '?'}> does not match the open element <${expected.name}> (line ${expected.line}, column ${expected.col}); expected </${expected.name}>`);
    } else if (/unclosed tag/.test(message) && top) {
      fail(`the document ends inside <${top.name}> (opened at line ${top.line}, column ${top.col}); expected </${top.name}>`);
    } else {
      fail(message);
    }
  });
  parser.on('opentagstart', (tag) => {
    open.push({ name: tag.name, line: parser.line, col: parser.column - tag.name.length });
  });
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      fail(
        'the DOCTYPE declares entities; diwan refuses entity declarations (they can read local files, fetch URLs or expand without bound); expected a document without <!ENTITY …>',
        'security',
      );
    }
  });
  parser.on('processinginstruction', (pi) => {
    if (!root && pi.target === 'xml-model') xmlModels.push(pseudoAttributes(pi.body));
  });
  parser.on('opentag', (tag) => {
    elements++;
    depth++;
    if (depth > maxDepth) maxDepth = depth;
    if (!root) root = { local: tag.name.replace(/^.*:/, ''), uri: '' };
    if (depth > limits.maxDepth) {
      fail(`elements nested deeper than ${limits.maxDepth} levels; expected a document of ordinary depth`, 'limit');
    }
  });
  parser.on('closetag', () => {
    depth--;
    lastClosed = open.pop();
  });

  // Feed in slices so a failure (a bomb, absurd depth) stops the work early.
  const slice = 1 << 16;
  for (let i = 0; i < text.length && !failure; i += slice) parser.write(text.slice(i, i + slice));
  if (!failure) parser.close();
  if (failure) throw failure;
  if (!root) throw new InputError(file, 'no root element; expected an XML document', 1, 1);
  return { root, elements, maxDepth, xmlModels };
}

/** Namespace well-formedness (unbound prefixes, xmlns misuse) and the root's namespace. */
function namespacePass(file: string, text: string, shape: Shape): void {
  const parser = new SaxesParser({ xmlns: true, position: true, fileName: file });
  let failure: InputError | null = null;
  let seenRoot = false;
  parser.on('error', (err) => {
    failure ??= new InputError(file, cleanSaxesMessage(err.message), parser.line, parser.column + 1, 'xml');
  });
  parser.on('opentag', (tag) => {
    if (!seenRoot) {
      seenRoot = true;
      shape.root = { local: tag.local ?? tag.name, uri: tag.uri ?? '' };
    }
  });
  const slice = 1 << 16;
  for (let i = 0; i < text.length && !failure; i += slice) parser.write(text.slice(i, i + slice));
  if (!failure) parser.close();
  if (failure) throw failure;
}

// saxes prefixes its messages with "file:line:col: "; diwan adds its own position.
function cleanSaxesMessage(message: string): string {
  return message.replace(/^.*?:\d+:\d+: /, '');
}

function pseudoAttributes(body: string): XmlModel {
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/([A-Za-z_:][\w.:-]*)\s*=\s*(["'])(.*?)\2/g)) out[m[1]!] = m[3]!;
  return { href: out.href ?? '', schematypens: out.schematypens, type: out.type };
}
