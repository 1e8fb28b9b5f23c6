import { existsSync, readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// Tests run the compiled stylesheets and the built CLI; rebuild them when a source is newer,
// so `npm test` on a fresh clone (after `npm install`) and after edits both test the real thing.
export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .reduce((m, e) => Math.max(m, statSync(join(e.parentPath, e.name)).mtimeMs), 0);
  const built = join(root, 'lib', 'cli', 'main.js');
  const stamp = existsSync(built) ? statSync(built).mtimeMs : 0;
  if (stamp < Math.max(newest(join(root, 'src')), newest(join(root, 'xslt')))) {
    try {
      execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    } catch {
      // The tests that need the build will fail with their own, clearer messages.
      console.warn('diwan test setup: "npm run build" failed; see above');
    }
  }
}
