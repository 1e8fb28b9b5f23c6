import { isAbsolute, relative } from 'node:path';

/** One problem found in a document; the shape every check stage reports. */
export interface Finding {
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based; 0 when unknown. */
  col: number;
  severity: 'error' | 'warning';
  /** Which check found it: "xml", "relaxng", "schematron:<rule-id>", "io", … */
  rule: string;
  message: string;
  /** XPath of the offending node, where known. */
  xpath?: string;
  /** The schema the finding comes from (path; "#schematron" for the rules embedded in a RELAX NG schema). */
  schema?: string;
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.col}: ${f.severity}: ${f.message}${f.schema ? ` [${schemaLabel(f.schema)}]` : ''}`;
}

/** A schema as messages name it: relative to the working folder when inside it. */
export function schemaLabel(schema: string): string {
  const [path, part] = schema.split('#');
  const rel = isAbsolute(path!) ? relative(process.cwd(), path!) : path!;
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path!;
  return part === 'schematron' ? `${shown}, embedded Schematron` : shown;
}
