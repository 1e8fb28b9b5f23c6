import cliProgress from 'cli-progress';
import { safeText, type Io } from './io.js';

/** How a command reports: --json (one JSON object on standard output), --quiet (errors only). */
export interface ReportFlags {
  json?: boolean;
  quiet?: boolean;
}

export interface Progress {
  /** The Io to print through while the bar is up: its lines are written above the bar. */
  io: Io;
  /** One item done; `label` names the next or the one just done. */
  tick(label?: string): void;
  /** Takes the bar away (a terminal) and prints the one-line summary unless --quiet/--json. */
  done(summary?: string): void;
}

/**
 * Progress of a long command over `total` items: a bar (cli-progress) on standard error when it
 * is a terminal, nothing while it runs otherwise; either way a one-line summary at the end.
 * No bar under --quiet or --json, or for a single item.
 */
export function progress(io: Io, total: number, what: string, flags: ReportFlags = {}): Progress {
  const summaryOf = (summary?: string) => {
    if (summary && !flags.quiet && !flags.json) io.err(summary);
  };
  if (flags.quiet || flags.json || total < 2) return { io, tick: () => {}, done: summaryOf };
  if (!io.terminal) {
    // No terminal stream: a caller's own status line (io.progress), if it gave one, else nothing.
    let n = 0;
    const status = io.progress;
    return {
      io,
      tick: (label = '') => status?.(`${what} ${++n}/${total} ${label}`),
      done: (summary) => {
        status?.('');
        summaryOf(summary);
      },
    };
  }
  const bars = new cliProgress.MultiBar(
    {
      stream: io.terminal,
      format: `${what} [{bar}] {value}/{total} {label}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const bar = bars.create(total, 0, { label: '' });
  // While the bar is drawn, lines for the terminal go above it (MultiBar.log), not through it.
  // The work between ticks blocks the event loop (SaxonJS runs synchronously), so the bars'
  // own redraw timer would not fire: each tick and each line redraws at once.
  const above = (line: string) => {
    bars.log(`${safeText(line)}\n`);
    bars.update();
  };
  const wrapped: Io = {
    ...io,
    out: io.outIsTerminal ? above : io.out,
    err: above,
    progress: undefined,
  };
  return {
    io: wrapped,
    // The label is a file or slug from outside: never a terminal escape.
    tick: (label = '') => {
      bar.increment(1, { label: safeText(label).slice(0, 48) });
      bars.update();
    },
    done: (summary) => {
      bars.stop();
      summaryOf(summary);
    },
  };
}
