import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { loadSchema, validateRelaxNG, type RelaxNGSchema } from '../../src/check/relaxng/index.js';
import { InputError } from '../../src/parse/index.js';
import { parsed } from './doc.js';

/**
 * James Clark's test-suite format (spectest.xml; jing's xsdtest.xml and regextest.xml are
 * turned into it by the tests): testCase with a correct or incorrect schema, valid and invalid
 * instances, resources and dirs.
 */
export interface SuiteNode {
  name: string;
  attrs: Record<string, string>;
  children: SuiteNode[];
  text: string;
  /** Verbatim XML of the element, so schemas and instances keep their own namespaces. */
  raw: string;
}

export function parseSuiteText(src: string): SuiteNode {
  const parser = new SaxesParser({ position: true });
  const stack: { node: SuiteNode; start: number }[] = [];
  let root: SuiteNode | undefined;
  let tagStart = 0;
  parser.on('opentagstart', () => {
    tagStart = src.lastIndexOf('<', parser.position - 1);
  });
  parser.on('opentag', (tag) => {
    const node: SuiteNode = { name: tag.name, attrs: tag.attributes as Record<string, string>, children: [], text: '', raw: '' };
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

/** spectest.xml: its DOCTYPE declares one entity standing for an element with a Thai name. */
export function parseSpectest(file: string): SuiteNode {
  const src = readFileSync(file, 'utf8')
    .replace(/<!DOCTYPE[^[]*\[[^\]]*\]>/, '')
    .replaceAll('&dii;', '<\u0E14\u0E35/>');
  return parseSuiteText(src);
}

export interface SuiteCase {
  id: string;
  section: string;
  node: SuiteNode;
}

export function collectCases(suite: SuiteNode, out: SuiteCase[] = []): SuiteCase[] {
  for (const c of suite.children) {
    if (c.name === 'testSuite') collectCases(c, out);
    else if (c.name === 'testCase') {
      const section = c.children.find((k) => k.name === 'section')?.text.trim() ?? '?';
      out.push({ id: `#${out.length + 1}`, section, node: c });
    }
  }
  return out;
}

function writeResources(dir: string, n: SuiteNode): void {
  for (const c of n.children) {
    if (c.name === 'resource') writeFileSync(path.join(dir, c.attrs.name!), c.children[0]?.raw ?? c.text);
    else if (c.name === 'dir') {
      const sub = path.join(dir, c.attrs.name!);
      mkdirSync(sub, { recursive: true });
      writeResources(sub, c);
    }
  }
}

export type Outcome = {
  kind: 'incorrect' | 'correct' | 'valid' | 'invalid';
  ok: boolean;
  section: string;
  id: string;
  /** What was checked (the instance text), for the failure list. */
  what?: string;
  detail?: string;
};

/** Runs every case through diwan's RELAX NG path: loadSchema (salve + diwan's loader), the parse stage, validateRelaxNG. */
export async function runSuite(cases: SuiteCase[], work: string): Promise<Outcome[]> {
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
    let schema: RelaxNGSchema | undefined;
    let loadError = '';
    try {
      schema = await loadSchema(rng, { cacheDir: path.join(work, '.cache') });
    } catch (e) {
      loadError = String((e as Error).message ?? e).slice(0, 160);
    }
    const schemaText = (schemaNode.children[0]?.raw ?? schemaNode.text).replace(/\s+/g, ' ').slice(0, 200);
    if (!correct) {
      outcomes.push({ kind: 'incorrect', ok: schema === undefined, section: c.section, id: c.id, what: schemaText });
      continue;
    }
    outcomes.push({ kind: 'correct', ok: schema !== undefined, section: c.section, id: c.id, what: schemaText, detail: loadError });
    for (const inst of c.node.children.filter((k) => k.name === 'valid' || k.name === 'invalid')) {
      const kind = inst.name as 'valid' | 'invalid';
      const text = inst.children[0]?.raw ?? '';
      if (!schema) {
        outcomes.push({ kind, ok: false, section: c.section, id: c.id, what: text, detail: 'schema not loaded' });
        continue;
      }
      let findings: { message: string }[];
      try {
        let doc: ReturnType<typeof parsed> | undefined;
        try {
          doc = parsed(`${c.id}.xml`, `${inst.attrs.dtd ?? ''}${text}`);
        } catch (e) {
          // An instance the parse stage refuses is rejected, as before validation.
          if (!(e instanceof InputError)) throw e;
        }
        findings = doc ? validateRelaxNG(schema, doc) : [{ message: 'not well-formed' }];
      } catch (e) {
        outcomes.push({ kind, ok: false, section: c.section, id: c.id, what: text, detail: `threw: ${(e as Error).message}` });
        continue;
      }
      const accepted = findings.length === 0;
      outcomes.push({
        kind,
        ok: kind === 'valid' ? accepted : !accepted,
        section: c.section,
        id: c.id,
        what: text,
        detail: findings[0]?.message.slice(0, 120),
      });
    }
  }
  return outcomes;
}

export interface Rate {
  pass: number;
  total: number;
}

export function rate(outcomes: Outcome[], kind?: Outcome['kind']): Rate {
  const sel = outcomes.filter((o) => !kind || o.kind === kind);
  return { pass: sel.filter((o) => o.ok).length, total: sel.length };
}

export const pct = (r: Rate): number => (r.total ? (100 * r.pass) / r.total : 100);

/** The summary a suite test prints: rates per kind and every failure with what was checked. */
export type Summary = Record<'checks' | 'incorrectRejected' | 'correctAccepted' | 'valid' | 'invalid', Rate>;

export function report(name: string, outcomes: Outcome[]): Summary {
  const summary = {
    checks: rate(outcomes),
    incorrectRejected: rate(outcomes, 'incorrect'),
    correctAccepted: rate(outcomes, 'correct'),
    valid: rate(outcomes, 'valid'),
    invalid: rate(outcomes, 'invalid'),
  };
  const failed = outcomes.filter((o) => !o.ok);
  console.log(
    `${name}:\n` +
      Object.entries(summary)
        .map(([k, r]) => `  ${k}: ${r.pass}/${r.total} = ${pct(r).toFixed(1)}%`)
        .join('\n') +
      (failed.length
        ? `\n  failures:\n${failed.map((o) => `    ${o.id} §${o.section} ${o.kind} ${JSON.stringify(o.what)}${o.detail ? ` (${o.detail})` : ''}`).join('\n')}`
        : ''),
  );
  return summary;
}

export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;').replace(/"/g, '&quot;');
