/** A diwan project: an archivist's own folder of editions, registers, schemas and configuration. */
export { loadProject, findProjectRoot, readConfig, resolveConfig, CONFIG_FILE, type Project } from './load.js';
export { ConfigError, type ConfigProblem } from './errors.js';
export { CONFIG_SCHEMA, type ConfigFile, type HeaderDefaults } from './config-schema.js';
export { createProject, REGISTER_FILE, type NewProjectOptions } from './create.js';
export { editionDefaults, type EditionDefaults, type XmlModel } from './defaults.js';
export { buildSettings, type BuildFlags, type BuildSettings } from './settings.js';
export { schemaStatus, schemaNotes, upgradeSchemas, readStamp, diwanVersion, type SchemaStatus, type SchemaState, type UpgradeResult } from './schemas.js';
