#!/usr/bin/env node
// Compiles every entry stylesheet xslt/*.xsl to lib/xslt/<name>.sef.json with xslt3,
// so SaxonJS never compiles XSLT at run time. Modules under xslt/<dir>/ are pulled in
// by xsl:include/xsl:import and are not entries.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const xslt3 = require.resolve('xslt3/xslt3.js');
const out = join(root, 'lib', 'xslt');
mkdirSync(out, { recursive: true });
for (const name of readdirSync(join(root, 'xslt'))
  .filter((f) => f.endsWith('.xsl'))
  .sort()) {
  const sef = join(out, name.replace(/\.xsl$/, '.sef.json'));
  try {
    execFileSync(process.execPath, [xslt3, `-xsl:${join(root, 'xslt', name)}`, `-export:${sef}`, '-nogo', '-relocate:on', '-ns:##html5'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } catch {
    console.error(`diwan: could not compile xslt/${name}; see the message above`);
    process.exit(1);
  }
  console.log(`compiled xslt/${name} -> lib/xslt/${name.replace(/\.xsl$/, '.sef.json')}`);
}
