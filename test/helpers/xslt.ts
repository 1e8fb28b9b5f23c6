import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..', '..');

/** Compiles the stylesheets when a SEF is missing or older than any xslt/ source. */
export function ensureCompiled(): void {
  const sources = ['xslt', 'xslt/common', 'xslt/html', 'xslt/text'].flatMap((d) =>
    existsSync(join(repoRoot, d)) ? readdirSync(join(repoRoot, d)).map((f) => join(repoRoot, d, f)) : [],
  );
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  const stale = ['html', 'text'].some((n) => {
    const sef = join(repoRoot, 'lib', 'xslt', `${n}.sef.json`);
    return !existsSync(sef) || statSync(sef).mtimeMs < newest;
  });
  if (stale) execFileSync(process.execPath, [join(repoRoot, 'scripts', 'compile-xslt.js')], { stdio: 'ignore' });
}
