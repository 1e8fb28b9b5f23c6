import { relative } from 'node:path';
import { loadProject } from '../../project/load.js';
import { upgradeSchemas } from '../../project/schemas.js';
import { UsageError, type Io } from '../io.js';
import { helpText, parseOptions, type OptionName } from '../options.js';

const NAMES = ['force', 'json', 'quiet'] as const satisfies readonly OptionName[];

const HELP = helpText(
  'diwan upgrade-schema [DIR] [--force]',
  `Replaces the project's copies of diwan's schemas (schemas/diwan.rng, schemas/diwan.sch) with the
installed diwan's, stamped with its version. A copy edited in the project, or a file of that name
that diwan did not copy, is kept unless --force. DIR: the project (default: found from here).`,
  NAMES,
  { force: 'replace edited copies and files diwan did not copy too' },
);

export async function upgradeSchemaCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, NAMES);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('upgrade-schema takes one DIR');
  const project = loadProject(positionals[0] ?? process.cwd());
  if (!project) throw new UsageError(`no diwan project at or above ${positionals[0] ?? 'this folder'}; "diwan new DIR" starts one`);
  const results = upgradeSchemas(project, { force: values.force });
  const kept = results.filter((r) => r.action === 'kept-edited' || r.action === 'kept-own');
  if (values.json) io.out(JSON.stringify({ project: project.root, schemas: results }, null, 2));
  else {
    for (const r of results) {
      const rel = relative(project.root, r.path);
      if (r.action === 'written') {
        if (!values.quiet) io.err(`diwan: ${rel}: ${r.from ? `diwan ${r.from}` : 'new'} -> diwan ${r.to}`);
      } else if (r.action === 'current') {
        if (!values.quiet) io.err(`diwan: ${rel}: already diwan ${r.to}'s`);
      } else {
        const why = r.action === 'kept-own' ? 'was not copied by diwan (no version stamp)' : `was edited since diwan ${r.from} copied it`;
        io.err(`${r.path}:0:0: warning: kept: it ${why}; --force replaces it with diwan ${r.to}'s`);
      }
    }
  }
  return kept.length > 0 ? 1 : 0;
}
