import { runDoctor, type Check } from '../../doctor/checks.js';
import { UsageError, type Io } from '../io.js';
import { helpText, parseOptions, type OptionName } from '../options.js';

const NAMES = ['json', 'quiet'] as const satisfies readonly OptionName[];

const HELP = helpText(
  'diwan doctor [DIR] [--json]',
  `Says what is installed and what it enables: Node.js, diwan's compiled stylesheets and schemas,
Chromium (the PDF edition), the PDF fonts, Java and jing (optional), tei_all.rng (optional), the
cache folder; and for the project at or above DIR (default: here) its configuration, its copies of
diwan's schemas and their version, editions, registers and customisation. One line of advice for
each missing piece. Exit 0, or 1 when something diwan needs is broken.`,
  NAMES,
  { quiet: 'print only what is missing or broken' },
);

const MARK: Record<Check['status'], string> = { ok: 'ok     ', missing: 'missing', warning: 'warning', error: 'ERROR  ' };

export async function doctorCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, NAMES);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('doctor takes one DIR');
  const report = await runDoctor(positionals[0] ?? process.cwd());
  if (values.json) {
    io.out(JSON.stringify(report, null, 2));
    return report.ok ? 0 : 1;
  }
  const all = [...report.checks, ...(report.project?.checks ?? [])];
  const width = Math.max(...all.map((c) => c.id.length)) + 2;
  // One line per check (what was found, what it is for); one line of advice under anything not ok.
  const line = (c: Check) => {
    if (values.quiet && c.status === 'ok') return;
    io.out(`  ${MARK[c.status]} ${c.id.padEnd(width)}${c.found} — ${c.enables}`);
    if (c.advice) io.out(`  ${' '.repeat(7)} ${' '.repeat(width)}-> ${c.advice}`);
  };
  if (!values.quiet) io.out(`diwan ${report.diwan.version} on Node.js ${report.node} (${report.diwan.root})`);
  for (const c of report.checks) line(c);
  if (report.project) {
    if (!values.quiet) io.out(`project ${report.project.root} (${report.project.configFile})`);
    for (const c of report.project.checks) line(c);
  } else if (!values.quiet) {
    io.out('no project here ("diwan new DIR" starts one)');
  }
  return report.ok ? 0 : 1;
}
