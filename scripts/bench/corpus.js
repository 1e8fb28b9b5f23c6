// The corpus section of `npm run bench` (`--only corpus`): diwan build over 1,000 seed-size
// editions with the worker pool — full, incremental (one edition changed), nothing changed — against
// the Java tools run in batch as their users run them (one Saxon-HE JVM over the folder for each
// stylesheet, one jing call over every file); one edition cold; the ELTeC novels; growth with size.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAverage, mdTable, ms, ratio, timeCmd } from '../bench-lib.js';
import { scaledSeed } from './generate.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const seedDir = path.join(root, 'editions', 'haftar-moscow-2016');
const DIWAN = path.join(root, 'bin', 'diwan.js');

/** `count` editions made from the seed: each its own slug and subtitle, the text (and source.txt) the seed's. */
export function seedEditions(dir, count) {
  const tei = readFileSync(path.join(seedDir, 'haftar-moscow-2016.xml'), 'utf8');
  const source = readFileSync(path.join(seedDir, 'source.txt'));
  for (let i = 1; i <= count; i++) {
    const slug = `e${String(i).padStart(4, '0')}`;
    mkdirSync(path.join(dir, 'editions', slug), { recursive: true });
    writeFileSync(path.join(dir, 'editions', slug, 'source.txt'), source);
    writeFileSync(
      path.join(dir, 'editions', slug, `${slug}.xml`),
      tei.replace('>A TEI P5 edition of an Al Jazeera', `>Copy ${i}: a TEI P5 edition of an Al Jazeera`),
    );
  }
  cpSync(path.join(root, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
  return path.join(dir, 'editions');
}

const perSecond = (n, wallMs) => (Number.isFinite(wallMs) && wallMs > 0 ? (n / (wallMs / 1000)).toFixed(1) : '–');
const target = (ok, text) => `${ok ? 'met' : 'not met'}: ${text}`;

export function corpusSection({ tmp, out, log, saxonJar, jingCp, haveSaxon, shared, count = 1000, skip = [] }) {
  const dir = path.join(tmp, 'corpus');
  const editions = seedEditions(dir, count);
  const dist = path.join(dir, 'dist');
  const jobs = os.availableParallelism();
  const build = (extra) => timeCmd(process.execPath, [DIWAN, 'build', editions, '-o', dist, '--no-pdf', '--quiet', '--jobs', String(jobs), ...extra]);
  log(`  ${count} editions: full build (--jobs ${jobs})`);
  const full = build(['--no-search']);
  log('  search index alone (the same build, nothing changed but the index missing)');
  const search = build([]);
  log('  nothing changed');
  const noop = build([]);
  log('  one edition changed');
  const middle = `e${String(Math.ceil(count / 2)).padStart(4, '0')}`;
  const one = path.join(editions, middle, `${middle}.xml`);
  writeFileSync(one, readFileSync(one, 'utf8').replace('</TEI>', '<!-- changed --></TEI>'));
  const incr = build(['--no-search']);
  writeFileSync(one, readFileSync(one, 'utf8').replace('<!-- changed --></TEI>', '<!-- changed again --></TEI>'));
  const incrSearch = build([]);
  // The same change with `diwan build --watch` running: the build is the same, in a process whose
  // SaxonJS, stylesheets and schemas are already loaded (five saves, one after another).
  log('  one edition changed, diwan build --watch running (5 saves)');
  const w = spawnSync(process.execPath, [path.join(import.meta.dirname, 'watch-latency.js'), editions, dist, one, '5', '--no-pdf', '--no-search'], {
    encoding: 'utf8',
    timeout: 900_000,
  });
  let watched = null;
  try {
    watched = JSON.parse(w.stdout.trim().split('\n').pop());
  } catch {
    log(`  watch latency failed: ${w.stderr.trim().split('\n').pop()}`);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const watch = watched ? { wall: median(watched.times), cpu: median(watched.cpus), max: Math.max(...watched.times) } : null;

  // The Java batch: validate (RELAX NG only: jing has no ISO Schematron) + HTML + text, one JVM each.
  let java;
  if (haveSaxon) {
    const files = Array.from({ length: count }, (_, i) => {
      const slug = `e${String(i + 1).padStart(4, '0')}`;
      return path.join(editions, slug, `${slug}.xml`);
    });
    const flat = path.join(dir, 'flat');
    mkdirSync(flat, { recursive: true });
    for (const f of files) cpSync(f, path.join(flat, path.basename(f)));
    const css = readFileSync(path.join(root, 'xslt', 'html', 'edition.css'), 'utf8');
    // Saxon-HE writes a folder's results only into an existing folder ("Input is a directory, but output is not").
    mkdirSync(path.join(dir, 'saxon-html'), { recursive: true });
    mkdirSync(path.join(dir, 'saxon-text'), { recursive: true });
    log('  Java batch: jing over every file, Saxon-HE html.xsl and text.xsl over the folder');
    const jing = timeCmd('java', ['-cp', jingCp, 'com.thaiopensource.relaxng.util.Driver', path.join(root, 'schemas', 'diwan.rng'), ...files]);
    const html = timeCmd('java', [
      '-cp',
      saxonJar,
      'net.sf.saxon.Transform',
      `-s:${flat}`,
      `-xsl:${path.join(root, 'xslt', 'html.xsl')}`,
      `-o:${path.join(dir, 'saxon-html')}`,
      `css=${css}`,
    ]);
    const text = timeCmd('java', [
      '-cp',
      saxonJar,
      'net.sf.saxon.Transform',
      `-s:${flat}`,
      `-xsl:${path.join(root, 'xslt', 'text.xsl')}`,
      `-o:${path.join(dir, 'saxon-text')}`,
    ]);
    java = {
      jing,
      html,
      text,
      wall: jing.wall + html.wall + text.wall,
      cpu: jing.cpu + html.cpu + text.cpu,
      ok: [jing, html, text].every((r) => r.status === 0),
    };
  }

  out.push(
    `\n### Corpus: ${count.toLocaleString('en-US')} seed-size editions (\`diwan build --jobs ${jobs}\`)\n\n_Load average at start (1/5/15 min): ${loadAverage()}_\n`,
  );
  const rows = [
    [
      'full build (validate RELAX NG + Schematron, metadata, text + fidelity, HTML, registers data; no search)',
      count,
      ms(full.wall),
      ms(full.cpu),
      `${full.rssMB} MB`,
      perSecond(count, full.wall),
      full.status,
    ],
    [
      'search index (Pagefind over the site, Arabic folding), added to that site',
      count,
      ms(search.wall),
      ms(search.cpu),
      `${search.rssMB} MB`,
      '–',
      search.status,
    ],
    ['nothing changed (manifest check; no page rewritten)', 0, ms(noop.wall), ms(noop.cpu), `${noop.rssMB} MB`, '–', noop.status],
    ['one edition changed, no search', 1, ms(incr.wall), ms(incr.cpu), `${incr.rssMB} MB`, '–', incr.status],
    ['one edition changed, search index remade', 1, ms(incrSearch.wall), ms(incrSearch.cpu), `${incrSearch.rssMB} MB`, '–', incrSearch.status],
    [
      `one edition changed, \`diwan build --watch\` running (save to end of build; median of 5, slowest ${watch ? ms(watch.max) : '–'})`,
      1,
      watch ? ms(watch.wall) : '–',
      watch ? ms(watch.cpu) : '–',
      '–',
      '–',
      watch ? 0 : 'error',
    ],
  ];
  if (java) {
    rows.push([
      'Java batch: jing (RELAX NG only) + Saxon-HE html.xsl + Saxon-HE text.xsl, one JVM each over the folder',
      count,
      ms(java.wall),
      ms(java.cpu),
      `${Math.max(java.jing.rssMB, java.html.rssMB, java.text.rssMB)} MB`,
      perSecond(count, java.wall),
      java.ok ? 0 : 'error',
    ]);
  }
  out.push(mdTable(['run', 'editions built', 'wall', 'CPU', 'peak RSS (main process; workers are threads in it)', 'editions/s', 'exit'], rows));
  const eps = count / (full.wall / 1000);
  const javaEps = java ? count / (java.wall / 1000) : NaN;
  out.push(
    `\nTargets: ${target(eps >= 50, `≥ 50 editions/s — ${eps.toFixed(1)}/s, ${(50 / eps).toFixed(1)}× short`)}; ${
      java
        ? target(eps >= 3 * javaEps, `≥ 3× the Java batch — ${(eps / javaEps).toFixed(2)}× (Java ${javaEps.toFixed(1)}/s)`)
        : 'Java batch not run (no Saxon-HE)'
    }; ${target(incr.wall <= 1000, `one change among ${count} ≤ 1 s, a new \`diwan build\` — ${ms(incr.wall)} without the search index, ${ms(incrSearch.wall)} with it`)}; ${target(
      watch !== null && watch.wall <= 1000,
      `the same with \`diwan build --watch\` running — ${watch ? ms(watch.wall) : 'not measured'}`,
    )}.`,
  );
  if (java) out.push(`\nJava batch parts: jing ${ms(java.jing.wall)}, Saxon-HE html ${ms(java.html.wall)}, text ${ms(java.text.wall)}.`);

  // One edition, cold: a fresh process, nothing cached but the compiled schemas and stylesheets.
  const single = path.join(tmp, 'single');
  mkdirSync(path.join(single, 'editions'), { recursive: true });
  cpSync(seedDir, path.join(single, 'editions', 'haftar-moscow-2016'), { recursive: true });
  cpSync(path.join(root, 'schemas'), path.join(single, 'schemas'), { recursive: true });
  const seed = path.join(single, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
  log('  one edition, cold');
  const cold = [1, 2, 3].map(() => {
    rmSync(path.join(single, 'dist'), { recursive: true, force: true });
    return timeCmd(process.execPath, [DIWAN, 'build', path.join(single, 'editions'), '-o', path.join(single, 'dist'), '--no-pdf', '--no-search', '--quiet']);
  });
  const coldWall = cold.map((r) => r.wall).sort((a, b) => a - b)[1];
  let coldJava = NaN;
  if (haveSaxon) {
    const css = readFileSync(path.join(root, 'xslt', 'html', 'edition.css'), 'utf8');
    const j = timeCmd('java', ['-cp', jingCp, 'com.thaiopensource.relaxng.util.Driver', path.join(root, 'schemas', 'diwan.rng'), seed]);
    const h = timeCmd('java', [
      '-cp',
      saxonJar,
      'net.sf.saxon.Transform',
      `-s:${seed}`,
      `-xsl:${path.join(root, 'xslt', 'html.xsl')}`,
      `-o:${path.join(single, 's.html')}`,
      `css=${css}`,
    ]);
    const t = timeCmd('java', [
      '-cp',
      saxonJar,
      'net.sf.saxon.Transform',
      `-s:${seed}`,
      `-xsl:${path.join(root, 'xslt', 'text.xsl')}`,
      `-o:${path.join(single, 's.txt')}`,
    ]);
    coldJava = j.wall + h.wall + t.wall;
  }
  out.push(
    `\n${mdTable(
      [
        'one edition, cold (`diwan build` of a folder of one, fresh process; median of 3)',
        'diwan wall',
        'jing + Saxon-HE html + Saxon-HE text (3 processes)',
        'ratio',
        'target ≤ 1.0 s',
      ],
      [
        [
          'seed (29 KB): validate + HTML + text',
          ms(coldWall),
          ms(coldJava),
          ratio(coldWall, coldJava),
          coldWall <= 1000 ? 'met' : `not met (${(coldWall / 1000).toFixed(2)} s)`,
        ],
      ],
    )}`,
  );

  // The ELTeC novels: diwan html / text (no validation: they are not diwan-schema documents) vs Saxon-HE.
  const novels = skip.includes('novels')
    ? []
    : ['eltec/eng/level1/ENG18530_Dickens.xml', 'eltec/eng/level2/ENG18570_Bronte.xml'].map((p) => path.join(shared, 'corpus', p)).filter((f) => existsSync(f));
  const nrows = [];
  for (const f of novels) {
    for (const kind of ['html', 'text']) {
      log(`  ${kind} ${path.basename(f)}`);
      const a = timeCmd(process.execPath, [DIWAN, kind, f, '-o', path.join(tmp, `novel.${kind}`)]);
      let b;
      if (haveSaxon) {
        const css = readFileSync(path.join(root, 'xslt', 'html', 'edition.css'), 'utf8');
        b = timeCmd('java', [
          '-cp',
          saxonJar,
          'net.sf.saxon.Transform',
          `-s:${f}`,
          `-xsl:${path.join(root, 'xslt', `${kind}.xsl`)}`,
          `-o:${path.join(tmp, `saxon-novel.${kind}`)}`,
          ...(kind === 'html' ? [`css=${css}`] : []),
        ]);
      }
      const mb = (readFileSync(f).length / 2 ** 20).toFixed(1);
      const goal = kind === 'html' && /Bronte/.test(f) ? (a.wall <= 2000 ? 'met (≤ 2 s)' : `not met: ${(a.wall / 2000).toFixed(1)}× the 2 s target`) : '–';
      nrows.push([
        path.basename(f),
        `${mb} MB`,
        kind,
        ms(a.wall),
        `${a.rssMB} MB`,
        a.rssMB < 1024 ? 'yes' : 'no',
        ms(b?.wall),
        b ? `${b.rssMB} MB` : '–',
        ratio(a.wall, b?.wall),
        goal,
      ]);
    }
  }
  if (nrows.length)
    out.push(
      `\n${mdTable(['novel', 'size', 'edition', 'diwan wall', 'diwan peak RSS', 'RSS < 1 GB', 'Saxon-HE wall', 'Saxon-HE RSS', 'ratio', 'target'], nrows)}`,
    );
  else out.push(`\nELTeC novels: ${skip.includes('novels') ? 'skipped (DIWAN_BENCH_SKIP)' : '../shared is absent, skipped'}.`);

  // Growth: one generated edition at 1×, 2×, 4×, 8× built alone (validate + HTML + text).
  const grows = [];
  let prev;
  for (const f of skip.includes('growth') ? [] : [1, 2, 4, 8]) {
    const g = path.join(tmp, `grow-${f}`);
    const slug = `grow${f}`;
    mkdirSync(path.join(g, 'editions', slug), { recursive: true });
    cpSync(path.join(root, 'schemas'), path.join(g, 'schemas'), { recursive: true });
    const file = path.join(g, 'editions', slug, `${slug}.xml`);
    writeFileSync(file, scaledSeed({ paragraphs: 700 * f, entries: 80 * f }));
    log(`  growth ${f}×`);
    const r = timeCmd(process.execPath, [DIWAN, 'build', path.join(g, 'editions'), '-o', path.join(g, 'dist'), '--no-pdf', '--no-search', '--quiet']);
    grows.push([
      `${f}×`,
      `${Math.round(readFileSync(file).length / 1024).toLocaleString('en-US')} KB`,
      ms(r.wall),
      ms(r.cpu),
      `${r.rssMB} MB`,
      prev ? ratio(r.cpu, prev.cpu) : '–',
      r.status,
    ]);
    prev = r;
  }
  if (grows.length)
    out.push(
      `\n${mdTable(['size', 'bytes', '`diwan build` wall (validate + metadata + text + HTML)', 'CPU', 'peak RSS', 'CPU / previous size (linear ≈ 2×)', 'exit'], grows)}`,
    );
  return { full, incr, noop, java, watch };
}
