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
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.col}: ${f.severity}: ${f.message}`;
}
