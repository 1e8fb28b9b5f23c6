/** Where a command writes; the tests pass their own to read what a command printed. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Raw output (an edition on standard output). */
  write(data: string | Uint8Array): void;
  /** A transient status line, only when standard error is a terminal. */
  progress?: (line: string) => void;
}

/** A mistake in how diwan was called: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
