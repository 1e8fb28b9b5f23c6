import type { CitableUnit, CitationTree } from '../types.js';

/** A DTS request that cannot be answered: 400 for a bad combination of parameters, 404 for what does not exist. */
export class DtsError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export interface NavigationQuery {
  ref?: string;
  start?: string;
  end?: string;
  /** undefined: absent; -1: to the bottom of the tree. */
  down?: number;
}

export interface NavigationResult {
  ref?: CitableUnit;
  start?: CitableUnit;
  end?: CitableUnit;
  /** Absent when the query asks about the named units only (no down). */
  member?: CitableUnit[];
}

/** Checks the combination of ref, start, end (DTS 1.0: ref excludes start/end, which go together). */
export function checkRange(q: { ref?: string; start?: string; end?: string }): void {
  if (q.ref !== undefined && (q.start !== undefined || q.end !== undefined)) throw new DtsError(400, 'ref cannot be used with start or end');
  if ((q.start === undefined) !== (q.end === undefined)) throw new DtsError(400, 'start and end must be given together');
}

export function unitOf(tree: CitationTree, id: string, param: string): { unit: CitableUnit; index: number } {
  const index = tree.byId.get(id);
  if (index === undefined) throw new DtsError(404, `no citable unit "${id}" (${param}) in this citation tree`);
  return { unit: tree.units[index]!, index };
}

/** The units a range covers, from start through the end of end's subtree; start may not come after end. */
export function rangeOf(tree: CitationTree, start: string, end: string): { from: number; to: number; start: CitableUnit; end: CitableUnit } {
  const s = unitOf(tree, start, 'start');
  const e = unitOf(tree, end, 'end');
  if (s.index > e.index) throw new DtsError(400, `start "${start}" comes after end "${end}" in the document`);
  return { from: s.index, to: Math.max(e.unit.end, s.unit.end), start: s.unit, end: e.unit };
}

/**
 * The Navigation endpoint's answer (DTS 1.0, "Usage of down, ref, start and end"): which units
 * the query names and which it lists, in document order.
 */
export function navigate(tree: CitationTree, q: NavigationQuery): NavigationResult {
  checkRange(q);
  const { down } = q;
  if (down !== undefined && (!Number.isInteger(down) || down < -1)) throw new DtsError(400, 'down must be an integer, -1 or more');
  const hasRange = q.start !== undefined;
  if (down === undefined && q.ref === undefined && !hasRange) throw new DtsError(400, 'give ref, start and end, or down');
  if (down === 0 && q.ref === undefined) throw new DtsError(400, 'down=0 (the siblings of a unit) needs ref');
  const deepest = down === -1 ? Number.POSITIVE_INFINITY : (down ?? 0);
  const units = tree.units;
  if (q.ref !== undefined) {
    const { unit, index } = unitOf(tree, q.ref, 'ref');
    if (down === undefined) return { ref: unit };
    if (down === 0) return { ref: unit, member: units.filter((u) => u.parent === unit.parent) };
    return { ref: unit, member: units.slice(index, unit.end).filter((u) => u.level - unit.level <= deepest) };
  }
  if (hasRange) {
    const r = rangeOf(tree, q.start!, q.end!);
    if (down === undefined) return { start: r.start, end: r.end };
    const base = Math.max(r.start.level, r.end.level);
    return { start: r.start, end: r.end, member: units.slice(r.from, r.to).filter((u) => u.level - base <= deepest) };
  }
  return { member: units.filter((u) => u.level <= deepest) };
}

/** The units whose text a document request returns: the ref's, or the outermost units of a range. */
export function documentUnits(tree: CitationTree, q: { ref?: string; start?: string; end?: string }): CitableUnit[] | null {
  checkRange(q);
  if (q.ref !== undefined) return [unitOf(tree, q.ref, 'ref').unit];
  if (q.start === undefined) return null;
  const r = rangeOf(tree, q.start, q.end!);
  const out: CitableUnit[] = [];
  let until = -1;
  for (let i = r.from; i < r.to; i++) {
    if (i < until) continue;
    out.push(tree.units[i]!);
    until = tree.units[i]!.end;
  }
  return out;
}
