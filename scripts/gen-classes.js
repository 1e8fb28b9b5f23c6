#!/usr/bin/env node
// Writes xslt/common/classes.xsl from the table of TEI element classes (src/tei/classes.ts, built
// to lib/tei/classes.js): the name lists as variables, and each list as a static pattern string
// for match patterns (`_match="{$d:block-pattern}"`): SaxonJS dispatches templates on spelled-out
// names much faster than on a predicate over a list. `--check` exits 1 when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { TEI_CLASSES } = await import(pathToFileURL(join(root, 'lib', 'tei', 'classes.js')).href);
const kebab = (s) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const lines = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!-- GENERATED from src/tei/classes.ts by scripts/gen-classes.js (npm run build): do not edit. -->',
  '<xsl:stylesheet version="3.0"',
  '  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"',
  '  xmlns:xs="http://www.w3.org/2001/XMLSchema"',
  '  xmlns:d="urn:diwan"',
  '  exclude-result-prefixes="#all">',
];
for (const [name, list] of Object.entries(TEI_CLASSES)) {
  const n = kebab(name);
  lines.push('');
  lines.push(`  <xsl:variable name="d:${n}-names" as="xs:string*" select="(${list.map((x) => `'${x}'`).join(', ')})"/>`);
  lines.push(
    `  <xsl:variable name="d:${n}-pattern" static="yes" as="xs:string" select="'${list.map((x) => `Q{http://www.tei-c.org/ns/1.0}${x}`).join(' | ')}'"/>`,
  );
}
lines.push('</xsl:stylesheet>', '');
const text = lines.join('\n');
const file = join(root, 'xslt', 'common', 'classes.xsl');
if (process.argv.includes('--check')) {
  const current = readFileSync(file, 'utf8');
  if (current !== text) {
    console.error('xslt/common/classes.xsl is stale: run "npm run build"');
    process.exit(1);
  }
} else {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {}
  if (current !== text) writeFileSync(file, text);
}
