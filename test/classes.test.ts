import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEI_CLASSES } from '../src/tei/classes.js';
import { BLOCKS, SKIPPED } from './helpers/text-portion.js';

const root = resolve(import.meta.dirname, '..');

describe('one table of TEI element classes', () => {
  it('xslt/common/classes.xsl is generated from src/tei/classes.ts and up to date', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'gen-classes.js'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('the text-portion oracle (which shares no code with src/) differs from the table only where its rules say so', () => {
    // The oracle treats these as blocks in its own way: docTitle and sp hold blocks (titlePart,
    // speaker, p, l) whose text it joins itself; the table makes them containers of those blocks.
    const containersInTable = new Set(['docTitle', 'sp']);
    for (const b of BLOCKS) if (!containersInTable.has(b)) expect(TEI_CLASSES.block, b).toContain(b);
    // corr, reg and expan are left out by rule 6 (the reading the source does not show), not by class.
    const choiceReadings = new Set(['corr', 'reg', 'expan']);
    for (const s of SKIPPED) if (!choiceReadings.has(s)) expect(TEI_CLASSES.notText, s).toContain(s);
  });

  it('every hidden element is also not text, and every mention is an element the stylesheets collect', () => {
    for (const h of TEI_CLASSES.hidden) expect(TEI_CLASSES.notText).toContain(h);
    for (const m of TEI_CLASSES.mention) expect(TEI_CLASSES.collected).toContain(m);
    for (const e of TEI_CLASSES.entry) expect(TEI_CLASSES.collected).toContain(e);
  });
});
