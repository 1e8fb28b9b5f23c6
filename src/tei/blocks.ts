/**
 * The block structure of a plain-text source, as diwan's text rules read it back
 * (docs/tei-conventions.md): blocks are separated by empty lines; the first block is the
 * head, the others paragraphs; a line made only of white space that is not XML white space
 * (no-break spaces standing for an empty line) is a blank-line ab of its own. Lines of one
 * block are joined by lb.
 */
export interface TextBlock {
  kind: 'head' | 'p' | 'blank';
  /** The block's lines, each with the offset of its first character in the source text. */
  lines: { text: string; offset: number }[];
}

const XML_SPACE = /^[ \t\r\n]*$/;

/** Blocks of a text; lines end with LF, CR LF or a lone CR (offsets are into the text as given). */
export function textBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let current: TextBlock | null = null;
  const LINE = /\r\n|\n|\r/g;
  let at = 0;
  const lines: { text: string; offset: number }[] = [];
  for (let m = LINE.exec(text); m; m = LINE.exec(text)) {
    lines.push({ text: text.slice(at, m.index), offset: at });
    at = m.index + m[0].length;
  }
  lines.push({ text: text.slice(at), offset: at });
  for (const line of lines) {
    if (line.text === '') {
      current = null;
    } else if (!XML_SPACE.test(line.text) && line.text.trim() === '') {
      blocks.push({ kind: 'blank', lines: [line] });
      current = null;
    } else {
      if (!current) {
        current = { kind: blocks.length === 0 ? 'head' : 'p', lines: [] };
        blocks.push(current);
      }
      current.lines.push(line);
    }
  }
  return blocks;
}
