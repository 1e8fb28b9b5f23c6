/** One problem of a configuration file: where (the key's line:col) and what was expected. */
export interface ConfigProblem {
  file: string;
  line: number;
  col: number;
  /** The key, as a JSON pointer-like path: "header.editors[0].name". */
  key: string;
  message: string;
}

/** A configuration that cannot be used; each problem is one `file:line:col: error: …` line. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'ConfigError';
  }
  override toString(): string {
    return this.problems.map((p) => `${p.file}:${p.line}:${p.col}: error: ${p.message}`).join('\n');
  }
}
