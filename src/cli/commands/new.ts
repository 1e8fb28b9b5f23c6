import { relative, resolve } from 'node:path';
import { createProject } from '../../project/create.js';
import { UsageError, type Io } from '../io.js';
import { helpText, parseOptions, type OptionName } from '../options.js';

const NAMES = ['title', 'lang', 'json', 'quiet'] as const satisfies readonly OptionName[];

const HELP = helpText(
  'diwan new DIR [--title "…"] [--lang ar]',
  `Starts a project in DIR (a new or empty folder): diwan.config.json, editions/, registers/register.xml
(the project's register, TEI), schemas/ with diwan's RELAX NG and Schematron (stamped with diwan's
version: "diwan validate" warns when they are older than the installed diwan's, "diwan upgrade-schema"
refreshes them), a .gitignore and a README. Then, in DIR: diwan init SOURCE.txt --slug SLUG.`,
  NAMES,
  { title: "the site's title and the publisher in new editions' headers (default: DIR's name)", lang: 'main language of new editions, BCP 47 (default: ar)' },
);

export async function newCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, NAMES);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('new takes exactly one DIR');
  if (values.lang !== undefined && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(values.lang))
    throw new UsageError(`--lang expects a BCP 47 tag, got "${values.lang}"`);
  const dir = resolve(positionals[0]!);
  const files = createProject(dir, { title: values.title, lang: values.lang });
  if (values.json) io.out(JSON.stringify({ project: dir, files }, null, 2));
  else if (!values.quiet) {
    io.err(`diwan: started a project in ${dir} (${files.length} files)`);
    const rel = relative(process.cwd(), dir) || '.';
    io.err(`next: cd ${rel} && diwan init path/to/source.txt --slug my-edition`);
  }
  return 0;
}
