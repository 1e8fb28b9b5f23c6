import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp, type AppOptions } from './app.js';

export interface ServerOptions extends Omit<AppOptions, 'allowedHosts'> {
  /** Address to listen on (default 127.0.0.1, loopback only). */
  host?: string;
  /** Port (default 4173; 0: any free port). */
  port?: number;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

/** A server on a port that is taken, or an address that cannot be had: one sentence for the user. */
export class ListenError extends Error {}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Starts `diwan serve`'s web server. On a loopback address it answers only requests whose Host
 * names a loopback address (so a web page cannot reach it by DNS rebinding); on another address
 * (the user's choice, e.g. 0.0.0.0) it answers any Host.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const wanted = opts.port ?? 4173;
  // The Host header carries the port the client used: known only once listening (port 0).
  let allowedHosts: string[] | undefined;
  const app = createApp({
    ...opts,
    get allowedHosts() {
      return allowedHosts;
    },
  });
  const server = await new Promise<Server>((resolveServer, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: wanted }) as Server;
    s.once('listening', () => resolveServer(s));
    s.once('error', (err: NodeJS.ErrnoException) => {
      const where = `${host.includes(':') ? `[${host}]` : host}:${wanted}`;
      if (err.code === 'EADDRINUSE') reject(new ListenError(`${where} is in use; pass --port N (0 takes any free port)`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') reject(new ListenError(`cannot listen on ${where}: no such address on this machine`));
      else if (err.code === 'EACCES') reject(new ListenError(`cannot listen on ${where}: permission denied (ports below 1024 need privileges)`));
      else reject(err);
    });
  });
  const port = (server.address() as AddressInfo).port;
  if (LOOPBACK.has(host)) allowedHosts = ['127.0.0.1', 'localhost', '[::1]'].map((h) => `${h}:${port}`);
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${port}/`,
    host,
    port,
    close: () =>
      new Promise<void>((done) => {
        // Open event streams would hold close() forever.
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
