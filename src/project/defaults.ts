import { dirname, isAbsolute, relative, sep } from 'node:path';
import { ISO_SCHEMATRON_NS, RELAXNG_NS } from '../check/plan.js';
import { DIWAN_RNG, DIWAN_SCH } from '../check/validate.js';
import { packageRoot } from '../paths.js';
import type { HeaderDefaults } from './config-schema.js';
import type { Project } from './load.js';

export interface XmlModel {
  href: string;
  schematypens: string;
}

/** What a new edition (diwan init, diwan encode) gets from the project it is made in. */
export interface EditionDefaults {
  /** The xml-model processing instructions, hrefs relative to the edition's file. */
  xmlModels: XmlModel[];
  header: HeaderDefaults;
  /** Said to the user when the defaults are a fallback (no project). */
  note?: string;
}

/** An href from a file to a schema: relative with forward slashes when they share a root, else a file: path. */
function hrefFrom(file: string, schema: string): string {
  const rel = relative(dirname(file), schema);
  if (isAbsolute(rel)) return `file://${schema.split(sep).join('/')}`;
  return rel.split(sep).join('/');
}

/**
 * The xml-models and header defaults for a new edition at `teiFile`. In a project: its schemas
 * (as relative hrefs, so jing, oXygen and diwan resolve the same files) and its `header`
 * settings. Outside any project: the installed diwan's own schemas, with a note that these
 * paths depend on where diwan is installed.
 */
export function editionDefaults(project: Project | null, teiFile: string): EditionDefaults {
  const rng = project?.schemas.relaxng ?? DIWAN_RNG;
  const sch = project?.schemas.schematron ?? DIWAN_SCH;
  const xmlModels = [
    { href: hrefFrom(teiFile, rng), schematypens: RELAXNG_NS },
    { href: hrefFrom(teiFile, sch), schematypens: ISO_SCHEMATRON_NS },
  ];
  if (project) return { xmlModels, header: project.header };
  // diwan's own repository is its own project of sorts: its editions name its schemas.
  if (!relative(packageRoot, teiFile).startsWith('..')) return { xmlModels, header: {} };
  return {
    xmlModels,
    header: {},
    note: `no diwan project here: the xml-models point at the installed diwan's schemas (${dirname(rng)}); "diwan new DIR" starts a project whose schemas travel with its editions`,
  };
}
