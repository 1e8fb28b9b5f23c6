// Timing helpers shared by the benchmark scripts (bench.js, bench-relaxng.js, bench-print.js).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Runs a command in a fresh process and measures it from outside: wall time, and user+system
 * CPU time and peak RSS from GNU time. CPU time matters here because the machine is shared:
 * under load, wall time grows while CPU time stays close to the work done.
 */
export function timeCmd(cmd, argv, opts = {}) {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', cmd, ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    cwd: opts.cwd,
    env: opts.env ?? process.env,
  });
  const wall = Math.round(performance.now() - t);
  const lines = r.stderr.trimEnd().split('\n');
  const last = lines.pop() ?? '';
  const [u, s, kb] = last.split(' ').map(Number);
  // GNU time prints "Command exited with non-zero status N" before its own line.
  const stderr = lines.filter((l) => !/^Command exited with non-zero status/.test(l)).join('\n');
  return { wall, cpu: Math.round((u + s) * 1000), rssMB: Math.round(kb / 1024), status: r.status, stdout: r.stdout, stderr };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
}

/** Runs `once` n times; the medians of wall and CPU time, and the last run's result. */
export function sampleCmd(n, cmd, argv, opts) {
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(timeCmd(cmd, argv, opts));
  return {
    n,
    wall: median(runs.map((r) => r.wall)),
    cpu: median(runs.map((r) => r.cpu)),
    rssMB: Math.max(...runs.map((r) => r.rssMB)),
    last: runs.at(-1),
    runs,
  };
}

/** Median wall time of an in-process async step, in ms. */
export async function sampleAsync(n, fn) {
  const walls = [];
  let result;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    result = await fn();
    walls.push(Math.round(performance.now() - t));
  }
  return { n, wall: median(walls), result };
}

export const loadAverage = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

function firstLine(cmd, argv, stream = 'stdout') {
  try {
    const r = spawnSync(cmd, argv, { encoding: 'utf8' });
    return (r[stream] || r.stdout || r.stderr || '').trim().split('\n')[0] || 'unknown';
  } catch {
    return 'not found';
  }
}

/** The machine the numbers come from, for the head of the report. */
export function machine({ chromium = '/usr/bin/chromium', saxonJar } = {}) {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  let saxon = 'not installed';
  if (saxonJar && existsSync(saxonJar)) saxon = firstLine('java', ['-cp', saxonJar, 'net.sf.saxon.Transform', '-t'], 'stderr');
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: model,
    cores: os.cpus().length,
    ramGB: (os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    java: firstLine('java', ['-version'], 'stderr'),
    chromium: existsSync(chromium) ? firstLine(chromium, ['--version']) : 'not found',
    saxon,
    load: loadAverage(),
  };
}

/** Resident memory of Chromium's processes (browser, renderer, helpers), in MB. */
export function chromiumRssMb() {
  try {
    const out = execFileSync('ps', ['-eo', 'rss,comm'], { encoding: 'utf8' });
    return Math.round(
      out
        .split('\n')
        .filter((l) => /chrom/i.test(l))
        .reduce((s, l) => s + Number(l.trim().split(/\s+/)[0]), 0) / 1024,
    );
  } catch {
    return NaN;
  }
}

export const ms = (x) => (Number.isFinite(x) ? `${Math.round(x).toLocaleString('en-US')} ms` : '–');
export const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–');

export function mdTable(head, rows) {
  const line = (cells) => `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
