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

export { positionOf } from './position.js';
