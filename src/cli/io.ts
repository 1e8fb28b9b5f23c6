/** Where a command writes; the tests pass their own to read what a command printed. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Raw output (an edition on standard output). */
  write(data: string | Uint8Array): void;
  /** A transient status line, for callers without a terminal stream (the bar needs `terminal`). */
  progress?: (line: string) => void;
  /** Standard error, when it is a terminal: progress bars are drawn there (src/cli/progress.ts). */
  terminal?: NodeJS.WriteStream;
  /** Standard output is that same terminal (its lines must then be written above the bar). */
  outIsTerminal?: boolean;
}

/** A mistake in how diwan was called: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

/**
 * Text from outside (file and folder names, document content) made safe for a terminal: control
 * characters (escape sequences among them) and bidi overrides/isolates become visible \uXXXX
 * escapes (the JSON form, so --json output stays valid JSON).
 */
export function safeText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
