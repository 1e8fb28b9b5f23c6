/**
 * Ctrl-C and kill (SIGINT, SIGTERM, SIGHUP) during a command: one sentence saying what happened,
 * the conventional exit status (128 + the signal's number), and no "internal error" from the
 * work the signal cut short (Chromium's driver closes its browser on these signals, so a PDF in
 * progress fails with "Target closed"). Stopping at any moment is safe: every output is staged
 * and renamed into place whole (src/write), so what was not finished is simply not there.
 */
const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
type Signal = keyof typeof SIGNALS;

export interface Stopping {
  /** The signal received, if any. */
  readonly signal: Signal | undefined;
  /** The exit status for it. */
  readonly status: number;
  /** Removes the handlers (after the command has ended). */
  release(): void;
}

/** How long the command may take to let go (Chromium closing, a rename finishing) before the process exits. */
const GRACE_MS = 1500;

export function onStop(say: (line: string) => void): Stopping {
  let signal: Signal | undefined;
  const handlers = new Map<Signal, () => void>();
  for (const name of Object.keys(SIGNALS) as Signal[]) {
    const handler = () => {
      if (signal) return;
      signal = name;
      say(`diwan: stopped by ${name}; outputs not finished were not written (nothing half-written is left)`);
      process.exitCode = 128 + SIGNALS[name];
      setTimeout(() => process.exit(128 + SIGNALS[name]), GRACE_MS).unref();
    };
    handlers.set(name, handler);
    process.on(name, handler);
  }
  return {
    get signal() {
      return signal;
    },
    get status() {
      return signal ? 128 + SIGNALS[signal] : 0;
    },
    release() {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}

/**
 * Aborted on Ctrl-C (SIGINT) or SIGTERM: how the long-running commands (serve, build --watch)
 * learn that they are to stop, close what they watch and let the process end.
 */
export function stopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}

/** Resolves when the signal is aborted. */
export const stopped = (signal: AbortSignal): Promise<void> =>
  new Promise((done) => {
    if (signal.aborted) done();
    else signal.addEventListener('abort', () => done(), { once: true });
  });
