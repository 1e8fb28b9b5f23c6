import { parseArgs, type ParseArgsConfig } from 'node:util';

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

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with diwan's messages for unknown options and missing values. */
export function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/\. To specify.*$/s, '') : String(err));
  }
}
