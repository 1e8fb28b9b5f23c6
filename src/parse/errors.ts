/**
 * A problem with an input that the user must fix. The CLI prints it as one line
 * (`file:line:col: error: message`) and exits non-zero; it never shows a stack trace.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line = 0,
    readonly col = 0,
    /** "io" for files that cannot be read, "xml" for documents that are not acceptable XML. */
    readonly kind: 'io' | 'xml' | 'encoding' | 'security' | 'limit' = 'xml',
  ) {
    super(message);
    this.name = 'InputError';
  }

  override toString(): string {
    return `${this.file}:${this.line}:${this.col}: error: ${this.message}`;
  }
}

/** Line and column (1-based) of a UTF-16 offset in a string. */
export function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}
