import type { SchematronFinding } from './run.js';
import type { CompiledSchematron } from './schema.js';

const SVRL_NS = 'http://purl.oclc.org/dsdl/svrl';

function attr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
function text(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function attrs(pairs: [string, string | undefined][]): string {
  return pairs
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => ` ${k}="${attr(v)}"`)
    .join('');
}

/**
 * The findings of one run as an ISO SVRL report (Schematron Validation Report Language): one
 * active-pattern per pattern, then per fired assertion a failed-assert or successful-report with
 * its location (XPath), test, id, role, flag, diagnostic and property references and text.
 * Run-time XPath errors are not assertions and are left out.
 */
export function toSvrl(schema: CompiledSchematron, findings: SchematronFinding[]): string {
  const out = [
    `<svrl:schematron-output xmlns:svrl="${SVRL_NS}"${attrs([
      ['title', schema.title],
      ['phase', schema.phase],
    ])}>`,
  ];
  for (const p of schema.patterns) out.push(`  <svrl:active-pattern${attrs([['id', p.id]])}/>`);
  for (const f of findings) {
    if (f.dynamicError) continue;
    const el = f.kind === 'assert' ? 'svrl:failed-assert' : 'svrl:successful-report';
    out.push(
      `  <${el}${attrs([
        ['test', f.test],
        ['location', f.xpath],
        ['id', f.id],
        ['role', f.role],
        ['flag', f.flag],
        ['xml:lang', f.lang],
      ])}>`,
    );
    for (const d of f.diagnostics ?? [])
      out.push(
        `    <svrl:diagnostic-reference diagnostic="${attr(d.id)}"><svrl:text${attrs([['xml:lang', d.lang]])}>${text(d.text)}</svrl:text></svrl:diagnostic-reference>`,
      );
    for (const p of f.properties ?? [])
      out.push(
        `    <svrl:property-reference${attrs([
          ['property', p.id],
          ['role', p.role],
          ['scheme', p.scheme],
        ])}><svrl:text>${p.xml}</svrl:text></svrl:property-reference>`,
      );
    out.push(`    <svrl:text>${text(f.text ?? f.message)}</svrl:text>`, `  </${el}>`);
  }
  out.push('</svrl:schematron-output>', '');
  return out.join('\n');
}
