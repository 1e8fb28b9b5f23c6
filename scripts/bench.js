#!/usr/bin/env node
// `npm run bench`: diwan against reference tools, each run in this same command on this machine.
//   XSLT        diwan html|text (SaxonJS 2.7)    vs Saxon-HE on Java, same stylesheets
//   validation  diwan validate                   vs jing (RELAX NG only; jing has no ISO Schematron)
//   print       diwan pdf                        vs chromium --print-to-pdf of the same HTML edition
//   build       diwan build editions             vs the reference tools' pipeline (sum of the above)
//   engines     scripts/bench-relaxng.js         (salve-annos vs jing vs xmllint, in-process)
//   encode      diwan encode                     2 MB of Arabic text, 5,000-entry register (no reference tool)
//   dts         diwan serve's DTS API            autocannon, 10,000 requests, 50 connections, loopback (no reference tool)
//   corpus      diwan build of 1,000 editions     full / incremental / cold / ELTeC / growth vs Saxon-HE + jing in batch
// Every command runs in a fresh process, timed from outside (wall and CPU, median of N).
// Usage: npm run build && node scripts/bench.js [--write] [--large] [--runs N] [--only xslt,validate,print,build,engines,growth,encode,package,dts,corpus]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadAverage, machine, mdTable, median, ms, ratio, sampleCmd, timeCmd } from './bench-lib.js';
import { measurePrint } from './bench-print.js';
import { scaledSeed } from './bench/generate.js';
import { encodeCorpus } from './bench/encode-corpus.js';
import { corpusSection } from './bench/corpus.js';

const root = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(root, '..', 'shared');
const { values: opt } = parseArgs({
  options: { write: { type: 'boolean' }, large: { type: 'boolean' }, runs: { type: 'string' }, only: { type: 'string' } },
});
const sections = new Set((opt.only ?? 'xslt,validate,print,build,engines,growth,encode,package,dts,corpus').split(','));
const log = (s) => process.stderr.write(`bench: ${s}\n`);

// --- preconditions ----------------------------------------------------------
const SAXON_JAR = '/usr/share/java/Saxon-HE.jar';
const CHROMIUM = '/usr/bin/chromium';
const JING_CP = ['jing.jar', 'xercesImpl.jar', 'xml-resolver.jar'].map((j) => `/usr/share/java/${j}`).join(':');
const DIWAN = path.join(root, 'bin', 'diwan.js');
const needed = ['lib/cli/main.js', 'lib/transform/html.js', 'lib/xslt/html.sef.json', 'lib/xslt/text.sef.json'];
const missing = needed.filter((f) => !existsSync(path.join(root, f)));
if (missing.length) {
  console.error(`bench: ${missing.join(', ')} missing: run "npm run build" first`);
  process.exit(1);
}
const newest = (dir, ext) =>
  Math.max(
    0,
    ...readdirSync(path.join(root, dir), { recursive: true })
      .filter((f) => f.endsWith(ext))
      .map((f) => statSync(path.join(root, dir, f)).mtimeMs),
  );
const stale = newest('src', '.ts') > newest('lib', '.js') || newest('xslt', '.xsl') > newest('lib/xslt', '.json');
if (stale) log('warning: src/ or xslt/ is newer than lib/; the numbers are for the last build ("npm run build" to refresh)');
const haveSaxon = existsSync(SAXON_JAR);
if (!haveSaxon) log(`${SAXON_JAR} missing (apt-get install -y libsaxonhe-java); XSLT reference column left empty`);
const haveShared = existsSync(path.join(shared, 'corpus'));
if (!haveShared) log(`${shared} is absent: corpus documents and tei_all are skipped`);

const seed = path.join(root, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
const corpusDoc = (rel, label, runs) => ({ file: path.join(shared, 'corpus', rel), label, runs });
const docs = [
  { file: seed, label: 'seed (haftar-moscow-2016)', runs: 3 },
  ...(haveShared
    ? [
        corpusDoc('openarabicpe/al-muqtabas/oclc_4770057679-i_31.TEIP5.xml', 'al-Muqtabas issue (OpenArabicPE)', 3),
        corpusDoc('eltec/eng/level1/ENG18530_Dickens.xml', 'Bleak House (ELTeC level 1)', 1),
        ...(opt.large ? [corpusDoc('eltec/eng/level2/ENG18570_Bronte.xml', 'Brontë (ELTeC level 2)', 1)] : []),
      ]
    : []),
].filter((d) => existsSync(d.file));
if (opt.runs) for (const d of docs) d.runs = Number(opt.runs);
const teiAll = path.join(shared, 'tei', 'tei_all.rng');
const kb = (f) => `${Math.round(statSync(f).size / 1024).toLocaleString('en-US')} KB`;
const tmp = mkdtempSync(path.join(tmpdir(), 'diwan-bench-'));
const diwan = (args) => [DIWAN, ...args];
const out = [];
const results = {};
const section = (title) => {
  out.push(`\n### ${title}\n\n_Load average at start (1/5/15 min): ${loadAverage()}_\n`);
  log(title);
};

// --- 1. XSLT ----------------------------------------------------------------
if (sections.has('xslt')) {
  section('XSLT: HTML and text editions');
  const css = readFileSync(path.join(root, 'xslt', 'html', 'edition.css'), 'utf8');
  const { createHash } = await import('node:crypto');
  const hash = `sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}`;
  const rows = [];
  for (const d of docs) {
    for (const kind of ['html', 'text']) {
      const mine = path.join(tmp, `diwan.${kind}`);
      const theirs = path.join(tmp, `saxon.${kind}`);
      log(`  ${kind} ${path.basename(d.file)} ×${d.runs}`);
      const a = sampleCmd(d.runs, process.execPath, diwan([kind, d.file, '-o', mine]));
      let b;
      let saxonSelf = '–';
      let same = '–';
      if (haveSaxon) {
        const params = kind === 'html' ? [`css=${css}`, `csp-style-hash=${hash}`] : [];
        const argv = [
          '-cp',
          SAXON_JAR,
          'net.sf.saxon.Transform',
          '-t',
          `-s:${d.file}`,
          `-xsl:${path.join(root, 'xslt', `${kind}.xsl`)}`,
          `-o:${theirs}`,
          ...params,
        ];
        b = sampleCmd(d.runs, 'java', argv);
        const t = (re) => median(b.runs.map((r) => Number(re.exec(r.stderr)?.[1])));
        saxonSelf = `${ms(t(/compilation time: .*?\(([\d.]+)ms\)/))} / ${ms(t(/Execution time: (?:.*?\()?([\d.]+)ms/))}`;
        if (a.last.status === 0 && b.last.status === 0) {
          const x = readFileSync(mine);
          const y = readFileSync(theirs);
          same = x.equals(y) ? 'identical' : `differs (${x.length.toLocaleString('en-US')} vs ${y.length.toLocaleString('en-US')} bytes)`;
        } else same = `exit ${a.last.status} / ${b.last.status}`;
      }
      results[`xslt:${kind}:${d.file}`] = { diwan: a, saxon: b };
      rows.push([
        d.label,
        kb(d.file),
        kind,
        d.runs,
        ms(a.wall),
        ms(a.cpu),
        ms(b?.wall),
        ms(b?.cpu),
        saxonSelf,
        ratio(a.wall, b?.wall),
        ratio(a.cpu, b?.cpu),
        same,
      ]);
    }
  }
  out.push(
    mdTable(
      [
        'document',
        'size',
        'edition',
        'runs',
        'diwan wall',
        'diwan CPU',
        'Saxon-HE wall',
        'Saxon-HE CPU',
        'Saxon-HE own: compile / transform',
        'wall ratio',
        'CPU ratio',
        'output',
      ],
      rows,
    ),
  );
  const xp = spawnSync('xsltproc', ['--noout', path.join(root, 'xslt', 'text.xsl'), seed], { encoding: 'utf8' });
  out.push(
    `\nxsltproc (libxslt, XSLT 1.0): ${
      xp.error ? 'not installed.' : `refuses the stylesheets (exit ${xp.status}: "${xp.stderr.split('\n').slice(0, 2).join(' ').trim()}").`
    } The stylesheets are XSLT 3.0 (maps, grouping, text value templates, XPath 3.1), so XSLT 1.0 has no like-for-like run.`,
  );
}

// --- 2. validation ----------------------------------------------------------
if (sections.has('validate')) {
  section('Validation: `diwan validate` vs jing');
  const diwanRng = path.join(root, 'schemas', 'diwan.rng');
  const diwanSch = path.join(root, 'schemas', 'diwan.sch');
  const cases = [{ label: 'seed: xml-model (diwan.rng + diwan.sch)', doc: docs[0], args: [seed], rng: [diwanRng], sch: [diwanSch], jing: [[diwanRng, seed]] }];
  if (haveShared && existsSync(teiAll)) {
    cases.push({
      label: 'seed: `--tei-all` (diwan.rng + diwan.sch + tei_all)',
      doc: docs[0],
      args: ['--tei-all', seed],
      rng: [diwanRng, teiAll],
      sch: [diwanSch],
      jing: [
        [diwanRng, seed],
        [teiAll, seed],
      ],
    });
    for (const d of docs.slice(1)) {
      cases.push({
        label: `${d.label}: \`--schema tei_all.rng\``,
        doc: d,
        args: ['--schema', teiAll, d.file],
        rng: [teiAll],
        sch: [],
        jing: [[teiAll, d.file]],
      });
    }
    // Fills the schema cache, so the timed runs measure what every run after the first pays.
    timeCmd(process.execPath, diwan(['validate', '--schema', teiAll, seed]));
  }
  timeCmd(process.execPath, diwan(['validate', seed]));
  const rows = [];
  const errors = new Set();
  for (const c of cases) {
    const n = c.doc.runs;
    log(`  ${c.label} ×${n}`);
    const a = sampleCmd(n, process.execPath, diwan(['validate', '-q', ...c.args]));
    const phasesArgs = [
      path.join(root, 'scripts', 'bench', 'validate-phases.js'),
      c.args.at(-1),
      ...c.rng.flatMap((r) => ['--rng', r]),
      ...c.sch.flatMap((s) => ['--sch', s]),
    ];
    const phased = timeCmd(process.execPath, phasesArgs);
    const p = JSON.parse(phased.stdout || '{}');
    for (const e of p.schErrors ?? []) errors.add(e);
    const jings = c.jing.map(([rng, f]) => sampleCmd(n, 'java', ['-cp', JING_CP, 'com.thaiopensource.relaxng.util.Driver', rng, f]));
    const jWall = jings.reduce((s, j) => s + j.wall, 0);
    const jCpu = jings.reduce((s, j) => s + j.cpu, 0);
    const sch = p.schCompileMs + p.schRunMs;
    // Both from the same run, so machine load cannot make the difference negative.
    const rngOnly = phased.wall - sch;
    const errorCount = (a.last.stdout.match(/: error: /g) ?? []).length;
    results[`validate:${c.label}`] = { diwan: a, phases: p, jingWall: jWall, jingCpu: jCpu };
    rows.push([
      c.label,
      n,
      ms(a.wall),
      ms(a.cpu),
      `exit ${a.last.status}${errorCount ? `: ${errorCount} error${errorCount > 1 ? 's' : ''}${p.schErrors ? ' incl. the schema error below' : ''}` : ''}`,
      `${ms(p.importMs)} / ${ms(p.rngLoadMs)} / ${ms(p.parseMs + p.rngValidateMs)}`,
      `${ms(p.schCompileMs)} / ${ms(p.schRunMs)}`,
      ms(rngOnly),
      ms(jWall),
      ms(jCpu),
      jings.map((j) => `exit ${j.last.status}`).join(', '),
      ratio(rngOnly, jWall),
      ratio(a.wall, jWall),
    ]);
  }
  out.push(
    mdTable(
      [
        'case',
        'runs',
        'diwan wall',
        'diwan CPU',
        'diwan verdict',
        'phases: start+import / RNG load / parse+RNG',
        'Schematron: compile / run',
        'diwan minus Schematron',
        'jing wall',
        'jing CPU',
        'jing verdict',
        'RNG ratio (diwan − Sch) / jing',
        'full ratio',
      ],
      rows,
    ),
  );
  out.push(
    '\nThe phases come from one extra run of `scripts/bench/validate-phases.js` (the steps of `Validator.validate`, timed inside a fresh process); ' +
      '"diwan minus Schematron" is that run\'s wall time (a fresh process, timed from outside) less its Schematron compile + run: the like-for-like number against jing, which checks RELAX NG only. ' +
      'The seed with `--tei-all` runs jing twice (diwan.rng, then tei_all.rng) and adds the times.',
  );
  for (const e of errors) out.push(`\nSchema error seen by diwan (its Schematron part is not run): \`${e.slice(0, 240)}\``);
}

// --- 3. print ---------------------------------------------------------------
if (sections.has('print')) {
  section('Print: `diwan pdf` vs `chromium --print-to-pdf`');
  if (!existsSync(CHROMIUM)) out.push(`${CHROMIUM} not found: print skipped.`);
  else {
    const printDocs = [docs[0], ...(opt.large ? docs.filter((d) => /Dickens/.test(d.file)) : [])];
    const inner = await measurePrint(
      printDocs.map((d) => d.file),
      { outDir: tmp },
    );
    const rows = [];
    for (const [i, d] of printDocs.entries()) {
      const n = Math.max(1, d.runs);
      log(`  pdf ${path.basename(d.file)} ×${n}`);
      const pdf = path.join(tmp, 'diwan.pdf');
      const a = sampleCmd(n, process.execPath, diwan(['pdf', d.file, '-o', pdf]));
      const html = path.join(tmp, 'edition.html');
      timeCmd(process.execPath, diwan(['html', d.file, '-o', html]));
      const ref = path.join(tmp, 'chromium.pdf');
      const b = sampleCmd(n, CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', `--print-to-pdf=${ref}`, html]);
      const pages = (f) => (existsSync(f) ? /^Pages:\s+(\d+)/m.exec(spawnSync('pdfinfo', [f], { encoding: 'utf8' }).stdout)?.[1] : '–');
      const f = inner.files[i];
      results[`print:${d.file}`] = { diwan: a, chromium: b, launchMs: inner.launchMs };
      rows.push([
        d.label,
        n,
        ms(a.wall),
        ms(a.cpu),
        `${ms(inner.launchMs)} / ${ms(f.toHtmlMs)} / ${ms(f.printMs)}`,
        pages(pdf),
        ms(b.wall),
        ms(b.cpu),
        pages(ref),
        ratio(a.wall, b.wall),
        ratio(a.cpu, b.cpu),
      ]);
    }
    out.push(
      mdTable(
        [
          'document',
          'runs',
          'diwan pdf wall',
          'diwan CPU',
          'in-process: browser launch / toHtml / print',
          'pages',
          'chromium --print-to-pdf wall',
          'chromium CPU',
          'pages',
          'wall ratio',
          'CPU ratio',
        ],
        rows,
      ),
    );
    out.push(
      '\nThe in-process split is one run of `measurePrint` (scripts/bench-print.js) in the benchmark process: the launch is playwright starting Chromium, which `diwan pdf` pays once per call and `diwan build` once per build. ' +
        "Chromium's own run prints the HTML edition as it is (system fonts, browser default header and footer); diwan adds its print CSS, embedded fonts, paragraph numbers, outline and pdf-lib metadata.",
    );
  }
}

// --- 4. build ---------------------------------------------------------------
if (sections.has('build')) {
  section('`diwan build` of editions/');
  const n = Number(opt.runs ?? 2);
  const a = sampleCmd(n, process.execPath, diwan(['build', path.join(root, 'editions'), '-o', path.join(tmp, 'dist')]));
  const seedParts = [`xslt:html:${seed}`, `xslt:text:${seed}`].map((k) => results[k]?.saxon?.wall);
  const jing = results['validate:seed: xml-model (diwan.rng + diwan.sch)']?.jingWall;
  const chrome = results[`print:${seed}`]?.chromium?.wall;
  const parts = [jing, ...seedParts, chrome];
  const ref = parts.every(Number.isFinite) ? parts.reduce((s, x) => s + x) : NaN;
  const editions = readdirSync(path.join(root, 'editions')).length;
  out.push(
    mdTable(
      [
        'editions',
        'runs',
        'diwan build wall',
        'diwan CPU',
        'exit',
        'reference pipeline (jing + Saxon-HE html + Saxon-HE text + chromium print), sum of medians above',
        'ratio',
      ],
      [[editions, n, ms(a.wall), ms(a.cpu), a.last.status, ms(ref), ratio(a.wall, ref)]],
    ),
  );
  out.push(
    '\n`diwan build` runs validation (RELAX NG and Schematron), both XSLT editions, the PDF and the fidelity check against source.txt in one Node process with one browser; the reference pipeline is four separate processes and has no Schematron.',
  );
}

// --- 5. RELAX NG engines (bench-relaxng.js) ---------------------------------
if (sections.has('engines')) {
  section('RELAX NG engines in-process: salve-annos vs jing vs xmllint (scripts/bench-relaxng.js)');
  if (!haveShared) out.push('Skipped: ../shared is absent.');
  else {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'bench-relaxng.js'), ...(opt.large ? ['--large'] : [])], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    out.push(`\`\`\`\n${(r.stdout + r.stderr).trim()}\n\`\`\``);
  }
}
// --- 6. Growth with size ----------------------------------------------------
// Documents made from the seed at 1x, 2x, 4x, 8x (8x: 50,000 xml:ids and pointers); the time of
// each doubling over the one before says whether a step is linear (2x) or worse.
if (sections.has('growth')) {
  section('Growth with size: validate (RELAX NG + Schematron) on generated documents');
  const sizes = [1, 2, 4, 8].map((f) => ({ f, paragraphs: 5625 * f, entries: 625 * f }));
  const rows = [];
  let prev;
  for (const z of sizes) {
    const file = path.join(tmp, `growth-${z.f}.xml`);
    writeFileSync(file, scaledSeed(z));
    const ids = z.paragraphs + z.entries;
    const schemas = ['--schema', path.join(root, 'schemas', 'diwan.rng'), '--schematron', path.join(root, 'schemas', 'diwan.sch')];
    const a = timeCmd(process.execPath, diwan(['validate', '-q', ...schemas, file]));
    const j = timeCmd('java', ['-cp', JING_CP, 'com.thaiopensource.relaxng.util.Driver', path.join(root, 'schemas', 'diwan.rng'), file]);
    rows.push([
      `${z.f}×`,
      kb(file),
      ids.toLocaleString('en-US'),
      ms(a.wall),
      ms(a.cpu),
      `${a.rssMB} MB`,
      prev ? ratio(a.cpu, prev.cpu) : '–',
      ms(j.wall),
      ratio(a.wall, j.wall),
    ]);
    prev = a;
  }
  out.push(
    mdTable(
      ['size', 'bytes', 'xml:ids (each pointed to)', 'diwan validate wall', 'CPU', 'peak RSS', 'CPU / previous size', 'jing (RELAX NG only) wall', 'ratio'],
      rows,
    ),
  );
  out.push('\nLinear work doubles with each row (CPU / previous ≈ 2×). Documents: `scripts/bench/generate.js`.');

  // The editions of the same documents: HTML and text at the sizes above (register back-links,
  // notes, mentions), the PDF at an eighth of them (Chromium lays out every page of it).
  section('Growth with size: diwan html, text and pdf on generated documents');
  const edRows = [];
  const last = {};
  for (const z of sizes) {
    const file = path.join(tmp, `growth-${z.f}.xml`);
    const small = path.join(tmp, `growth-pdf-${z.f}.xml`);
    const pdfSize = { paragraphs: Math.floor(z.paragraphs / 8), entries: Math.floor(z.entries / 8) };
    writeFileSync(small, scaledSeed(pdfSize));
    for (const [kind, src, what] of [
      ['html', file, z],
      ['text', file, z],
      ['pdf', small, pdfSize],
    ]) {
      const outFile = path.join(tmp, `growth-${z.f}.${kind === 'text' ? 'txt' : kind}`);
      const a = timeCmd(process.execPath, diwan([kind, src, '-o', outFile]));
      edRows.push([
        kind,
        `${z.f}×`,
        `${what.paragraphs.toLocaleString('en-US')} ¶ / ${what.entries.toLocaleString('en-US')} entries`,
        kb(src),
        ms(a.wall),
        ms(a.cpu),
        `${a.rssMB} MB`,
        last[kind] ? ratio(a.cpu, last[kind].cpu) : '–',
        a.status === 0 ? 'ok' : `exit ${a.status}`,
      ]);
      last[kind] = a;
    }
  }
  edRows.sort((x, y) => x[0].localeCompare(y[0]));
  out.push(
    mdTable(['edition', 'size', 'paragraphs / register entries', 'bytes', 'wall', 'CPU (Node + Chromium)', 'peak RSS', 'CPU / previous size', 'exit'], edRows),
  );
  out.push('\nThe goal (issue 8): CPU / previous size at most 3× (linear within a factor of 1.5 per doubling).');
}
// --- 7. Encode -------------------------------------------------------------
// diwan encode on generated Arabic prose (0.5, 1 and 2 MB) with a 5,000-entry register: the
// whole command (reading, matching, dates, the TEI draft, its validation and fidelity check,
// writing) timed from outside, and the encoding alone in process (scripts/bench-encode.js).
if (sections.has('encode')) {
  section('Encode: diwan encode, generated Arabic text, 5,000-entry YAML register');
  const rows = [];
  let prev;
  for (const mb of [0.5, 1, 2]) {
    const { yaml, text } = encodeCorpus({ entries: 5000, bytes: mb * 1024 * 1024 });
    const txt = path.join(tmp, `encode-${mb}.txt`);
    const reg = path.join(tmp, 'encode-register.yaml');
    writeFileSync(txt, text);
    writeFileSync(reg, yaml);
    const outXml = path.join(tmp, `encode-${mb}`, 'out.xml');
    const a = timeCmd(process.execPath, diwan(['encode', txt, '--register', reg, '--date', '2024-04-27', '-o', outXml, '--quiet', '--force']));
    const p = timeCmd(process.execPath, [path.join(root, 'scripts', 'bench-encode.js'), txt, reg]);
    const phases = JSON.parse(p.stdout || '{}');
    rows.push([
      `${mb} MB`,
      kb(txt),
      (phases.marks ?? 0).toLocaleString('en-US'),
      ms(a.wall),
      ms(a.cpu),
      `${a.rssMB} MB`,
      prev ? ratio(a.cpu, prev.cpu) : '–',
      ms(phases.loadMs),
      ms(phases.matcherMs),
      ms(phases.encodeMs),
      a.status === 0 ? 'valid' : `exit ${a.status}`,
    ]);
    prev = a;
  }
  out.push(
    mdTable(
      ['text', 'bytes', 'marks', 'diwan encode wall', 'CPU', 'peak RSS', 'CPU / previous size', 'register load', 'trie build', 'encode (in process)', 'draft'],
      rows,
    ),
  );
  out.push(
    '\n"diwan encode" includes validating the draft (RELAX NG + Schematron) and the fidelity check. Text and register: `scripts/bench/encode-corpus.js`.',
  );
}
// --- 8. Package -------------------------------------------------------------
// diwan package of the 4 MB ELTeC novel with its PDF, and diwan verify of the bag, timed from
// outside; then the bag's own work in process (scripts/bench-package.js): writing the 8 MB payload
// with streamed SHA-256 + SHA-512, and verifying it. The novel is not valid against eltec-2.rng
// (l inside s at 88624:44), so the bench project validates it against a RELAX NG that accepts any
// XML: validation is not what is measured here (see "Validation" above).
if (sections.has('package') && haveShared) {
  section('Package: diwan package and diwan verify, ELTeC novel (4 MB) with its PDF');
  const novel = path.join(shared, 'corpus', 'eltec', 'eng', 'level2', 'ENG18570_Bronte.xml');
  const project = path.join(tmp, 'package-project');
  mkdirSync(path.join(project, 'editions', 'bronte'), { recursive: true });
  copyFileSync(novel, path.join(project, 'editions', 'bronte', 'bronte.xml'));
  writeFileSync(
    path.join(project, 'any.rng'),
    '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="any"/></start><define name="any"><element><anyName/><zeroOrMore><choice><attribute><anyName/></attribute><text/><ref name="any"/></choice></zeroOrMore></element></define></grammar>\n',
  );
  writeFileSync(
    path.join(project, 'none.sch'),
    '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2"><pattern><rule context="/"><assert test="true()">never</assert></rule></pattern></schema>\n',
  );
  writeFileSync(path.join(project, 'diwan.config.json'), JSON.stringify({ schemas: { relaxng: 'any.rng', schematron: 'none.sch' } }));
  const bag = path.join(project, 'bags', 'bronte');
  const p = timeCmd(process.execPath, diwan(['package', 'bronte', '--quiet']), { cwd: project });
  const v = timeCmd(process.execPath, diwan(['verify', bag, '--quiet']), { cwd: project });
  const inproc = timeCmd(process.execPath, [path.join(root, 'scripts', 'bench-package.js'), bag, path.join(tmp, 'rebagged')]);
  const phases = JSON.parse(inproc.stdout || '{}');
  const size = phases.octets ? `${(phases.octets / 1e6).toFixed(1)} MB in ${phases.files} files` : '–';
  out.push(
    mdTable(
      [
        'edition',
        'payload',
        'diwan package wall',
        'CPU (Node + Chromium)',
        'peak RSS',
        'exit',
        'diwan verify wall',
        'CPU',
        'exit',
        'bag written in process (copy + hashing)',
        'verified in process',
      ],
      [
        [
          kb(novel),
          size,
          ms(p.wall),
          ms(p.cpu),
          `${p.rssMB} MB`,
          p.status,
          ms(v.wall),
          ms(v.cpu),
          v.status,
          ms(phases.writeMs),
          `${ms(phases.verifyMs)}${phases.valid ? '' : ' (NOT valid)'}`,
        ],
      ],
    ),
  );
  out.push(
    '\n"diwan package" includes validating, both XSLT editions, the fidelity check and printing the PDF, which take nearly all of its time; the bag itself (streamed SHA-256 and SHA-512 of every payload file, tag files, staged rename) is the in-process column.',
  );
}
// --- 9. Corpus --------------------------------------------------------------
if (sections.has('corpus')) {
  section('Corpus builds');
  corpusSection({
    tmp,
    out,
    log,
    saxonJar: SAXON_JAR,
    jingCp: JING_CP,
    haveSaxon,
    shared,
    count: Number(process.env.DIWAN_BENCH_EDITIONS ?? 1000),
    skip: (process.env.DIWAN_BENCH_SKIP ?? '').split(','),
  });
}
rmSync(tmp, { recursive: true, force: true });

// --- 8. DTS ----------------------------------------------------------------
// diwan serve's DTS API (level 1) under load: a fresh process (scripts/bench-dts.js) starts the
// server on loopback over the seed, a DraCor play and an ELTeC novel and runs autocannon.
if (sections.has('dts')) {
  section('DTS API of diwan serve under load (autocannon, loopback)');
  const r = timeCmd(process.execPath, [path.join(root, 'scripts', 'bench-dts.js')]);
  const j = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
  out.push(
    mdTable(
      [
        'editions',
        'request kinds',
        'requests',
        '2xx',
        'errors / timeouts / non-2xx',
        'req/s (mean)',
        'latency p50 / p97.5 / p99 / max',
        'throughput',
        'duration',
        'process CPU',
        'peak RSS',
      ],
      [
        [
          j.editions,
          j.kinds,
          (j.requests ?? 0).toLocaleString('en-US'),
          (j.ok ?? 0).toLocaleString('en-US'),
          `${j.errors} / ${j.timeouts} / ${j.non2xx}`,
          (j.rps ?? 0).toLocaleString('en-US'),
          `${j.p50} / ${j.p97_5} / ${j.p99} / ${j.max} ms`,
          `${j.mbps} MB/s`,
          `${j.seconds} s`,
          ms(r.cpu),
          `${r.rssMB} MB`,
        ],
      ],
    ),
  );
  out.push(
    '\n50 connections, 10,000 requests in all, one server process (client and server share the 2 cores). Request mix and site: `scripts/bench/dts-site.js`.',
  );
}

// --- report -----------------------------------------------------------------
const m = machine({ chromium: CHROMIUM, saxonJar: SAXON_JAR });
const head = [
  `Run: \`npm run bench${opt.large ? ' -- --large' : ''}\` on ${m.date}${stale ? ' (lib/ older than src/: stale build)' : ''}.`,
  '',
  mdTable(
    ['machine', ''],
    [
      ['CPU', `${m.cpu}, ${m.cores} cores`],
      ['RAM', `${m.ramGB} GiB`],
      ['OS', m.os],
      ['Node', m.node],
      ['Java', m.java],
      ['Saxon-HE', m.saxon],
      ['Chromium', m.chromium],
      ['load average at the end (1/5/15 min)', m.load],
    ],
  ),
].join('\n');
const report = `${head}\n${out.join('\n')}\n`;
console.log(report);

if (opt.write) {
  const file = path.join(root, 'BENCHMARKS.md');
  // A run of some sections (--only) writes its own block, leaving the full run's block as it was.
  const name = opt.only ? `bench:${opt.only}` : 'bench';
  const begin = `<!-- ${name}:begin (generated by \`npm run bench -- --write${opt.only ? ` --only ${opt.only}` : ''}\`; edit outside these markers) -->`;
  const end = `<!-- ${name}:end -->`;
  const old = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${begin}\n${end}\n`;
  const i = old.indexOf(begin.slice(0, begin.indexOf(' (')));
  const j = old.indexOf(end);
  const body = i >= 0 && j > i ? `${old.slice(0, i)}${begin}\n${report}${old.slice(j)}` : `${old.trimEnd()}\n\n${begin}\n${report}${end}\n`;
  writeFileSync(file, body);
  log(`wrote ${path.relative(process.cwd(), file)}`);
}
