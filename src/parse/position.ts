/**
 * The one line:column rule of diwan, used by every stage that reports a position.
 *
 * Lines are counted as XML 1.0 §2.11 counts them after end-of-line handling: LF, CR LF and a
 * lone CR each end a line (what editors such as oXygen and VS Code show). Columns are 1-based
 * and counted in UTF-16 code units, as jing and editors count them. The text is the decoded
 * document (a byte-order mark is not part of it).
 */
export interface Position {
  line: number;
  col: number;
}

/** Line starts of a text, for many look-ups in one document (binary search per look-up). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  /** Position of a UTF-16 offset (clamped to the text). */
  at(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: at - this.starts[lo]! + 1 };
  }

  get lines(): number {
    return this.starts.length;
  }
}

/** Position of one offset, for a single look-up (scans only up to the offset). */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: end - lineStart + 1 };
}
