import { describe, expect, it } from 'vitest';
import { resolveWeekday } from '../../src/encode/index.js';
import { marked, questionsOf, reg } from './helpers.js';

const none = reg();
// 28 November 2016 was a Monday.
const D = '2016-11-28';
const m = (text: string, date = D) => marked(text, none, date);

describe('dates: month names in every system (each on its own)', () => {
  it.each([
    ['15 يناير 2021', '2021-01-15', 'Egyptian/Gulf'],
    ['15 كانون الثاني 2021', '2021-01-15', 'Levantine, two words'],
    ['15 جانفي 2021', '2021-01-15', 'Maghrebi (Algeria, Tunisia)'],
    ['15 شتنبر 2021', '2021-09-15', 'Moroccan'],
    ['15 سبتمبر 2021', '2021-09-15', 'day-month-year'],
    ['١٥ سبتمبر ٢٠٢١', '2021-09-15', 'Arabic-Indic digits'],
    ['15 أيلول/سبتمبر 2021', '2021-09-15', 'X/Y double form with a day'],
    ['14 March 2025', '2025-03-14', 'English day-month-year'],
    ['May 31, 2014', '2014-05-31', 'English month-day, year'],
    ['فيفري 2020', '2020-02', 'month and year'],
    ['June 2016', '2016-06', 'English month and year'],
    ['15 أبريل 2016م', '2016-04-15', 'year with the Miladi م'],
  ])('%s → %s (%s)', (text, when) => {
    expect(m(`في ${text} قال`)).toBe(`في [date when=${when}: ${text}] قال`);
  });

  it('marks a month named twice relative to the date', () => {
    expect(m('منذ يونيو/حزيران الماضي')).toBe('منذ [date when=2016-06: يونيو/حزيران الماضي]');
    expect(m('في نوفمبر/تشرين الثاني الماضي')).toBe('في [date when=2015-11: نوفمبر/تشرين الثاني الماضي]');
    expect(m('في أيار المقبل')).toBe('في [date when=2017-05: أيار المقبل]');
    expect(m('في جوان القادم')).toBe('في [date when=2017-06: جوان القادم]');
    expect(m('last June')).toBe('[date when=2016-06: last June]');
  });

  it('does not take a weak month word for a month without a day or year, nor guess a missing year', () => {
    expect(m('مارس الضغط')).toBe('مارس الضغط');
    expect(m('يا آب')).toBe('يا آب');
    expect(m('you may go')).toBe('you may go');
    expect(m('في نيسان/أبريل من كل عام')).toBe('في نيسان/أبريل من كل عام');
    expect(questionsOf('في نيسان/أبريل من كل عام', none, D)).toMatchObject([{ kind: 'date' }]);
  });

  it('refuses days that do not exist', () => {
    expect(m('30 فبراير 2021')).toBe('30 فبراير 2021');
  });

  it('takes a missing year from the date and says so', () => {
    expect(m('من ٢٦ أفريل')).toBe('من [date when=2016-04-26: ٢٦ أفريل]');
    expect(questionsOf('من ٢٦ أفريل', none, D)[0]!.message).toMatch(/no year/);
  });
});

describe('dates: weekdays, days, years', () => {
  it('resolves a weekday to the most recent such day on or before the date', () => {
    expect(m('وصل الأحد إلى موسكو')).toBe('وصل [date when=2016-11-27: الأحد] إلى موسكو');
    expect(m('وصل الاثنين')).toBe('وصل [date when=2016-11-28: الاثنين]');
    expect(m('وصل الإثنين')).toBe('وصل [date when=2016-11-28: الإثنين]');
    expect(m('On Thursday, he left')).toBe('On [date when=2016-11-24: Thursday], he left');
  });

  it('follows the wording and the tense when they point elsewhere', () => {
    expect(m('الأحد المقبل')).toBe('[date when=2016-12-04: الأحد المقبل]');
    expect(m('الاثنين الماضي')).toBe('[date when=2016-11-21: الاثنين الماضي]');
    expect(m('next Monday')).toBe('[date when=2016-12-05: next Monday]');
    expect(m('سيجتمع الخميس')).toBe('سيجتمع [date when=2016-12-01: الخميس]');
    expect(questionsOf('سيجتمع الخميس', none, D)[0]!.message).toMatch(/future tense/);
    expect(resolveWeekday({ y: 2016, m: 11, d: 28 }, 1, 1, true)).toEqual({ y: 2016, m: 11, d: 28 });
  });

  it('marks yesterday, tomorrow, the evening of today, earlier, this year', () => {
    expect(m('وصل أمس')).toBe('وصل [date when=2016-11-27: أمس]');
    expect(m('يصل غدا')).toBe('يصل [date when=2016-11-29: غدا]');
    expect(m('بدأ مساء اليوم')).toBe('بدأ [date when=2016-11-28 type=evening: مساء اليوم]');
    expect(m('نفت في وقت سابق')).toBe('نفت في [date notAfter=2016-11-28: وقت سابق]');
    expect(m('تعود هذا العام')).toBe('تعود [date when=2016: هذا العام]');
    expect(m('في العام الماضي')).toBe('في [date when=2015: العام الماضي]');
    expect(m('عام ٢٠١٤')).toBe('[date when=2014: عام ٢٠١٤]');
  });

  it('leaves relative dates without a value and asks, when there is no --date', () => {
    expect(marked('وصل الأحد', none)).toBe('وصل [date : الأحد]');
    expect(questionsOf('وصل الأحد', none)[0]!.message).toMatch(/no --date/);
  });
});

describe('durations', () => {
  it.each([
    ['ستة شهور', 'P6M'],
    ['ستة أشهر', 'P6M'],
    ['ثلاثة أشهر', 'P3M'],
    ['ثلاث سنوات', 'P3Y'],
    ['عشرة أيام', 'P10D'],
    ['٣ أسابيع', 'P21D'],
    ['شهرين', 'P2M'],
    ['عامين', 'P2Y'],
    ['خمس ساعات', 'PT5H'],
    ['six months', 'P6M'],
  ])('%s → @dur %s', (text, dur) => {
    expect(m(`خلال ${text} فقط`)).toBe(`خلال [date dur=${dur}: ${text}] فقط`);
  });
});
