import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRegisters, RegisterError, registerFromText } from '../../src/encode/index.js';
import { marked } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'diwan-register-'));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};
const failure = (name: string, text: string): RegisterError => {
  try {
    loadRegisters([file(name, text)]);
  } catch (err) {
    if (err instanceof RegisterError) return err;
    throw err;
  }
  throw new Error('no RegisterError');
};

const TEI = `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Register</title></titleStmt></fileDesc></teiHeader>
  <standOff>
    <listPerson>
      <person xml:id="lavrov"><persName xml:lang="ar">سيرغي&#xA0;لافروف</persName><persName xml:lang="en">Sergey Lavrov</persName>
        <occupation xml:lang="ar">وزير الخارجية</occupation><note>Foreign minister &amp; diplomat.</note></person>
    </listPerson>
    <listPlace><place xml:id="russia"><placeName xml:lang="ar">روسيا</placeName><placeName xml:lang="ar" type="adjective">روسي</placeName></place></listPlace>
    <listOrg><org xml:id="sputnik"><orgName>سبوتنيك</orgName></org></listOrg>
  </standOff>
  <text><body><p/></body></text>
</TEI>`;

describe('registers', () => {
  it('reads a TEI register (a project-wide register file, or an edition) with names, adjectives and roles', () => {
    const r = loadRegisters([file('register.xml', TEI)]);
    expect(r.entries.map((e) => [e.id, e.kind])).toEqual([
      ['lavrov', 'person'],
      ['russia', 'place'],
      ['sputnik', 'org'],
    ]);
    const lavrov = r.entries[0]!;
    expect(lavrov.names).toEqual([
      { text: 'سيرغي\u00a0لافروف', lang: 'ar' },
      { text: 'Sergey Lavrov', lang: 'en' },
    ]);
    expect(lavrov.roles).toEqual([{ text: 'وزير الخارجية', lang: 'ar' }]);
    expect(lavrov.xml).toContain('<note>Foreign minister &amp; diplomat.</note>');
    expect(lavrov.xml).not.toContain('xmlns');
    expect(lavrov.langs).toEqual(['ar', 'en']);
    expect(marked('ووزير الخارجية سيرغي لافروف في روسيا وصحف روسية', r)).toBe(
      'و[roleName #lavrov: وزير الخارجية] [persName #lavrov: سيرغي لافروف] في [placeName #russia: روسيا] وصحف [rs #russia type=place: روسية]',
    );
  });

  it('reads the seed edition itself as a register', () => {
    const r = registerFromText('seed.xml', TEI.replace('<text>', '<!-- c --><text>'));
    expect(r.map((e) => e.id)).toEqual(['lavrov', 'russia', 'sputnik']);
  });

  it('reads the same register as YAML and as JSON', () => {
    const yaml = loadRegisters([
      file(
        'r.yaml',
        'persons:\n  - id: lavrov\n    names: { ar: [سيرغي لافروف], en: Sergey Lavrov }\n    roles: { ar: وزير الخارجية }\n    idno: { wikidata: "https://www.wikidata.org/entity/Q58217" }\nplaces:\n  - id: russia\n    names: روسيا\n    adjectives: [روسي, روسية]\ngroups:\n  - refs: [lavrov, russia]\n    type: person\n    descriptions: الوفد الروسي\n',
      ),
    ]);
    const json = loadRegisters([
      file(
        'r.json',
        JSON.stringify({
          persons: [
            {
              id: 'lavrov',
              names: { ar: ['سيرغي لافروف'], en: 'Sergey Lavrov' },
              roles: { ar: 'وزير الخارجية' },
              idno: { wikidata: 'https://www.wikidata.org/entity/Q58217' },
            },
          ],
          places: [{ id: 'russia', names: 'روسيا', adjectives: ['روسي', 'روسية'] }],
          groups: [{ refs: ['lavrov', 'russia'], type: 'person', descriptions: 'الوفد الروسي' }],
        }),
      ),
    ]);
    const strip = (r: typeof yaml) => r.entries.map(({ file: _f, ...e }) => e);
    expect(strip(yaml)).toEqual(strip(json));
    expect(yaml.entries[0]!.xml).toBe(
      '<person xml:id="lavrov"><persName xml:lang="ar">سيرغي لافروف</persName><persName xml:lang="en">Sergey Lavrov</persName><occupation xml:lang="ar">وزير الخارجية</occupation><idno type="wikidata">https://www.wikidata.org/entity/Q58217</idno></person>',
    );
    expect(marked('التقى الوفد الروسي', yaml)).toBe('التقى [rs #lavrov #russia type=person: الوفد [rs #russia type=place: الروسي]]');
  });

  it('merges entries that share an xml:id across files (a project register and an edition)', () => {
    const a = file('a.yaml', 'places:\n  - id: russia\n    names: روسيا\n');
    const b = file('b.yaml', 'places:\n  - id: russia\n    names: { en: Russia }\n');
    const r = loadRegisters([a, b]);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]!.names.map((f) => f.text)).toEqual(['روسيا', 'Russia']);
    expect(() => loadRegisters([a, file('c.yaml', 'orgs:\n  - id: russia\n    names: روسيا\n')])).toThrow(/a org here but a place/);
  });

  it.each([
    ['unknown key', 'persons:\n  - id: x\n    names: X\n    nmes: Y\n', 4, 5, /unknown key "nmes" in persons\.0; expected one of id, names/],
    ['unknown list', 'people:\n  - id: x\n', 1, 1, /unknown key "people" in the register; expected one of persons, places, orgs, groups/],
    ['missing names', 'places:\n  - id: x\n', 2, 5, /places\.0 has no "names"/],
    ['bad id', 'orgs:\n  - id: "1 x"\n    names: X\n', 2, 9, /orgs\.0\.id is not a valid id/],
    ['bad form', 'orgs:\n  - id: x\n    names: 3\n', 3, 12, /orgs\.0\.names has the wrong shape/],
    ['roles of a place', 'places:\n  - id: x\n    names: X\n    roles: Y\n', 2, 5, /only persons have roles/],
    ['duplicate id', 'places:\n  - id: x\n    names: X\n  - id: x\n    names: Y\n', 4, 9, /id "x" is used twice/],
    ['YAML syntax', 'places: [\n', 2, 1, /not valid YAML or JSON/],
  ])('names the file, line and column of a bad register: %s', (_, text, line, col, message) => {
    const err = failure('bad.yaml', text);
    expect(err.file).toMatch(/bad\.yaml$/);
    expect([err.line, err.col]).toEqual([line, col]);
    expect(err.message).toMatch(message);
    expect(err.toString()).toMatch(/bad\.yaml:\d+:\d+: error: /);
  });

  it('locates problems in JSON registers too (the fast path falls back to the located one)', () => {
    const dup = failure('dup.json', '{"places": [\n {"id": "x", "names": "X"},\n {"id": "x", "names": "Y"}]}');
    expect(dup.toString()).toMatch(/dup\.json:3:9: error: id "x" is used twice/);
    const key = failure('key.json', '{"orgs": [{"id": "x", "names": "X",\n "note": "n", "url": "u"}]}');
    expect(key.toString()).toMatch(/key\.json:2:15: error: unknown key "url" in orgs\.0/);
    expect(failure('syntax.json', '{"orgs": [').toString()).toMatch(/syntax\.json:1:\d+: error: not valid YAML or JSON/);
  });

  it('refuses malformed TEI registers and entity declarations with a position', () => {
    const bad = failure('bad.xml', '<TEI>\n<listPerson>\n</TEI>');
    expect(bad.toString()).toMatch(/bad\.xml:3:\d+: error: not well-formed XML/);
    const bomb = failure('bomb.xml', '<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY a "aaaa">]>\n<TEI>&a;</TEI>');
    expect(bomb.toString()).toMatch(/bomb\.xml:2:1: error: a register may not declare entities/);
    expect(loadRegisters([file('none.yaml', '')]).entries).toEqual([]);
  });
});
