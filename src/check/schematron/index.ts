export { compileSchematron, SCH_NS } from './schema.js';
export type { CompiledSchematron, CompileOptions } from './schema.js';
export { runSchematron, severityOf, xpathOf } from './run.js';
export type { SchematronFinding } from './run.js';
export { extractSchematron } from './extract.js';
export { toSvrl } from './svrl.js';
export { SchematronSchemaError } from './errors.js';
export type { Trust } from './sandbox.js';
