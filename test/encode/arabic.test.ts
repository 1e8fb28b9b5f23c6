import { describe, expect, it } from 'vitest';
import { fold, readings, tokenize } from '../../src/encode/index.js';
import { forms, marked, questionsOf, reg } from './helpers.js';

const moscow = reg(['moscow', 'place', ['موسكو']]);
const ghwell = reg(['ghwell', 'person', ['الغويل']]);

describe('folding (each fold on its own)', () => {
  it.each([
    ['أحمد', 'احمد', 'alef with hamza above'],
    ['إبراهيم', 'ابراهيم', 'alef with hamza below'],
    ['آمنة', 'امنه', 'alef with madda (and taa marbuta)'],
    ['ٱلله', 'الله', 'alef wasla'],
    ['مصطفى', 'مصطفي', 'alef maqsura'],
    ['فاطمة', 'فاطمه', 'taa marbuta'],
    ['رسميـة', 'رسميه', 'tatweel'],
    ['مُحَمَّدٌ', 'محمد', 'harakat and shadda'],
    ['٢٠١٦', '2016', 'Arabic-Indic digits'],
    ['۲۰۱۶', '2016', 'Extended Arabic-Indic digits'],
    ['Müller', 'muller', 'Latin case and accents'],
    ['عبد\u200cالله', 'عبدالله', 'zero-width non-joiner'],
  ])('%s folds to %s (%s)', (a, b) => {
    expect(fold(a)).toBe(b);
  });

  it('matches through every fold but writes the original characters', () => {
    const r = reg(['haftar', 'person', ['خليفة حفتر']], ['tripoli', 'place', ['طرابلس']]);
    expect(marked('التقى خليفـة حَفْتَر في طرابُلس', r)).toBe('التقى [persName #haftar: خليفـة حَفْتَر] في [placeName #tripoli: طرابُلس]');
    expect(marked('إلى أليكس', reg(['alex', 'person', ['اليكس']]))).toBe('إلى [persName #alex: أليكس]');
    expect(marked('وصل مصطفي', reg(['m', 'person', ['مصطفى']]))).toBe('وصل [persName #m: مصطفي]');
  });

  it('keeps no-break spaces between the words of a name', () => {
    expect(marked('مع سيرغي\u00a0لافروف', reg(['lavrov', 'person', ['سيرغي لافروف']]))).toBe('مع [persName #lavrov: سيرغي\u00a0لافروف]');
  });
});

describe('proclitics stay outside the element (each on its own)', () => {
  it.each([
    ['وموسكو', 'و[placeName #moscow: موسكو]', 'و "and"'],
    ['فموسكو', 'ف[placeName #moscow: موسكو]', 'ف "so"'],
    ['بموسكو', 'ب[placeName #moscow: موسكو]', 'ب "in"'],
    ['لموسكو', 'ل[placeName #moscow: موسكو]', 'ل "to"'],
    ['كموسكو', 'ك[placeName #moscow: موسكو]', 'ك "like"'],
    ['وبموسكو', 'وب[placeName #moscow: موسكو]', 'و + ب'],
    ['فلموسكو', 'فل[placeName #moscow: موسكو]', 'ف + ل'],
  ])('%s → %s (%s)', (text, out) => {
    expect(marked(text, moscow)).toBe(out);
  });

  it.each([
    ['والغويل', 'و[persName #ghwell: الغويل]', 'وال'],
    ['بالغويل', 'ب[persName #ghwell: الغويل]', 'بال'],
    ['كالغويل', 'ك[persName #ghwell: الغويل]', 'كال'],
    ['فالغويل', 'ف[persName #ghwell: الغويل]', 'فال'],
    ['للغويل', 'ل[persName #ghwell: لغويل]', "لل: the article's alef dropped, its lām inside"],
    ['وللغويل', 'ول[persName #ghwell: لغويل]', 'و + لل'],
  ])('%s → %s (%s)', (text, out) => {
    expect(marked(text, ghwell)).toBe(out);
  });

  it('keeps the article inside and reads the plain word first', () => {
    expect(marked('الغويل', ghwell)).toBe('[persName #ghwell: الغويل]');
    // لبنان is the country, not ل + بنان, when both are registered
    expect(marked('في لبنان', reg(['lebanon', 'place', ['لبنان']], ['banan', 'person', ['بنان']]))).toBe('في [placeName #lebanon: لبنان]');
    // و alone is no name; a word that only starts like a clitic is not cut
    expect(marked('وليد', moscow)).toBe('وليد');
  });

  it('leaves a tatweel after a clitic outside with it', () => {
    expect(marked('بـموسكو', moscow)).toBe('بـ[placeName #moscow: موسكو]');
  });
});

describe('matching', () => {
  const r = reg(
    ['haftar', 'person', ['خليفة حفتر', 'حفتر'], { roles: forms('اللواء الليبي المتقاعد') }],
    ['ghwell', 'person', ['خليفة الغويل']],
    ['libya', 'place', ['ليبيا'], { adjectives: forms('ليبي', 'الليبية') }],
    ['lna', 'org', ['الجيش الليبي']],
  );

  it('marks the longest match', () => {
    expect(marked('قال خليفة حفتر ثم حفتر', r)).toBe('قال [persName #haftar: خليفة حفتر] ثم [persName #haftar: حفتر]');
  });

  it('marks relational adjectives as rs, with or without the article', () => {
    expect(marked('الشعب الليبي وليبي والليبية وليبية', r)).toBe(
      'الشعب [rs #libya type=place: الليبي] و[rs #libya type=place: ليبي] و[rs #libya type=place: الليبية] و[rs #libya type=place: ليبية]',
    );
  });

  it('marks names of other entries inside a name, and roles only next to the name', () => {
    expect(marked('القائد العام للجيش الليبي', r)).toBe('القائد العام ل[orgName #lna: لجيش [rs #libya type=place: الليبي]]');
    expect(marked('يبحث اللواء الليبي المتقاعد خليفة حفتر', r)).toBe(
      'يبحث [roleName #haftar: اللواء [rs #libya type=place: الليبي] المتقاعد] [persName #haftar: خليفة حفتر]',
    );
    expect(marked('اللواء الليبي المتقاعد وصل', r)).toBe('اللواء [rs #libya type=place: الليبي] المتقاعد وصل');
  });

  it('does not cross punctuation inside a name', () => {
    expect(marked('خليفة، حفتر', r)).toBe('خليفة، [persName #haftar: حفتر]');
  });

  it('reports an ambiguous form instead of guessing', () => {
    const two = reg(['a', 'person', ['خليفة']], ['b', 'person', ['خليفة']]);
    expect(marked('قال خليفة', two)).toBe('قال خليفة');
    expect(questionsOf('قال خليفة', two)).toMatchObject([{ kind: 'ambiguous', ids: ['a', 'b'] }]);
  });

  it('reports overlapping matches of the same length and marks neither', () => {
    const o = reg(['ab', 'org', ['مجلس الأمن']], ['bc', 'org', ['الأمن القومي']]);
    expect(marked('مجلس الأمن القومي', o)).toBe('مجلس الأمن القومي');
    expect(questionsOf('مجلس الأمن القومي', o).map((q) => q.kind)).toEqual(['overlap', 'overlap']);
  });

  it('reads a text of Latin names case-blind, hyphens joining words', () => {
    const e = reg(['fetori', 'person', ['Esam Omran Al-Fetori']], ['reuters', 'org', ['Reuters']]);
    expect(marked('REUTERS/Esam Omran Al-Fetori', e)).toBe('[orgName #reuters: REUTERS]/[persName #fetori: Esam Omran Al-Fetori]');
  });

  it('splits words on every kind of punctuation and space', () => {
    expect(tokenize('حفتر،"موسكو"\u00a0(الجزيرة)').map((t) => t.key)).toEqual(['حفتر', 'موسكو', 'الجزيره']);
    expect(readings('للجيش').map((r) => [r.outside, r.stem])).toContainEqual([1, 'الجيش']);
  });
});
