import type { LetBinding } from './schema.js';
import type { SchNode } from './xml.js';
import { CURRENT_VAR, DIWAN_NS, freeVariableKey } from './xpath.js';

/** The variables visible at a point of the schema (keys as SaxonJS names free variables). */
export class Scope {
  private readonly own = new Set<string>();
  constructor(private readonly parent?: Scope) {}

  add(key: string): void {
    this.own.add(key);
  }

  has(key: string): boolean {
    return this.own.has(key) || (this.parent?.has(key) ?? false);
  }

  keys(): string[] {
    return [...(this.parent?.keys() ?? []), ...this.own];
  }

  child(): Scope {
    return new Scope(this);
  }

  /** The first variable an expression uses that is not in scope (as written, without Q{}), if any. */
  missing(vars: string[]): string | undefined {
    for (const v of vars) {
      if (v === CURRENT_VAR || v.startsWith(`Q{${DIWAN_NS}}`)) continue;
      const key = freeVariableKey(v);
      if (!this.has(key)) return key.replace(/^Q\{\}/, '');
    }
    return undefined;
  }
}

/**
 * Global lets in an order where each comes after the ones it uses (as XSLT's global variables
 * may refer to each other in any order); a let that uses itself, directly or not, is an error.
 */
export function orderLets(bindings: { binding: LetBinding; at: SchNode }[], fail: (message: string, at: SchNode) => never): LetBinding[] {
  const byKey = new Map(bindings.map((b) => [b.binding.key, b]));
  const out: LetBinding[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (b: { binding: LetBinding; at: SchNode }, path: string[]): void => {
    const key = b.binding.key;
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') fail(`<let name="${b.binding.name}"> depends on itself (${[...path, b.binding.name].join(' → ')})`, b.at);
    state.set(key, 'visiting');
    for (const v of b.binding.expr.variables) {
      const dep = byKey.get(freeVariableKey(v));
      if (dep) visit(dep, [...path, b.binding.name]);
    }
    state.set(key, 'done');
    out.push(b.binding);
  };
  for (const b of bindings) visit(b, []);
  return out;
}
