import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A font family shipped as a @fontsource package, with the weight/style CSS files to embed. */
export interface FontPackage {
  pkg: string;
  files: string[];
}

/** Fallback only: its 2.x build decomposes letters into rasm + dots, which breaks text extraction. */
export const NASKH: FontPackage = { pkg: '@fontsource/noto-naskh-arabic', files: ['400.css', '700.css'] };
export const SERIF: FontPackage = { pkg: '@fontsource/noto-serif', files: ['400.css', '700.css', '400-italic.css'] };
/**
 * The Arabic text face: the only packaged candidate whose words pdftotext reads back
 * whole, once kerning is off (measured: docs/decisions/0003-print-engine-and-font.md).
 */
export const AMIRI: FontPackage = { pkg: '@fontsource/amiri', files: ['400.css', '700.css'] };

/** Hebrew script (Hebrew, Yiddish, Ladino): Amiri and Noto Serif have no Hebrew letters. */
export const HEBREW: FontPackage = { pkg: '@fontsource/noto-serif-hebrew', files: ['400.css', '700.css'] };
/** Syriac script (Syriaca.org records and others). */
export const SYRIAC: FontPackage = { pkg: '@fontsource/noto-sans-syriac', files: ['400.css', '700.css'] };
/**
 * The last fallback: symbols and historic signs no text face has (Ancient Greek numbers such as
 * U+10175, arrows, the Leiden brackets ⟦ ⟧ ⟨ ⟩), which otherwise vanish from the PDF's text layer.
 * One weight: its @font-face rules are split by unicode-range, so Chromium embeds only what a page uses.
 */
export const SYMBOLS: FontPackage = { pkg: '@fontsource/noto-sans-symbols-2', files: ['400.css'] };

const cache = new Map<string, string>();

/**
 * @font-face rules of a @fontsource package with every woff2 inlined as a data: URI,
 * so the print page loads no file and falls back on no system font.
 * The woff fallback is dropped: Chromium reads woff2.
 */
export function fontFaceCss(font: FontPackage): string {
  const key = `${font.pkg}:${font.files.join(',')}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const root = dirname(require.resolve(`${font.pkg}/package.json`));
  const css = font.files
    .map((name) => readFileSync(join(root, name), 'utf8'))
    .join('\n')
    .replace(/src:\s*url\(\.\/files\/([^)]+?\.woff2)\)\s*format\('woff2'\)(?:,\s*url\([^)]*\)\s*format\('woff'\))?/g, (_m, file: string) => {
      const data = readFileSync(join(root, 'files', file)).toString('base64');
      return `src: url(data:font/woff2;base64,${data}) format('woff2')`;
    })
    // Print wants the real glyphs at once, never a fallback painted first.
    .replace(/font-display:\s*swap;/g, 'font-display: block;');
  cache.set(key, css);
  return css;
}
