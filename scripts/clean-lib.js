#!/usr/bin/env node
// Run by `npm pack`/`npm publish` before `prepare` rebuilds lib/: the tarball then carries only
// what the current sources compile to, never a stale module of a deleted source file.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

rmSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'lib'), { recursive: true, force: true });
