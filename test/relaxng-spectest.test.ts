import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSchema, validateRelaxNG } from '../src/check/relaxng/index.js';
import { InputError } from '../src/parse/index.js';
import { parsed } from './helpers/doc.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const suiteFile = path.resolve(repoRoot, '..', 'shared', 'corpus', 'relaxng-testsuites', 'jing-trang', 'spectest.xml');
const haveSuite = existsSync(suiteFile);

/**
 * Measured with salve-annos 1.2.4 (see docs/decisions/0001-relaxng-engine.md);
 * a drop below this is a regression.
 */
const FLOOR = { checks: 99.1, incorrectRejected: 96.2, correctAccepted: 100, valid: 100, invalid: 100 };

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
  /** Verbatim XML of the element, so schemas and instances keep their own namespaces. */
  raw: string;
}

function parseSuite(file: string): Node {
  // The suite's DOCTYPE declares one entity standing for an element with a Thai name;
  // saxes would insert it as text, so it is expanded here, before parsing.
  const src = readFileSync(file, 'utf8')
    .replace(/<!DOCTYPE[^[]*\[[^\]]*\]>/, '')
    .replaceAll('&dii;', '<\u0E14\u0E35/>');
  const parser = new SaxesParser({ position: true });
  const stack: { node: Node; start: number }[] = [];
  let root: Node | undefined;
  let tagStart = 0;
  parser.on('opentagstart', () => {
    tagStart = src.lastIndexOf('<', parser.position - 1);
  });
  parser.on('opentag', (tag) => {
    const node: Node = { name: tag.name, attrs: tag.attributes as Record<string, string>, children: [], text: '', raw: '' };
    stack[stack.length - 1]?.node.children.push(node);
    stack.push({ node, start: tagStart });
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.node.text += t;
  });
  parser.on('closetag', () => {
    const { node, start } = stack.pop()!;
    node.raw = src.slice(start, parser.position);
    root = node;
  });
  parser.write(src).close();
  return root!;
}

interface Case {
  id: string;
  section: string;
  node: Node;
}

function collectCases(suite: Node, out: Case[] = []): Case[] {
  for (const c of suite.children) {
    if (c.name === 'testSuite') collectCases(c, out);
    else if (c.name === 'testCase') {
      const section = c.children.find((k) => k.name === 'section')?.text.trim() ?? '?';
      out.push({ id: `#${out.length + 1}`, section, node: c });
    }
  }
  return out;
}

function writeResources(dir: string, n: Node): void {
  for (const c of n.children) {
    if (c.name === 'resource') writeFileSync(path.join(dir, c.attrs.name!), c.children[0]?.raw ?? c.text);
    else if (c.name === 'dir') {
      const sub = path.join(dir, c.attrs.name!);
      mkdirSync(sub, { recursive: true });
      writeResources(sub, c);
    }
  }
}

type Outcome = { kind: 'incorrect' | 'correct' | 'valid' | 'invalid'; ok: boolean; section: string; id: string; detail?: string };

describe.skipIf(!haveSuite)(`James Clark's RELAX NG spec test suite through salve${haveSuite ? '' : ' (skipped: ../shared is absent)'}`, () => {
  const work = mkdtempSync(path.join(tmpdir(), 'diwan-spectest-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('meets the measured pass-rate floor', { timeout: 600_000 }, async () => {
    const cases = collectCases(parseSuite(suiteFile));
    const outcomes: Outcome[] = [];
    for (const c of cases) {
      const dir = path.join(work, c.id.slice(1));
      mkdirSync(dir, { recursive: true });
      writeResources(dir, c.node);
      const schemaNode = c.node.children.find((k) => k.name === 'correct' || k.name === 'incorrect');
      if (!schemaNode) continue;
      const rng = path.join(dir, 'c.rng');
      writeFileSync(rng, schemaNode.children[0]?.raw ?? schemaNode.text);
      const correct = schemaNode.name === 'correct';
      let schema: Awaited<ReturnType<typeof loadSchema>> | undefined;
      let loadError = '';
      try {
        schema = await loadSchema(rng, { cacheDir: path.join(work, '.cache') });
      } catch (e) {
        loadError = String((e as Error).message ?? e).slice(0, 160);
      }
      if (!correct) {
        outcomes.push({ kind: 'incorrect', ok: schema === undefined, section: c.section, id: c.id });
        continue;
      }
      outcomes.push({ kind: 'correct', ok: schema !== undefined, section: c.section, id: c.id, detail: loadError });
      for (const inst of c.node.children.filter((k) => k.name === 'valid' || k.name === 'invalid')) {
        const kind = inst.name as 'valid' | 'invalid';
        if (!schema) {
          outcomes.push({ kind, ok: false, section: c.section, id: c.id, detail: 'schema not loaded' });
          continue;
        }
        const text = inst.children[0]?.raw ?? '';
        let findings: { message: string }[];
        try {
          let doc: ReturnType<typeof parsed> | undefined;
          try {
            doc = parsed(`${c.id}.xml`, text);
          } catch (e) {
            // An instance the parse stage refuses is rejected, as before validation.
            if (!(e instanceof InputError)) throw e;
          }
          findings = doc ? validateRelaxNG(schema, doc) : [{ message: 'not well-formed' }];
        } catch (e) {
          outcomes.push({ kind, ok: false, section: c.section, id: c.id, detail: `threw: ${(e as Error).message}` });
          continue;
        }
        const accepted = findings.length === 0;
        outcomes.push({ kind, ok: kind === 'valid' ? accepted : !accepted, section: c.section, id: c.id, detail: findings[0]?.message.slice(0, 120) });
      }
    }

    const rate = (k?: Outcome['kind']) => {
      const sel = outcomes.filter((o) => !k || o.kind === k);
      return { pass: sel.filter((o) => o.ok).length, total: sel.length };
    };
    const pct = (r: { pass: number; total: number }) => (r.total ? (100 * r.pass) / r.total : 100);
    const summary = {
      checks: rate(),
      incorrectRejected: rate('incorrect'),
      correctAccepted: rate('correct'),
      valid: rate('valid'),
      invalid: rate('invalid'),
    };
    const failedBySection = new Map<string, string[]>();
    for (const o of outcomes.filter((x) => !x.ok)) {
      const list = failedBySection.get(o.section) ?? [];
      list.push(`${o.id} ${o.kind}${o.detail ? ` (${o.detail})` : ''}`);
      failedBySection.set(o.section, list);
    }
    console.log(
      `spectest: ${cases.length} test cases\n` +
        Object.entries(summary)
          .map(([k, r]) => `  ${k}: ${r.pass}/${r.total} = ${pct(r).toFixed(1)}%`)
          .join('\n') +
        '\n  failures by spec section:\n' +
        [...failedBySection].map(([s, l]) => `    §${s}: ${l.length}: ${l.slice(0, 6).join('; ')}`).join('\n'),
    );
    for (const [k, floor] of Object.entries(FLOOR)) {
      expect(pct(summary[k as keyof typeof summary]), k).toBeGreaterThanOrEqual(floor);
    }
  });
});
