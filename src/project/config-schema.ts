/**
 * The JSON Schema of a project's configuration (diwan.config.json, or the "diwan" key of
 * package.json), checked with Ajv. One table: the loader, the errors and docs/projects.md follow
 * it. Paths are relative to the project's folder. Keys another stage needs later (a build's
 * worker count, the search index, DTS) are added here, with their defaults in project/load.ts.
 */
const path = { type: 'string', minLength: 1 } as const;
const url = { type: 'string', pattern: '^https?://[^\\s]+$' } as const;

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'diwan project configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    /** The folder of editions: <editions>/<slug>/<slug>.xml (default: editions). */
    editions: path,
    /** Where `diwan build` and `diwan serve --watch` write the site (default: dist). */
    out: path,
    /** The project-wide register files (default: registers/register.xml). */
    registers: { type: 'array', items: path, uniqueItems: true },
    /** The schemas the project's editions name (default: schemas/diwan.rng, schemas/diwan.sch). */
    schemas: {
      type: 'object',
      additionalProperties: false,
      properties: { relaxng: path, schematron: path },
    },
    formats: {
      type: 'array',
      items: { enum: ['html', 'text', 'tei', 'pdf'] },
      uniqueItems: true,
      minItems: 1,
    },
    paper: { enum: ['A4', 'Letter'] },
    site: {
      type: 'object',
      additionalProperties: false,
      properties: {
        title: { type: 'string', minLength: 1 },
        /** Where the site will be published (absolute http(s) URL), for links that must be absolute. */
        baseUrl: url,
      },
    },
    /** What `diwan init` (and `diwan encode`) write into a new edition's teiHeader. */
    header: {
      type: 'object',
      additionalProperties: false,
      properties: {
        lang: { type: 'string', pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$' },
        publisher: { type: 'string', minLength: 1 },
        licence: {
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          properties: { text: { type: 'string', minLength: 1 }, url },
        },
        editors: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1 },
              /** An authority for the person (ORCID, VIAF, Wikidata URL). */
              ref: url,
              /** What they did, when it is not "editor": a respStmt is written instead. */
              resp: { type: 'string', minLength: 1 },
            },
          },
        },
      },
    },
    /** Project customisation (docs/customising.md): the same as --xslt, --text-xslt and --css. */
    customise: {
      type: 'object',
      additionalProperties: false,
      properties: { xslt: path, textXslt: path, css: path },
    },
    serve: {
      type: 'object',
      additionalProperties: false,
      properties: {
        host: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 0, maximum: 65535 },
      },
    },
  },
} as const;

/** The configuration as written in the file (every key optional). */
export interface ConfigFile {
  $schema?: string;
  editions?: string;
  out?: string;
  registers?: string[];
  schemas?: { relaxng?: string; schematron?: string };
  formats?: ('html' | 'text' | 'tei' | 'pdf')[];
  paper?: 'A4' | 'Letter';
  site?: { title?: string; baseUrl?: string };
  header?: HeaderDefaults;
  customise?: { xslt?: string; textXslt?: string; css?: string };
  serve?: { host?: string; port?: number };
}

export interface HeaderDefaults {
  lang?: string;
  publisher?: string;
  licence?: { text: string; url?: string };
  editors?: { name: string; ref?: string; resp?: string }[];
}
