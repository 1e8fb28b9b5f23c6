import { describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { OPTIONS, type OptionSpec } from '../src/cli/options.js';

// Every option a command parses is in its --help, and --help names no option it does not parse
// (issue 13: "diwan pdf --help" once left out --paper and --chrome).

const COMMANDS = ['build', 'validate', 'html', 'text', 'pdf', 'init', 'new', 'upgrade-schema', 'serve', 'doctor', 'encode', 'package', 'verify'];

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (s) => out.push(s), err: (s) => err.push(s), write: (d) => out.push(String(d)) };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('every command documents exactly the options it parses', () => {
  for (const command of COMMANDS) {
    it(`diwan ${command}`, async () => {
      const help = await run([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.out).toMatch(/^Usage: diwan /);
      const parsed: string[] = [];
      for (const [name, spec] of Object.entries(OPTIONS) as [string, OptionSpec][]) {
        const value = spec.type === 'string' ? ['x'] : [];
        const r = await run([command, `--${name}`, ...value, '--help']);
        if (r.code === 0) {
          parsed.push(name);
          // Documented: the flag (with its short form and value placeholder) starts a line of the option list.
          const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
          expect(help.out, `${command} parses --${name}`).toMatch(new RegExp(`^  ${flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `, 'm'));
          if (spec.short) expect((await run([command, `-${spec.short}`, ...value, '--help'])).code).toBe(0);
        } else {
          expect(r.code, `${command} --${name}: ${r.err}`).toBe(2);
          expect(r.err).toMatch(/Unknown option/i);
        }
      }
      // Every option line of the help is one the command parses.
      const listed = [...help.out.matchAll(/^ {2}(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]).filter((n) => n !== 'help');
      expect(listed.sort()).toEqual(parsed.sort());
    });
  }

  it('html, text and pdf take the editorial choices; pdf its paper and browser', async () => {
    for (const c of ['html', 'text', 'pdf']) {
      const { out } = await run([c, '--help']);
      expect(out).toContain('--reading diplomatic|normalised');
      expect(out).toContain('--page-breaks ED');
    }
    const pdf = (await run(['pdf', '--help'])).out;
    expect(pdf).toContain('--paper A4|Letter');
    expect(pdf).toContain('--chrome PATH');
  });

  it('refuses a reading it does not know, saying which it knows', async () => {
    const r = await run(['text', 'missing.xml', '--reading', 'modern']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--reading expects diplomatic or normalised, got "modern"');
  });
});
