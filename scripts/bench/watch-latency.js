// How long `diwan build --watch` takes to answer a save: from writing one edition's TEI to the end
// of the build that change sets off (the site's pages included), as its --json lines report it.
// Usage: node watch-latency.js EDITIONS OUT FILE ROUNDS [build options…]; prints one JSON object.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

const DIWAN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'diwan.js');
const [editions, out, file, rounds, ...extra] = process.argv.slice(2);
const child = spawn(process.execPath, [DIWAN, 'build', editions, '-o', out, '--watch', '--json', ...extra], { stdio: ['ignore', 'pipe', 'ignore'] });
const events = [];
let wake = () => {};
createInterface({ input: child.stdout }).on('line', (line) => {
  try {
    events.push(JSON.parse(line));
  } catch {
    return;
  }
  wake();
});
const next = (test, from) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no build within 10 minutes')), 600_000);
    const check = () => {
      const hit = events.slice(from).find(test);
      if (hit) {
        clearTimeout(timer);
        resolve(hit);
      }
    };
    wake = check;
    check();
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** User + system CPU of the watcher so far, in ms (Linux /proc; clock ticks of 10 ms). */
const cpu = () => {
  const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

const start = await next((e) => e.event === 'build' && e.cause === 'start', 0);
// The watcher warms up once it is watching (one edition built in memory): let it finish.
await sleep(5000);
const times = [];
const cpus = [];
for (let i = 1; i <= Number(rounds); i++) {
  const from = events.length;
  const text = readFileSync(file, 'utf8').replace(/(<!-- watched \d+ -->)?<\/TEI>/, `<!-- watched ${i} --></TEI>`);
  const c0 = cpu();
  const t0 = performance.now();
  writeFileSync(file, text);
  const b = await next((e) => e.event === 'build' && e.cause === 'edition' && e.counts?.built === 1, from);
  times.push(performance.now() - t0);
  cpus.push(cpu() - c0);
  if (b.counts.fresh + b.counts.built !== b.counts.total) throw new Error(`unexpected build: ${JSON.stringify(b)}`);
  await sleep(500);
}
child.kill('SIGINT');
await new Promise((r) => child.once('exit', r));
console.log(JSON.stringify({ start: start.counts, times, cpus }));
