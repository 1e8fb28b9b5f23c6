import { join } from 'node:path';
import type { Format } from '../edition/build.js';
import { diwanVersion, packageRoot } from '../paths.js';
import { customisationFiles } from '../transform/custom.js';
import { fileHash, sha256, treeHash } from './hash.js';

/** What every edition of a build shares: a change to any of it rebuilds them all. */
export interface FingerprintInput {
  formats: readonly Format[];
  paper: string;
  maxBytes?: number;
  /** Schemas for documents that name none (a project's copies); their content is hashed per edition. */
  defaults?: { relaxng?: string; schematron?: string };
  customise: { xslt?: string; 'text-xslt'?: string; css?: string; reading?: string; 'page-breaks'?: string };
}

let code: string | undefined;

/**
 * diwan's own code as it runs: the compiled JavaScript and stylesheets in lib/, the XSLT sources and
 * CSS (the HTML embeds edition.css), the schemas it ships. Hashed once per process (~1 MB): a
 * rebuilt diwan gets a new fingerprint even when its version number stays the same.
 */
function codeHash(): string {
  if (!code) {
    code = sha256(
      [
        diwanVersion(),
        treeHash(join(packageRoot, 'lib'), (n) => /\.(js|json)$/.test(n)),
        treeHash(join(packageRoot, 'xslt'), (n) => /\.(xsl|css)$/.test(n)),
        treeHash(join(packageRoot, 'schemas'), (n) => /\.(rng|sch)$/.test(n)),
      ].join('\n'),
    );
  }
  return code;
}

/**
 * The build's fingerprint: diwan's code, the options that shape the outputs, the project's
 * stylesheets (every module they import) and CSS, the default schemas' paths, and the XML catalogs
 * named in $XML_CATALOG_FILES (they decide which schema a URL means). Contents only, never absolute
 * paths: the manifest holding it is an output, the same wherever the project is checked out.
 */
export function buildFingerprint(input: FingerprintInput): string {
  const parts: string[] = [
    `code ${codeHash()}`,
    `formats ${[...input.formats].sort().join(',')}`,
    `paper ${input.paper}`,
    `max-bytes ${input.maxBytes ?? ''}`,
    `defaults ${input.defaults?.relaxng ? fileHash(input.defaults.relaxng) : ''} ${input.defaults?.schematron ? fileHash(input.defaults.schematron) : ''}`,
  ];
  for (const { kind, file } of customisationFiles(input.customise)) parts.push(`${kind} ${fileHash(file)}`);
  parts.push(`editorial ${input.customise.reading ?? ''} ${input.customise['page-breaks'] ?? ''}`);
  for (const c of (process.env.XML_CATALOG_FILES ?? '').split(/[\s;]+/).filter(Boolean)) parts.push(`catalog ${fileHash(c)}`);
  return sha256(parts.join('\n'));
}
