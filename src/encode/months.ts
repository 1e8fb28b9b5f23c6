import { fold } from './fold.js';

/**
 * Gregorian month names as Arabic writes them, in every system in use, and in English. Keys are
 * folded (fold.ts), so أبريل/ابريل/إبريل are one. Two-word names (كانون الثاني) are word lists.
 *   Egyptian / Gulf (transliterated): يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر
 *   Levantine / Iraqi (Syriac):       كانون الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين الأول تشرين الثاني كانون الأول
 *   Maghrebi (Algeria, Tunisia; French): جانفي فيفري مارس أفريل ماي جوان جويلية أوت سبتمبر أكتوبر نوفمبر ديسمبر
 *   Moroccan:                          يناير فبراير مارس أبريل ماي يونيو يوليوز غشت شتنبر أكتوبر نونبر دجنبر
 * "Weak" names are also ordinary words (آب "father", مارس "practised", تموز a god's name,
 * English May): they count as months only with a day, a year or the other name of an X/Y pair.
 */
const TABLE: [string, number, boolean?][] = [
  ['يناير', 1],
  ['فبراير', 2],
  ['مارس', 3, true],
  ['أبريل', 4],
  ['إبريل', 4],
  ['مايو', 5],
  ['يونيو', 6],
  ['يونيه', 6],
  ['يوليو', 7],
  ['يوليه', 7],
  ['أغسطس', 8],
  ['سبتمبر', 9],
  ['أكتوبر', 10],
  ['نوفمبر', 11],
  ['ديسمبر', 12],
  ['كانون الثاني', 1],
  ['شباط', 2],
  ['آذار', 3],
  ['نيسان', 4],
  ['أيار', 5],
  ['حزيران', 6],
  ['تموز', 7, true],
  ['آب', 8, true],
  ['أيلول', 9],
  ['تشرين الأول', 10],
  ['تشرين الثاني', 11],
  ['كانون الأول', 12],
  ['جانفي', 1],
  ['فيفري', 2],
  ['أفريل', 4],
  ['ماي', 5, true],
  ['جوان', 6],
  ['جويلية', 7],
  ['جويلة', 7],
  ['أوت', 8, true],
  ['يوليوز', 7],
  ['غشت', 8],
  ['شتنبر', 9],
  ['نونبر', 11],
  ['دجنبر', 12],
  ['january', 1],
  ['february', 2],
  ['march', 3, true],
  ['april', 4],
  ['may', 5, true],
  ['june', 6],
  ['july', 7],
  ['august', 8],
  ['september', 9],
  ['october', 10],
  ['november', 11],
  ['december', 12],
  ['jan', 1, true],
  ['feb', 2, true],
  ['mar', 3, true],
  ['apr', 4, true],
  ['jun', 6, true],
  ['jul', 7, true],
  ['aug', 8, true],
  ['sep', 9, true],
  ['sept', 9, true],
  ['oct', 10, true],
  ['nov', 11, true],
  ['dec', 12, true],
];

export interface MonthName {
  keys: string[];
  month: number;
  weak: boolean;
}

/** Month names by their first folded word. */
export const MONTHS = new Map<string, MonthName[]>();
for (const [name, month, weak] of TABLE) {
  const keys = name.split(' ').map(fold);
  const list = MONTHS.get(keys[0]!) ?? [];
  list.push({ keys, month, weak: weak === true });
  list.sort((a, b) => b.keys.length - a.keys.length);
  MONTHS.set(keys[0]!, list);
}

/** Weekdays, 0 = Sunday (folded: الاثنين and الإثنين are one). */
export const WEEKDAYS = new Map<string, number>(
  (
    [
      ['الأحد', 0],
      ['الاثنين', 1],
      ['الإثنين', 1],
      ['الثلاثاء', 2],
      ['الأربعاء', 3],
      ['الخميس', 4],
      ['الجمعة', 5],
      ['السبت', 6],
      ['sunday', 0],
      ['monday', 1],
      ['tuesday', 2],
      ['wednesday', 3],
      ['thursday', 4],
      ['friday', 5],
      ['saturday', 6],
    ] as const
  ).map(([k, v]) => [fold(k), v]),
);

/** Numbers written as words, for durations (ستة شهور, six months). */
export const NUMBER_WORDS = new Map<string, number>(
  (
    [
      ['ثلاث', 3],
      ['ثلاثة', 3],
      ['أربع', 4],
      ['أربعة', 4],
      ['خمس', 5],
      ['خمسة', 5],
      ['ست', 6],
      ['ستة', 6],
      ['سبع', 7],
      ['سبعة', 7],
      ['ثمان', 8],
      ['ثماني', 8],
      ['ثمانية', 8],
      ['تسع', 9],
      ['تسعة', 9],
      ['عشر', 10],
      ['عشرة', 10],
      ['two', 2],
      ['three', 3],
      ['four', 4],
      ['five', 5],
      ['six', 6],
      ['seven', 7],
      ['eight', 8],
      ['nine', 9],
      ['ten', 10],
      ['eleven', 11],
      ['twelve', 12],
    ] as const
  ).map(([k, v]) => [fold(k), v]),
);

export type Unit = 'Y' | 'M' | 'W' | 'D' | 'H';

/** Units of durations: singular (after a number), plural, and the dual that is a number itself (شهرين = two months). */
export const UNITS = new Map<string, { unit: Unit; dual?: boolean }>();
const unit = (u: Unit, words: string[], duals: string[] = []) => {
  for (const w of words) UNITS.set(fold(w), { unit: u });
  for (const w of duals) UNITS.set(fold(w), { unit: u, dual: true });
};
unit('M', ['شهر', 'شهرا', 'شهور', 'أشهر', 'month', 'months'], ['شهرين', 'شهران']);
unit('Y', ['سنة', 'سنوات', 'سنين', 'عام', 'عاما', 'أعوام', 'year', 'years'], ['سنتين', 'سنتان', 'عامين', 'عامان']);
unit('W', ['أسبوع', 'أسبوعا', 'أسابيع', 'week', 'weeks'], ['أسبوعين', 'أسبوعان']);
unit('D', ['يوم', 'يوما', 'أيام', 'day', 'days'], ['يومين', 'يومان']);
unit('H', ['ساعة', 'ساعات', 'hour', 'hours'], ['ساعتين', 'ساعتان']);

/** Relative words after a month or weekday: which way from the document's date. */
export const PAST = new Set(['الماضي', 'المنصرم', 'الفائت', 'last'].map(fold));
export const NEXT = new Set(['المقبل', 'القادم', 'next'].map(fold));
export const CURRENT = new Set(['الجاري', 'الحالي', 'this'].map(fold));
