import { existsSync } from 'node:fs';

/** Skips (with the reason) when reference files from ../shared are absent; under CI=true, where they must be there, fails instead. */
export function needsShared(ctx: { skip: (note?: string) => never }, files: string[]): void {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length === 0) return;
  const reason = `needs ${missing.join(', ')} (../shared is absent)`;
  if (process.env.CI === 'true') throw new Error(`under CI=true: ${reason}`);
  ctx.skip(reason);
}
