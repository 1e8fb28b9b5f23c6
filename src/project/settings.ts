import { resolve } from 'node:path';
import type { Format } from '../edition/build.js';
import type { Project } from './load.js';

/** The command-line options of a build, as parsed (src/cli/options.ts). */
export interface BuildFlags {
  out?: string;
  paper?: string;
  'no-pdf'?: boolean;
  xslt?: string;
  'text-xslt'?: string;
  css?: string;
  reading?: string;
  'page-breaks'?: string;
}

/** What a build (diwan build, diwan serve --watch) works with: options first, then the project, then diwan's defaults. */
export interface BuildSettings {
  editions: string;
  out: string;
  /** As written (A4, Letter, or what the user typed): paperOf() checks it. */
  paper?: string;
  formats: Format[];
  /** --xslt, --text-xslt, --css or the project's customise paths, and --reading, --page-breaks, for cli/customisation.ts. */
  customise: { xslt?: string; 'text-xslt'?: string; css?: string; reading?: string; 'page-breaks'?: string };
  /** Schemas for documents that name none: the project's, else diwan's own (undefined). */
  defaults?: { relaxng: string; schematron: string };
}

/** Merges a build's options over the project's configuration (command-line options win). */
export function buildSettings(flags: BuildFlags, dir: string | undefined, project: Project | null): BuildSettings {
  const formats: Format[] = [...(project?.formats ?? ['html', 'text', 'tei', 'pdf'])];
  return {
    editions: resolve(dir ?? project?.editions ?? 'editions'),
    out: resolve(flags.out ?? project?.out ?? 'dist'),
    paper: flags.paper ?? project?.paper,
    formats: flags['no-pdf'] ? formats.filter((f) => f !== 'pdf') : formats,
    customise: {
      xslt: flags.xslt ?? project?.customise.xslt,
      'text-xslt': flags['text-xslt'] ?? project?.customise.textXslt,
      css: flags.css ?? project?.customise.css,
      reading: flags.reading,
      'page-breaks': flags['page-breaks'],
    },
    defaults: project ? { ...project.schemas } : undefined,
  };
}
