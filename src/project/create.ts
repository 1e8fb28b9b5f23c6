import { existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { create } from 'xmlbuilder2';
import { writeFileAtomic } from '../write/atomic.js';
import { OutputRefused } from '../write/guard.js';
import type { ConfigFile } from './config-schema.js';
import { CONFIG_FILE } from './load.js';
import { copySchemas, diwanVersion } from './schemas.js';

export interface NewProjectOptions {
  /** The site's title (default: the folder's name). */
  title?: string;
  /** Main language of the editions (default: ar). */
  lang?: string;
}

export const REGISTER_FILE = join('registers', 'register.xml');

/**
 * Starts a project in `dir` (made if absent; refused unless empty): diwan.config.json,
 * editions/, registers/register.xml, schemas/ with diwan's schemas (stamped with their version),
 * .gitignore and a README. Returns the files written, relative to the project.
 */
export function createProject(dir: string, opts: NewProjectOptions = {}): string[] {
  const root = resolve(dir);
  if (existsSync(root) || isLink(root)) {
    const st = lstatSync(root);
    if (!st.isDirectory())
      throw new OutputRefused(dir, `is ${st.isSymbolicLink() ? 'a symbolic link' : 'a file'}; expected a new or empty folder for the project`);
    const entries = readdirSync(root);
    if (entries.length > 0) {
      const why = entries.includes(CONFIG_FILE) ? 'holds a diwan project already' : 'is not empty';
      throw new OutputRefused(dir, `${why}; diwan new never writes into a folder with files: choose a new folder`);
    }
  }
  const title = opts.title ?? basename(root);
  const lang = opts.lang ?? 'ar';
  const config: ConfigFile = {
    editions: 'editions',
    out: 'dist',
    registers: ['registers/register.xml'],
    schemas: { relaxng: 'schemas/diwan.rng', schematron: 'schemas/diwan.sch' },
    formats: ['html', 'text', 'tei', 'pdf'],
    paper: 'A4',
    site: { title },
    header: { lang, publisher: title },
  };
  const files: [string, string][] = [
    [CONFIG_FILE, `${JSON.stringify(config, null, 2)}\n`],
    [join('editions', '.gitkeep'), ''],
    [REGISTER_FILE, registerSkeleton(title, lang)],
    ['.gitignore', GITIGNORE],
    ['README.md', readme(title)],
  ];
  mkdirSync(root, { recursive: true });
  for (const [name, data] of files) writeFileAtomic(join(root, name), data);
  const schemas = copySchemas(join(root, 'schemas')).map((p) => join('schemas', basename(p)));
  return [...files.map(([name]) => name), ...schemas];
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

const GITIGNORE = `# diwan build output and caches
dist/
node_modules/
.cache/
*.diwan-tmp
*.log
`;

/**
 * The project's register: a TEI document whose standOff will hold listPerson, listPlace and
 * listOrg. It starts without entries (TEI's lists need at least one), with a comment showing
 * their shape; it names the project's RELAX NG schema only, since diwan.sch would warn about
 * every entry that no mention in the file itself points to.
 */
function registerSkeleton(title: string, lang: string): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  doc.ins('xml-model', 'href="../schemas/diwan.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"');
  const tei = doc.ele('http://www.tei-c.org/ns/1.0', 'TEI').att('http://www.w3.org/XML/1998/namespace', 'xml:lang', 'en');
  const header = tei.ele('teiHeader');
  const fileDesc = header.ele('fileDesc');
  fileDesc.ele('titleStmt').ele('title').att('type', 'main').txt(`${title}: register of persons, places and organisations`);
  const pub = fileDesc.ele('publicationStmt');
  pub.ele('publisher').txt(title);
  pub.ele('idno').att('type', 'diwan').txt('register');
  fileDesc.ele('sourceDesc').ele('p').txt('Compiled by the project from the documents it edits.');
  header
    .ele('encodingDesc')
    .ele('editorialDecl')
    .ele('p')
    .txt(
      'Each entry has an xml:id that editions reuse: an entry copied into an edition keeps the same xml:id, and idno elements give authority identifiers (Wikidata, GeoNames, VIAF) only where verified.',
    );
  const langUsage = header.ele('profileDesc').ele('langUsage');
  langUsage.ele('language').att('ident', 'en').txt('English');
  if (lang !== 'en') langUsage.ele('language').att('ident', lang).txt(lang);
  tei.com(
    ` Entries go in a standOff here, before <text>:
  <standOff>
    <listPerson>
      <person xml:id="haftar">
        <persName xml:lang="ar">خليفة حفتر</persName>
        <persName xml:lang="en">Khalifa Haftar</persName>
        <idno type="wikidata">Q…</idno>  (only an identifier someone has verified)
      </person>
    </listPerson>
    <listPlace> <place xml:id="moscow"> <placeName xml:lang="ar">موسكو</placeName> … </place> </listPlace>
    <listOrg> <org xml:id="…"> <orgName xml:lang="…">…</orgName> </org> </listOrg>
  </standOff> `,
  );
  tei.ele('text').ele('body').ele('p').txt('This file is the register of the project; its entries are in standOff.');
  return `${doc.end({ prettyPrint: true, indent: '  ' })}\n`;
}

function readme(title: string): string {
  return `# ${title}

A collection of TEI P5 editions published with [diwan](https://www.npmjs.com/package/diwan) ${diwanVersion()}.

## Layout

- \`diwan.config.json\` — the project's settings (folders, formats, paper, site title, what new
  editions get in their header: language, publisher, licence, editors; custom XSLT and CSS).
- \`editions/<slug>/\` — one folder per edition: \`source.txt\` (the archival source, never
  edited) and \`<slug>.xml\` (the TEI edition).
- \`registers/register.xml\` — the project's register of persons, places and organisations
  (TEI \`standOff\`); an entry copied into an edition keeps its \`xml:id\`.
- \`schemas/\` — the schemas every edition names in its \`xml-model\`s (diwan's, copied with
  their version), so diwan, jing, oXygen and VS Code validate against the same files.
- \`dist/\` — the built site (not committed).

## Work

\`\`\`sh
diwan init source.txt --slug my-edition   # a new edition from a plain-text source
diwan validate editions/*/*.xml           # RELAX NG + Schematron, file:line:col messages
diwan build                               # HTML, text, TEI and PDF into dist/
diwan serve --watch                       # preview on http://127.0.0.1:4173/, rebuilt on save
diwan upgrade-schema                      # after updating diwan: refresh schemas/
diwan doctor                              # what is installed and what it enables
\`\`\`
`;
}
