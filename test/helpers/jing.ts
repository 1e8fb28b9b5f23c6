import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * jing as the reference validator for tests and benchmarks (never used by
 * `diwan check`). Debian's /usr/bin/jing wrapper switches on XInclude, which
 * makes jing fetch included files and stop at the first failed include; diwan
 * never fetches, so we call jing's driver directly with a plain parser.
 */
const JARS = ['jing.jar', 'xercesImpl.jar', 'xml-resolver.jar', 'Saxon-HE.jar'].map((j) => path.join('/usr/share/java', j));

export function jingAvailable(): boolean {
  return JARS.slice(0, 2).every((j) => existsSync(j));
}

export interface JingMessage {
  file: string;
  line: number;
  col: number;
  severity: string;
  message: string;
}

/** Validate many files against one schema in a single JVM; messages grouped by absolute file path. */
export function runJing(rng: string, files: string[]): Promise<Map<string, JingMessage[]>> {
  return new Promise((resolve, reject) => {
    execFile('java', ['-cp', JARS.join(':'), 'com.thaiopensource.relaxng.util.Driver', rng, ...files], { maxBuffer: 256 * 1024 * 1024 }, (err, stdout) => {
      // Exit status 1 just means "some document is invalid".
      if (err && (err as { code?: unknown }).code !== 1) return reject(err);
      const byFile = new Map<string, JingMessage[]>(files.map((f) => [path.resolve(f), []]));
      for (const line of stdout.split('\n')) {
        const m = /^(.*?):(\d+):(\d+): (error|fatal|warning): (.*)$/.exec(line);
        if (!m) continue;
        const file = path.resolve(m[1]!);
        const list = byFile.get(file) ?? [];
        list.push({ file, line: Number(m[2]), col: Number(m[3]), severity: m[4]!, message: m[5]! });
        byFile.set(file, list);
      }
      resolve(byFile);
    });
  });
}
