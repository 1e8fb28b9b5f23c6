import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createInterface } from 'node:readline';

export interface ServeEvent {
  event: string;
  slug?: string;
  url?: string;
  cause?: string;
  ms?: number;
  counts?: { total: number; built: number; fresh: number; failed: number; removed: number };
  findings?: { file: string; line: number; col: number; severity: string; message: string }[];
}

export interface ServeProcess {
  url: string;
  port: number;
  events: ServeEvent[];
  /** Resolves with the first event (from `from` on) that passes the test. */
  waitFor(test: (e: ServeEvent) => boolean, from?: number, ms?: number): Promise<ServeEvent>;
  stderr(): string;
  stop(): Promise<number | null>;
  /** Sends `signal` and resolves with the exit status, sending nothing else (a second signal during the teardown would kill it). */
  interrupt(signal?: NodeJS.Signals): Promise<number | null>;
  child: ChildProcess;
}

/** Runs `diwan serve … --json --port 0` as a user would and reads its JSON lines. */
export async function startServe(cmd: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<ServeProcess> {
  const p = await startJsonLines([...cmd, '--json', '--port', '0'], cwd, (e) => e.event === 'listening', env);
  const url = p.ready.url!;
  return { ...p, url, port: Number(new URL(url).port) };
}

/** A long-running diwan command (serve, build --watch) with --json: its events, once one passes `ready`. */
export async function startJsonLines(
  cmd: string[],
  cwd: string,
  ready: (e: ServeEvent) => boolean,
  env: Record<string, string | undefined> = {},
): Promise<Omit<ServeProcess, 'url' | 'port'> & { ready: ServeEvent }> {
  const [exe, ...args] = cmd;
  const child = spawn(exe!, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: ServeEvent[] = [];
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      events.push(JSON.parse(line) as ServeEvent);
    } catch {
      err += `(stdout) ${line}\n`;
    }
    for (const w of waiters) w();
  });
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
    for (const w of waiters) w();
  });
  const waitFor = (test: (e: ServeEvent) => boolean, from = 0, ms = 120_000) =>
    new Promise<ServeEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for a serve event; events: ${JSON.stringify(events.slice(from))}\nstderr: ${err}`));
      }, ms);
      function check() {
        const hit = events.slice(from).find(test);
        if (hit) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit);
        } else if (exited !== undefined) {
          clearTimeout(timer);
          waiters.delete(check);
          reject(new Error(`diwan exited (${exited}) before the event; stderr: ${err}`));
        }
      }
      waiters.add(check);
      check();
    });
  const first = await waitFor(ready);
  return {
    ready: first,
    events,
    waitFor,
    stderr: () => err,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (exited !== undefined) return resolve(exited);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
    interrupt: (signal = 'SIGINT') =>
      new Promise((resolve) => {
        if (exited !== undefined) return resolve(exited);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path sent exactly as given (fetch would normalise "..", "%2e" and friends). */
export function rawGet(port: number, path: string, opts: { method?: string; host?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { Host: opts.host ?? `127.0.0.1:${port}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Reads server-sent events from the preview's stream until `stop` is called. */
export async function openEvents(
  url: string,
): Promise<{ events: { event: string; data: string }[]; next(event: string, ms?: number): Promise<string>; stop(): void }> {
  const controller = new AbortController();
  const res = await fetch(new URL('/__diwan/events', url), { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
  if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
  const events: { event: string; data: string }[] = [];
  const listeners = new Set<() => void>();
  void (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        for (let at = buffer.indexOf('\n\n'); at >= 0; at = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const event = /^event: ?(.*)$/m.exec(block)?.[1];
          const data = /^data: ?(.*)$/m.exec(block)?.[1];
          if (event) events.push({ event, data: data ?? '' });
          for (const l of listeners) l();
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    next: (event, ms = 120_000) => {
      const from = events.length;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${event}" event within ${ms} ms`)), ms);
        const check = () => {
          const hit = events.slice(from).find((e) => e.event === event);
          if (hit) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve(hit.data);
          }
        };
        listeners.add(check);
      });
    },
    stop: () => controller.abort(),
  };
}
