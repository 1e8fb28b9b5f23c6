import { formatFinding, type Finding } from '../check/finding.js';
import type { LineIndex } from '../parse/position.js';
import { fold } from './fold.js';
import { flatten, type Found } from './marks.js';
import type { Entry, Kind, Register } from './register.js';

/** What `diwan encode` did and did not decide, every item located (line:col in `file`). */
export interface EncodeReport {
  /** The file the positions are in: the plain-text source, or the TEI document marked up. */
  file: string;
  marked: { line: number; col: number; element: string; attrs: Record<string, string>; text: string }[];
  /** Ambiguous matches, overlaps, dates resolved by a guess: as findings (warnings). */
  questions: Finding[];
  /** Register entries that never occurred (nor were pointed at already, in a TEI document). */
  unused: { id: string; kind: Kind; file: string }[];
  /** Name-like phrases no entry matched, once per phrase, with where it first occurs. */
  suggestions: { text: string; kind: Kind; because: string; count: number; line: number; col: number }[];
  summary: { names: number; dates: number; questions: number; unused: number; suggestions: number };
}

/** One run of text analysed, and where it stands in the file (offset → file offset). */
export interface Located {
  found: Found;
  text: string;
  toFile: (offset: number) => number;
}

export function buildReport(file: string, lines: LineIndex, runs: Located[], register: Register, referenced: Set<string> = new Set()): EncodeReport {
  const report: EncodeReport = {
    file,
    marked: [],
    questions: [],
    unused: [],
    suggestions: [],
    summary: { names: 0, dates: 0, questions: 0, unused: 0, suggestions: 0 },
  };
  const used = new Set<Entry>();
  const suggestions = new Map<string, EncodeReport['suggestions'][number]>();
  for (const { found, text, toFile } of runs) {
    for (const m of flatten(found.marks)) {
      const p = lines.at(toFile(m.start));
      report.marked.push({ ...p, element: m.element, attrs: Object.fromEntries(m.attrs), text: text.slice(m.start, m.end) });
      for (const e of m.entries) used.add(e);
      if (m.element === 'date') report.summary.dates++;
      else report.summary.names++;
    }
    for (const q of found.questions) {
      const p = lines.at(toFile(q.start));
      report.questions.push({ file, ...p, severity: 'warning', rule: `encode:${q.kind}`, message: q.message });
    }
    for (const s of found.suggestions) {
      const key = fold(s.text.replace(/\s+/g, ' '));
      const seen = suggestions.get(key);
      if (seen) seen.count++;
      else suggestions.set(key, { text: s.text, kind: s.kind, because: s.because, count: 1, ...lines.at(toFile(s.start)) });
    }
  }
  for (const e of register.entries) {
    if (!used.has(e) && e.xml && !referenced.has(e.id)) report.unused.push({ id: e.id, kind: e.kind, file: e.file });
  }
  report.suggestions = [...suggestions.values()];
  report.summary.questions = report.questions.length;
  report.summary.unused = report.unused.length;
  report.summary.suggestions = report.suggestions.length;
  return report;
}

/** The report for a reader: marks, questions, unused entries, suggestions, a summary line. */
export function formatReport(r: EncodeReport, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  if (opts.verbose !== false) {
    for (const m of r.marked) {
      const attrs = Object.entries(m.attrs)
        .map(([k, v]) => `${k}="${v}"`)
        .join(' ');
      out.push(`${r.file}:${m.line}:${m.col}: marked <${m.element} ${attrs}> ${JSON.stringify(m.text)}`);
    }
  }
  for (const q of r.questions) out.push(formatFinding(q));
  if (r.unused.length) out.push(`register entries that never occur: ${r.unused.map((u) => `${u.id} (${u.kind})`).join(', ')}`);
  for (const s of r.suggestions) {
    out.push(
      `${r.file}:${s.line}:${s.col}: suggestion: new ${s.kind} entry ${JSON.stringify(s.text)} (${s.because})${s.count > 1 ? `, ${s.count} times` : ''}`,
    );
  }
  const n = r.summary;
  out.push(`${n.names} names and ${n.dates} dates marked, ${n.questions} questions, ${n.unused} unused entries, ${n.suggestions} suggestions`);
  return out.join('\n');
}
