import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/print/browser.js';

// A PDF run asks no name server and opens no network connection: run `diwan pdf` in a network
// namespace of its own (loopback only), whose resolver is a logging UDP server on 127.0.0.1:53,
// and trace the process tree's socket calls with strace.
const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'diwan.js');
const seed = join(root, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
const tmp = mkdtempSync(join(tmpdir(), 'diwan-hostile-net-'));
const ns = `diwan-net-${process.pid}`;
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const missing = [
  process.getuid?.() !== 0 ? 'root (network namespaces)' : '',
  has('ip') ? '' : 'ip (iproute2)',
  has('strace') ? '' : 'strace',
  findBrowser() ? '' : 'Chromium',
].filter(Boolean);
const why = missing.length ? `needs ${missing.join(', ')}` : '';
if (why && process.env.CI === 'true') throw new Error(`under CI=true the network test ${why}`);

let logger: ChildProcess | undefined;
const dnsLog = join(tmp, 'dns.log');

beforeAll(async () => {
  if (why) return;
  spawnSync('ip', ['netns', 'add', ns]);
  spawnSync('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
  // ip netns exec bind-mounts /etc/netns/<ns>/resolv.conf over /etc/resolv.conf.
  mkdirSync(`/etc/netns/${ns}`, { recursive: true });
  writeFileSync(`/etc/netns/${ns}/resolv.conf`, 'nameserver 127.0.0.1\n');
  writeFileSync(dnsLog, '');
  const script = `const d=require('dgram').createSocket('udp4');d.on('message',(m)=>{let i=12,l=[];while(i<m.length&&m[i]){l.push(m.subarray(i+1,i+1+m[i]).toString());i+=m[i]+1}require('fs').appendFileSync(${JSON.stringify(dnsLog)},l.join('.')+'\\n')});d.bind(53,'127.0.0.1',()=>console.log('ready'))`;
  logger = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((r) => logger!.stdout!.once('data', () => r()));
}, 30_000);

afterAll(() => {
  logger?.kill();
  if (!why) {
    spawnSync('ip', ['netns', 'del', ns]);
    rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
  }
  rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(why !== '')(`no network traffic from a PDF run${why ? ` (skipped: ${why})` : ''}`, () => {
  it('the resolver is reachable in the namespace (the test can see a query)', () => {
    spawnSync(
      'ip',
      ['netns', 'exec', ns, process.execPath, '-e', "const r=new (require('dns').Resolver)({timeout:300,tries:1});r.resolve4('probe.example',()=>{})"],
      { timeout: 10_000 },
    );
    expect(readFileSync(dnsLog, 'utf8')).toContain('probe.example');
    writeFileSync(dnsLog, '');
  });

  it('diwan pdf: no DNS query, no TCP connection, no datagram sent', () => {
    const trace = join(tmp, 'strace.log');
    const r = spawnSync(
      'ip',
      [
        'netns',
        'exec',
        ns,
        'strace',
        '-f',
        '-qq',
        '-yy',
        '-e',
        'trace=socket,connect,sendto,sendmsg,close',
        '-o',
        trace,
        process.execPath,
        bin,
        'pdf',
        seed,
        '-o',
        join(tmp, 'seed.pdf'),
      ],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(tmp, 'seed.pdf'))).toBe(true);
    expect(readFileSync(dnsLog, 'utf8')).toBe('');
    // strace -yy names each descriptor's socket at every call (fd<TCP:[...]>, fd<UDPv6:[...]>,
    // fd<NETLINK:[...]>), so no bookkeeping of socket()/close() is needed: threads share one
    // descriptor table, and a number closed in one thread and reused in another once made a
    // netlink message look like a datagram. TCP sockets must not connect beyond loopback; UDP
    // ones may be connected (Chromium probes its IPv6 route that way, which sends nothing) but
    // no Internet socket may send.
    const problems: string[] = [];
    for (const line of readFileSync(trace, 'utf8').split('\n')) {
      const m = /^\d+\s+(connect|sendto|sendmsg)\(\d+<(TCP|UDP)(v6)?:(.*)\)\s+=\s+-?\d+/.exec(line);
      if (!m) continue;
      const [, call, proto, , args] = m;
      if (call === 'connect' && proto === 'UDP') continue;
      if (call === 'connect' && /127\.0\.0\.1|"::1"/.test(args!)) continue;
      problems.push(line);
    }
    expect(problems).toEqual([]);
  }, 180_000);
});
