import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { OutputRefused } from '../write/guard.js';
import { WriteError } from '../write/errors.js';
import { StylesheetCompileError } from '../transform/custom.js';
import { ConfigError } from '../project/errors.js';
import { safeText, UsageError, type Io } from './io.js';
import { onStop, type Stopping } from './signals.js';

const HELP = `diwan — archival digital editions in TEI/XML

Usage: diwan <command> [options]

Commands:
  build [DIR] [-o OUT]      validate and publish every edition in DIR (default: editions)
                            to OUT/<slug>/ (default: dist): index.html, <slug>.txt, <slug>.xml, <slug>.pdf
  validate FILE...          well-formedness, RELAX NG and Schematron; exit 0 valid, 1 invalid, 2 error
  html FILE [-o OUT]        the HTML edition of one TEI document (to OUT or standard output)
  text FILE [-o OUT]        the plain-text edition of one TEI document
  pdf FILE [-o OUT]         the print edition (PDF) of one TEI document, through Chromium
  init SOURCE.txt --slug S  start a new edition from a plain-text source
  new DIR                   start a project: config, editions/, registers/, schemas/ (diwan's, versioned)
  upgrade-schema [DIR]      refresh the project's copies of diwan's schemas
  serve [DIR] [--watch]     preview the site on http://127.0.0.1:4173/; --watch rebuilds on save
  doctor [DIR]              what is installed and what it enables; the project's config and schemas
  encode SOURCE.txt|EDITION.xml --register R   mark names and dates: a TEI draft and a review report
  package EDITION [-o BAG]  a BagIt bag (RFC 8493) of an edition for deposit; --all for every edition
  verify BAG                check a bag: every file present, none extra, every checksum, Payload-Oxum

Run "diwan <command> --help" for a command's options.`;

export async function main(argv: string[], io?: Io): Promise<number> {
  // From the command line (no io given), a signal ends the command with a sentence and its own
  // status; `serve` handles its own (it stops its server and watcher).
  const stopping = io === undefined && argv[0] !== 'serve' ? onStop((line) => process.stderr.write(`${line}\n`)) : undefined;
  try {
    const status = await run(argv, stopping ? hushedAfterStop(processIo(), stopping) : (io ?? processIo()), stopping);
    return stopping?.signal ? stopping.status : status;
  } finally {
    stopping?.release();
  }
}

async function run(argv: string[], io: Io, stopping: Stopping | undefined): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(HELP);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        io.out(JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version);
        return 0;
      case 'build':
        // Commands load on demand: Chromium's driver and SaxonJS cost seconds to import.
        return await (await import('./commands/build.js')).buildCommand(rest, io);
      case 'validate':
        return await (await import('./commands/validate.js')).validateCommand(rest, io);
      case 'html':
      case 'text':
      case 'pdf':
        return await (await import('./commands/publish.js')).publishCommand(command, rest, io);
      case 'init':
        return await (await import('./commands/init.js')).initCommand(rest, io);
      case 'new':
        return await (await import('./commands/new.js')).newCommand(rest, io);
      case 'doctor':
        return await (await import('./commands/doctor.js')).doctorCommand(rest, io);
      case 'serve':
        return await (await import('./commands/serve.js')).serveCommand(rest, io);
      case 'upgrade-schema':
        return await (await import('./commands/upgrade-schema.js')).upgradeSchemaCommand(rest, io);
      case 'encode':
        return await (await import('./commands/encode.js')).encodeCommand(rest, io);
      case 'package':
        return await (await import('./commands/package.js')).packageCommand(rest, io);
      case 'verify':
        return await (await import('./commands/verify.js')).verifyCommand(rest, io);
      default:
        throw new UsageError(
          `unknown command "${command}"; expected one of build, validate, html, text, pdf, init, new, upgrade-schema, serve, doctor, encode, package, verify`,
        );
    }
  } catch (err) {
    if (err instanceof OutputRefused || err instanceof WriteError || err instanceof StylesheetCompileError || err instanceof ConfigError) {
      io.err(safeText(err.toString()));
      return 2;
    }
    if (err instanceof UsageError) {
      io.err(`diwan: ${err.message}`);
      io.err('Run "diwan --help" for usage.');
      return 2;
    }
    // Whatever failed because a signal cut it short has been said already (src/cli/signals.ts).
    if (stopping?.signal) return stopping.status;
    // No stack traces for users; DIWAN_DEBUG=1 shows one to developers.
    io.err(`diwan: internal error: ${err instanceof Error ? err.message : String(err)}`);
    if (process.env.DIWAN_DEBUG && err instanceof Error) io.err(err.stack ?? '');
    return 2;
  }
}

/** After a signal the command's own lines (failures of the work cut short) are not printed: the stop was said once. */
function hushedAfterStop(io: Io, stopping: Stopping): Io {
  return {
    ...io,
    out: (s) => (stopping.signal ? undefined : io.out(s)),
    err: (s) => (stopping.signal ? undefined : io.err(s)),
    write: (s) => (stopping.signal ? undefined : io.write(s)),
  };
}

function processIo(): Io {
  return {
    out: (s) => process.stdout.write(`${safeText(s)}\n`),
    err: (s) => process.stderr.write(`${safeText(s)}\n`),
    write: (s) => process.stdout.write(s),
    terminal: process.stderr.isTTY ? process.stderr : undefined,
    outIsTerminal: process.stdout.isTTY === true && process.stderr.isTTY === true,
  };
}
