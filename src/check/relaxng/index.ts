export { loadSchema, clearSchemaMemory, defaultCacheDir, type RelaxNGSchema } from './schema.js';
export { validateRelaxNG } from './validate.js';
