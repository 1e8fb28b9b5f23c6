import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The DTS 1.0 JSON Schemas of test/fixtures/dts-schemas (see its README), compiled once with Ajv. */
const dir = path.resolve(import.meta.dirname, '..', 'fixtures', 'dts-schemas');
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, allowUnionTypes: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
for (const f of readdirSync(dir).filter((n) => n.endsWith('.schema.json'))) ajv.addSchema(JSON.parse(readFileSync(path.join(dir, f), 'utf8')));

const validators = new Map<string, ValidateFunction>();

/** Errors of a response against one schema ("entry", "collection", "navigation"); [] when valid. */
export function dtsErrors(kind: 'entry' | 'collection' | 'navigation', data: unknown): string[] {
  let v = validators.get(kind);
  if (!v) {
    v = ajv.getSchema(`${kind}.schema.json`)!;
    validators.set(kind, v);
  }
  return v(data) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
