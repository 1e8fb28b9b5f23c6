import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import type { Finding } from '../check/finding.js';
import type { Source } from '../parse/index.js';
import { nodePosition } from '../parse/tree.js';
import { attributeOf, TEI_NS } from '../xdm/node.js';

/**
 * The images of an edition (`graphic/@url`, `media/@url`). A reader's browser loads nothing from
 * outside the edition (docs/security.md): an image named relatively, inside the edition's folder,
 * is copied into the edition as `media/<name>` (its bytes checked to be the raster format its
 * name says); a remote or absolute address is not loaded, and the build says so. The PDF, which
 * reads nothing from outside the page either, gets the same images as data: URIs.
 */

export interface EditionImage {
  /** The @url as written in the TEI. */
  url: string;
  /** Path inside the edition's output folder. */
  name: string;
  mediaType: string;
  data: Uint8Array;
}

const TYPES: Record<string, { type: string; magic: (b: Uint8Array) => boolean }> = {
  '.png': { type: 'image/png', magic: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  '.jpg': { type: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  '.jpeg': { type: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  '.gif': { type: 'image/gif', magic: (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 },
  '.webp': { type: 'image/webp', magic: (b) => b[0] === 0x52 && b[1] === 0x49 && b[8] === 0x57 && b[9] === 0x45 },
};
/** Larger images are not copied: an edition is a page, not an image archive. */
const MAX_IMAGE_BYTES = 32 * 1024 * 1024;

export function editionImages(source: Source): { images: EditionImage[]; findings: Finding[] } {
  const images: EditionImage[] = [];
  const findings: Finding[] = [];
  const seen = new Map<string, EditionImage>();
  const used = new Set<string>();
  const folder = dirname(resolve(source.path));
  for (const local of ['graphic', 'media']) {
    for (const el of source.tree.byName.get(`{${TEI_NS}}${local}`) ?? []) {
      const url = attributeOf(el, 'url')?.trim();
      if (!url || seen.has(url) || /^data:/i.test(url)) continue;
      const warn = (message: string) => {
        const { line, col } = nodePosition(source.tree, el);
        findings.push({ file: source.path, line, col, severity: 'warning', rule: 'image', message });
      };
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
        warn(
          `image ${url} is not loaded: an edition shows only images inside it, so that readers' browsers request nothing from elsewhere; copy the file beside the TEI and name it relatively`,
        );
        continue;
      }
      let path: string;
      try {
        path = decodeURIComponent(url.split(/[?#]/)[0]!);
      } catch {
        warn(`image ${url} is not a usable relative address`);
        continue;
      }
      const file = resolve(folder, path);
      const inside = (p: string) => {
        const rel = relative(realFolder(folder), p);
        return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
      };
      if (isAbsolute(path) || !inside(resolve(realFolder(folder), path))) {
        warn(`image ${url} is not copied: it lies outside the edition's folder`);
        continue;
      }
      const kind = TYPES[extname(file).toLowerCase()];
      if (!kind) {
        warn(`image ${url} is not copied: expected a PNG, JPEG, GIF or WebP file`);
        continue;
      }
      let data: Uint8Array;
      try {
        const st = lstatSync(file);
        if (!st.isFile()) throw new Error('not a regular file');
        if (!inside(realpathSync(file))) throw new Error('outside');
        if (st.size > MAX_IMAGE_BYTES) throw new Error('too large');
        data = readFileSync(file);
      } catch (err) {
        const why = (err as Error).message;
        warn(
          why === 'too large'
            ? `image ${url} is not copied: larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MiB`
            : why === 'outside'
              ? `image ${url} is not copied: it is a link leading outside the edition's folder`
              : `image ${url} is not copied: no such file beside the TEI (${file})`,
        );
        continue;
      }
      if (!kind.magic(data)) {
        warn(`image ${url} is not copied: its bytes are not a ${kind.type} file`);
        continue;
      }
      const name = uniqueName(basename(file), used);
      const image = { url, name: `media/${name}`, mediaType: kind.type, data };
      seen.set(url, image);
      images.push(image);
    }
  }
  return { images, findings };
}

function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

/** A file name safe on any file system, unique within the edition's media folder. */
function uniqueName(name: string, used: Set<string>): string {
  const ext = extname(name).toLowerCase();
  const stem =
    name
      .slice(0, name.length - extname(name).length)
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^[.-]+/, '') || 'image';
  let candidate = `${stem}${ext}`;
  for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = `${stem}-${i}${ext}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

/** For the stylesheet: @url → where the page loads it from (media/… on screen, data: in print). */
export function imageMap(images: EditionImage[], print: boolean): Record<string, string> {
  const map: Record<string, string> = {};
  for (const img of images)
    map[img.url] = print ? `data:${img.mediaType};base64,${Buffer.from(img.data).toString('base64')}` : img.name.split('/').map(encodeURIComponent).join('/');
  return map;
}
