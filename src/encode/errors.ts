/** A register that cannot be used: where (file:line:col) and what was expected. */
export class RegisterError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    message: string,
  ) {
    super(message);
    this.name = 'RegisterError';
  }
  override toString(): string {
    return `${this.file}:${this.line}:${this.col}: error: ${this.message}`;
  }
}
