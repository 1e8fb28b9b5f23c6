/** A Schematron schema that diwan cannot compile: broken XML, bad XPath, unsupported feature. */
export class SchematronSchemaError extends Error {
  constructor(
    message: string,
    /** Schema file path when known, else undefined. */
    readonly path?: string,
    /** 1-based position in the schema file; 0 when unknown. */
    readonly line = 0,
    readonly col = 0,
  ) {
    super(`${path ?? 'schema'}${line ? `:${line}:${col}` : ''}: ${message}`);
    this.name = 'SchematronSchemaError';
  }
}
