import type { MessagePort } from 'node:worker_threads';
import type { PdfMeta } from '../print/metadata.js';
import type { Paper } from '../print/page.js';
import type { Printer } from '../print/printer.js';

/** A print request from a worker, and the main thread's answer. */
interface PrintRequest {
  id: number;
  html: string;
  opts: { paper?: Paper; meta: PdfMeta };
}
type PrintAnswer = { id: number; pdf: Uint8Array } | { id: number; error: string };

/**
 * The worker's side: a Printer whose pages are printed by the one Chromium of the main thread.
 * Browsers do not cross threads, and one browser per worker would cost ~100 MB and 0.3 s each.
 */
export function remotePrinter(port: MessagePort): Printer {
  let next = 0;
  const waiting = new Map<number, { done: (pdf: Uint8Array) => void; fail: (e: Error) => void }>();
  port.on('message', (a: PrintAnswer) => {
    const w = waiting.get(a.id);
    if (!w) return;
    waiting.delete(a.id);
    if ('pdf' in a) w.done(a.pdf);
    else w.fail(new Error(a.error));
    if (waiting.size === 0) port.unref();
  });
  return {
    print(html, opts) {
      const id = next++;
      port.ref();
      return new Promise((done, fail) => {
        waiting.set(id, { done, fail });
        port.postMessage({ id, html, opts } satisfies PrintRequest);
      });
    },
    async close() {
      port.close();
    },
  };
}

/** A counting semaphore: at most `limit` prints in the browser at once. */
function limiter(limit: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((go) => queue.push(go));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

/**
 * The main thread's side: answers the print requests arriving on ports (one per task) with the
 * shared printer, several pages at once (each print is its own browser context).
 */
export function printService(printer: Printer, concurrency: number) {
  const limit = limiter(Math.max(1, concurrency));
  return {
    serve(port: MessagePort): void {
      port.on('message', (r: PrintRequest) => {
        limit(() => printer.print(r.html, r.opts)).then(
          (pdf) => port.postMessage({ id: r.id, pdf } satisfies PrintAnswer),
          (err: unknown) => port.postMessage({ id: r.id, error: err instanceof Error ? err.message : String(err) } satisfies PrintAnswer),
        );
      });
    },
  };
}
