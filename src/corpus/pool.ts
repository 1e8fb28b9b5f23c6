import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import Tinypool from 'tinypool';
import { packageRoot } from '../paths.js';
import type { Printer } from '../print/printer.js';
import { printService } from './print-bridge.js';
import type { EditionOutcome, EditionTask } from './worker.js';

/** Deeply nested TEI recurses in the stylesheets and validators: a worker's default stack (~1 MB) is too small. */
const STACK_MB = 64;

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** Runs edition tasks: in worker threads, or in this thread when one worker would be all there is. */
export interface EditionRunner {
  run(task: Omit<EditionTask, 'port'>): Promise<EditionOutcome>;
  close(): Promise<void>;
}

/** The worker module in this thread, for one-job builds; what it compiles stays for the next build (a watcher's). */
let own: Promise<typeof import('./worker.js')> | undefined;
const inThread = () => (own ??= import('./worker.js'));

/** Loads the in-thread builder and runs it once over an edition in memory, writing nothing: a watcher's first rebuild then runs warm. */
export async function warmInThread(task: Pick<EditionTask, 'dir' | 'settings'>): Promise<void> {
  await (await inThread()).warm(task);
}

/**
 * `jobs` workers (tinypool), each loading SaxonJS, the stylesheets and the schemas once. The worker
 * code is always lib/corpus/worker.js, the compiled module, so the pool also runs under a test
 * runner that loads src/ as TypeScript. Print pages come back to `printer` in this thread.
 */
export function editionPool(jobs: number, printer?: Printer): EditionRunner {
  const prints = printer ? printService(printer, jobs + 1) : undefined;
  const withPort = async (task: Omit<EditionTask, 'port'>, send: (t: EditionTask, transfer: MessagePort[]) => Promise<EditionOutcome>) => {
    if (!prints || !task.settings.formats.includes('pdf')) return send(task, []);
    const { port1, port2 } = new MessageChannel();
    prints.serve(port1);
    try {
      return await send({ ...task, port: port2 }, [port2]);
    } finally {
      port1.close();
    }
  };
  if (jobs <= 1) {
    // One job: no worker to start (importing SaxonJS again in a thread costs ~0.5 s).
    return {
      run: (task) => withPort(task, async (t) => (await inThread()).default(t)),
      close: async () => {},
    };
  }
  const pool = new Tinypool({
    filename: join(packageRoot, 'lib', 'corpus', 'worker.js'),
    minThreads: jobs,
    maxThreads: jobs,
    // A worker awaiting its PDF from the browser can build the next edition meanwhile.
    concurrentTasksPerWorker: printer ? 2 : 1,
    resourceLimits: { stackSizeMb: STACK_MB },
    idleTimeout: 60_000,
  });
  return {
    run: (task) =>
      withPort(
        task,
        (t, transferList) =>
          pool.run(t, { transferList: transferList as unknown as NonNullable<Parameters<Tinypool['run']>[1]>['transferList'] }) as Promise<EditionOutcome>,
      ),
    close: () => pool.destroy(),
  };
}
