#!/usr/bin/env node
// Thin launcher: the CLI is compiled from src/cli to lib/cli by `npm run build` (run by `npm install`).
import('../lib/cli/main.js')
  .then(({ main }) => main(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    const missing = err && err.code === 'ERR_MODULE_NOT_FOUND';
    console.error(missing ? 'diwan: not built yet; run "npm install" (or "npm run build") first' : `diwan: internal error: ${err?.message}`);
    process.exitCode = 2;
  });
