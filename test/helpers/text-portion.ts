/**
 * An independent implementation of the "text portion" rules of docs/tei-conventions.md,
 * used as an oracle for the XSLT that writes the plain-text edition. It deliberately shares
 * no code with src/: if both agree with source.txt, neither is likely to be wrong by accident.
 */
import { SaxesParser } from 'saxes';

const TEI_NS = 'http://www.tei-c.org/ns/1.0';

/** Elements whose content is a citable block of running text. */
export const BLOCKS = new Set([
  'head',
  'p',
  'ab',
  'closer',
  'opener',
  'trailer',
  'byline',
  'dateline',
  'salute',
  'signed',
  'docTitle',
  'docAuthor',
  'docDate',
  'argument',
  'epigraph',
  'postscript',
  'l',
  'item',
  'label',
  'sp',
  'speaker',
  'stage',
  'bibl',
]);

/** Never part of the text portion (rule 1), nor are the readings the source does not show (rule 6). */
export const SKIPPED = new Set(['teiHeader', 'standOff', 'note', 'figDesc', 'corr', 'reg', 'expan']);

/** Rule 2 speaks of XML white space only: String.prototype.trim would also eat U+00A0. */
const XML_WS_RUN = /[ \t\r\n]+/g;
const XML_WS_EDGES = /^[ \t\r\n]+|[ \t\r\n]+$/g;

interface Block {
  /** Lines of the block, split at `lb` (rule 3); each is normalised on its own. */
  lines: string[];
  /** The nearest enclosing `figure`, whose captions are joined by one newline. */
  figure: number | null;
}

function normalise(line: string): string {
  return line.replace(XML_WS_RUN, ' ').replace(XML_WS_EDGES, '');
}

/** A block made only of non-XML white space (e.g. no-break spaces) replaces a blank line. */
function isBlankLine(normalised: string): boolean {
  return /^[\s\u200B\uFEFF]+$/u.test(normalised);
}

/**
 * Returns the text portion of a TEI document: the text of `text` with blocks joined as
 * the conventions prescribe. Pretty-printing white space between blocks is ignored.
 */
export function textPortion(xml: string): string {
  const parser = new SaxesParser({ xmlns: true });
  const blocks: Block[] = [];
  const stack: string[] = [];
  let inText = 0;
  let skipDepth = 0;
  let blockDepth = 0;
  let current: Block | null = null;
  let figureCounter = 0;
  const figures: number[] = [];

  parser.on('opentag', (tag) => {
    const name = tag.uri === TEI_NS ? tag.local : `{${tag.uri}}${tag.local}`;
    stack.push(name);
    if (name === 'text') inText += 1;
    if (!inText) return;
    if (skipDepth || SKIPPED.has(name)) {
      skipDepth += 1;
      return;
    }
    if (name === 'figure') figures.push(++figureCounter);
    if (name === 'lb' && current) {
      current.lines.push('');
      return;
    }
    if (BLOCKS.has(name)) {
      // A block inside a block (signed in closer, bibl in p) belongs to the outer one.
      if (blockDepth === 0) {
        current = { lines: [''], figure: figures.length ? figures[figures.length - 1]! : null };
        blocks.push(current);
      }
      blockDepth += 1;
    }
  });

  parser.on('closetag', (tag) => {
    const name = stack.pop();
    if (name === 'text') inText -= 1;
    if (!inText && name !== 'text') return;
    if (skipDepth) {
      skipDepth -= 1;
      return;
    }
    if (name === 'figure') figures.pop();
    if (name && BLOCKS.has(name)) {
      blockDepth -= 1;
      if (blockDepth === 0) current = null;
    }
    void tag;
  });

  const onText = (t: string): void => {
    if (!inText || skipDepth || !current) return;
    const lines = current.lines;
    lines[lines.length - 1] += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.write(xml).close();

  let out = '';
  let previous: { block: Block; blank: boolean } | null = null;
  for (const block of blocks) {
    const text = block.lines.map(normalise).join('\n');
    const blank = block.lines.length === 1 && isBlankLine(text);
    if (previous) {
      const sameFigure = block.figure !== null && block.figure === previous.block.figure;
      out += blank || previous.blank || sameFigure ? '\n' : '\n\n';
    }
    out += text;
    previous = { block, blank };
  }
  return out;
}
