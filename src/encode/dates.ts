import { readings } from './clitics.js';
import type { Mark, Question } from './marks.js';
import { CURRENT, MONTHS, NEXT, NUMBER_WORDS, PAST, UNITS, WEEKDAYS, type Unit } from './months.js';
import { fold } from './fold.js';
import type { Token } from './tokens.js';

/** The document's date, against which weekdays, "last June" and "yesterday" are resolved. */
export interface Day {
  y: number;
  m: number;
  d: number;
}

export function parseDay(iso: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const day = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return valid(day.y, day.m, day.d) ? day : null;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const iso = (d: Day) => `${pad(d.y, 4)}-${pad(d.m)}-${pad(d.d)}`;
const utc = (d: Day) => new Date(Date.UTC(d.y, d.m - 1, d.d));
const fromUtc = (t: Date): Day => ({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
const addDays = (d: Day, n: number) => fromUtc(new Date(utc(d).getTime() + n * 86_400_000));
function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const SPACE = /^[\s\u00a0\u202f]+$/;
const SLASH = /^[\s\u00a0]*\/[\s\u00a0]*$/;
const COMMA = /^[\s\u00a0]*,?[\s\u00a0]*$/;
const ARABIC = /[\u0600-\u06ff]/;

interface Hit {
  /** First token of the expression, when it starts before the word that was recognised (next Monday). */
  ti?: number;
  /** Last token of the expression. */
  tj: number;
  /** Folded characters of the first word left outside (و، ب …). */
  outside?: number;
  attrs: [string, string][];
  note?: string;
  /** Recognised but not marked (a day that does not exist): its words are not read again. */
  skip?: boolean;
}

/**
 * Dates and durations in a run of text: day-month-year in Arabic and English (15 سبتمبر 2021,
 * May 31, 2014, 14 March 2025), month and year, a month named twice (يونيو/حزيران), months
 * relative to the document's date (يونيو/حزيران الماضي, last June), weekdays (the most recent on
 * or before the date unless the wording or the tense points ahead), yesterday/tomorrow,
 * "earlier" (في وقت سابق: not after the date), years (عام 2014) and durations (ستة شهور, ثلاثة
 * أشهر, شهرين, six months → @dur). Digits may be Arabic-Indic. The wording is never touched: a
 * mark only spans it and carries the normalised value.
 */
export function findDates(text: string, tokens: Token[], today: Day | null): { marks: Mark[]; questions: Question[] } {
  const marks: Mark[] = [];
  const questions: Question[] = [];
  const gap = (a: number) => text.slice(tokens[a]!.end, tokens[a + 1]?.start ?? tokens[a]!.end);
  const key = (i: number) => tokens[i]?.key;
  const sp = (a: number) => a + 1 < tokens.length && SPACE.test(gap(a));

  /** A month name starting at token i (its first word possibly with a clitic): month and last token. */
  const month = (i: number, first = key(i)): { month: number; tj: number; weak: boolean } | null => {
    if (first === undefined) return null;
    for (const m of MONTHS.get(first) ?? []) {
      let ok = true;
      for (let k = 1; k < m.keys.length; k++) if (key(i + k) !== m.keys[k] || !sp(i + k - 1)) ok = false;
      if (ok) {
        // X/Y: the same month in two systems (يونيو/حزيران): one month, strong.
        const j = i + m.keys.length - 1;
        if (j + 1 < tokens.length && SLASH.test(gap(j))) {
          const other = month(j + 1);
          if (other && other.month === m.month) return { month: m.month, tj: other.tj, weak: false };
        }
        return { month: m.month, tj: j, weak: m.weak };
      }
    }
    return null;
  };
  const num = (i: number, min: number, max: number): number | null => {
    const k = key(i);
    if (!k) return null;
    const m = /^(\d{1,4})(م)?$/.exec(k);
    if (!m) return null;
    const n = Number(m[1]);
    return n >= min && n <= max ? n : null;
  };
  const year = (i: number) => {
    const k = key(i);
    return k && /^\d{4}م?$/.test(k) ? num(i, 1, 9999) : null;
  };

  const at = (i: number): Hit | null => {
    const k = key(i)!;
    // Day month [year]: 15 سبتمبر 2021, 14 March 2025, ١٥ سبتمبر ٢٠٢١
    const day = num(i, 1, 31);
    if (day !== null && /^\d{1,2}$/.test(k) && sp(i)) {
      const m = month(i + 1);
      if (m) {
        const y = sp(m.tj) ? year(m.tj + 1) : null;
        if (y !== null && valid(y, m.month, day)) return { tj: m.tj + 1, attrs: [['when', `${pad(y, 4)}-${pad(m.month)}-${pad(day)}`]] };
        if (y !== null) {
          const s = tokens[i]!.start;
          questions.push({
            start: s,
            end: tokens[m.tj + 1]!.end,
            kind: 'date',
            message: `"${text.slice(s, tokens[m.tj + 1]!.end)}": no such day; not marked`,
            ids: [],
          });
          return { tj: m.tj + 1, attrs: [], skip: true };
        }
        if (y === null && today && valid(today.y, m.month, day)) {
          return { tj: m.tj, attrs: [['when', `${pad(today.y, 4)}-${pad(m.month)}-${pad(day)}`]], note: `no year: taken from --date (${today.y})` };
        }
      }
    }
    // Month-led forms; the first word may carry a clitic (وفي يونيو … no; ويونيو).
    for (const r of readings(k)) {
      const m = month(i, r.stem);
      if (!m) continue;
      const outside = r.outside;
      // English: May 31, 2014 / May 31
      if (!ARABIC.test(k) && sp(m.tj)) {
        const d = num(m.tj + 1, 1, 31);
        if (d !== null && /^\d{1,2}$/.test(key(m.tj + 1)!)) {
          const y = m.tj + 2 < tokens.length && COMMA.test(gap(m.tj + 1)) ? year(m.tj + 2) : null;
          if (y !== null && valid(y, m.month, d)) return { tj: m.tj + 2, outside, attrs: [['when', `${pad(y, 4)}-${pad(m.month)}-${pad(d)}`]] };
          if (y === null && today && valid(today.y, m.month, d)) {
            return {
              tj: m.tj + 1,
              outside,
              attrs: [['when', `${pad(today.y, 4)}-${pad(m.month)}-${pad(d)}`]],
              note: `no year: taken from --date (${today.y})`,
            };
          }
        }
      }
      // Month year: يونيو 2016, June 2016
      const y = sp(m.tj) ? year(m.tj + 1) : null;
      if (y !== null) return { tj: m.tj + 1, outside, attrs: [['when', `${pad(y, 4)}-${pad(m.month)}`]] };
      // Month relative to the date: يونيو/حزيران الماضي, أيار المقبل
      const rel = sp(m.tj) ? key(m.tj + 1) : undefined;
      if (rel && (PAST.has(rel) || NEXT.has(rel) || CURRENT.has(rel)) && ARABIC.test(rel)) {
        if (!today) return { tj: m.tj + 1, outside, attrs: [], note: 'relative month: no --date to resolve it against' };
        return { tj: m.tj + 1, outside, attrs: [['when', relativeMonth(today, m.month, PAST.has(rel) ? -1 : NEXT.has(rel) ? 1 : 0)]] };
      }
      if (!m.weak && m.tj > i) {
        // A month named twice but with no year (نيسان/أبريل من كل عام): its year is not said, so
        // it is not guessed; the archivist is asked.
        const s = tokens[i]!.map[outside]!;
        questions.push({
          start: s,
          end: tokens[m.tj]!.end,
          kind: 'date',
          message: `"${text.slice(s, tokens[m.tj]!.end)}": a month without a year; not marked`,
          ids: [],
        });
        return null;
      }
    }
    // English: last June, next March
    if ((PAST.has(k) || NEXT.has(k)) && !ARABIC.test(k) && sp(i)) {
      const m = month(i + 1);
      if (m && today) return { tj: m.tj, attrs: [['when', relativeMonth(today, m.month, PAST.has(k) ? -1 : 1)]] };
    }
    // Weekdays
    for (const r of readings(k)) {
      const wd = WEEKDAYS.get(r.stem);
      if (wd === undefined) continue;
      // الأحد 27 نوفمبر 2016: the weekday leads a full date; the date decides.
      const next = sp(i) ? at(i + 1) : null;
      if (next?.attrs.some(([a, v]) => a === 'when' && v.length === 10)) return { ...next, outside: r.outside };
      return weekday(i, r.outside, wd);
    }
    // This year, last year, next year: هذا العام, العام الماضي, العام المقبل
    if (sp(i) && today) {
      const k1 = key(i + 1)!;
      const yearWord = (w: string) => w === fold('العام') || w === 'year';
      let dy: number | undefined;
      if ((k === fold('هذا') && yearWord(k1)) || (k === 'this' && k1 === 'year')) dy = 0;
      else if (yearWord(k) && ARABIC.test(k)) dy = PAST.has(k1) ? -1 : NEXT.has(k1) ? 1 : CURRENT.has(k1) ? 0 : undefined;
      else if ((k === 'last' || k === 'next') && k1 === 'year') dy = k === 'last' ? -1 : 1;
      if (dy !== undefined) return { tj: i + 1, attrs: [['when', pad(today.y + dy, 4)]] };
    }
    // Years: عام 2014, سنة ٢٠١٤, in 2014
    if ((k === fold('عام') || k === fold('العام') || k === fold('سنة') || k === 'in') && sp(i)) {
      const y = year(i + 1);
      if (y !== null) return { tj: i + 1, attrs: [['when', pad(y, 4)]] };
    }
    // Durations: ستة شهور, ثلاثة أشهر, 3 سنوات, six months; the dual is a number itself: شهرين
    const n = NUMBER_WORDS.get(k) ?? (/^\d{1,3}$/.test(k) ? Number(k) : undefined);
    if (n !== undefined && n > 0 && sp(i)) {
      const u = UNITS.get(key(i + 1)!);
      if (u && !u.dual) return { tj: i + 1, attrs: [['dur', duration(n, u.unit)]] };
    }
    for (const r of readings(k)) {
      const u = UNITS.get(r.stem);
      if (u?.dual) return { tj: i, outside: r.outside, attrs: [['dur', duration(2, u.unit)]] };
    }
    // Yesterday, tomorrow; the evening or morning of today or yesterday.
    const daypart = PARTS.get(k);
    const rel = RELATIVE_DAYS.get(daypart && sp(i) ? key(i + 1)! : k);
    if (rel !== undefined && (daypart || rel !== 0)) {
      const tj = daypart && sp(i) ? i + 1 : i;
      if (!today) return { tj, attrs: daypart ? [['type', daypart]] : [], note: 'relative day: no --date to resolve it against' };
      const attrs: [string, string][] = [['when', iso(addDays(today, rel))]];
      if (daypart) attrs.push(['type', daypart]);
      return { tj, attrs, ...(rel === 0 ? { note: 'today: taken to be --date' } : {}) };
    }
    // في وقت سابق: earlier, so not after the document's date
    if (k === fold('وقت') && i > 0 && key(i - 1) === fold('في') && sp(i) && key(i + 1) === fold('سابق') && today) {
      return { tj: i + 1, attrs: [['notAfter', iso(today)]] };
    }
    return null;
  };

  const weekday = (i: number, outside: number, wd: number): Hit => {
    const after = sp(i) ? key(i + 1) : undefined;
    const before = i > 0 ? key(i - 1) : undefined;
    let dir: -1 | 0 | 1 = 0;
    let tj = i;
    let ti: number | undefined;
    let note: string | undefined;
    if (after && (PAST.has(after) || NEXT.has(after))) {
      dir = PAST.has(after) ? -1 : 1;
      tj = i + 1;
    } else if (before && !ARABIC.test(before) && (PAST.has(before) || NEXT.has(before)) && sp(i - 1)) {
      dir = PAST.has(before) ? -1 : 1;
      ti = i - 1;
    } else if (futureBefore(i)) {
      dir = 1;
      note = 'future tense before the weekday: taken as the next such day on or after --date';
    }
    const at = ti === undefined ? {} : { ti, outside: 0 };
    if (!today) return { tj, outside, ...at, attrs: [], note: 'weekday: no --date to resolve it against' };
    return { tj, outside, ...at, attrs: [['when', iso(resolveWeekday(today, wd, dir, note !== undefined))]], ...(note ? { note } : {}) };
  };

  // سيجتمع، ستبدأ، سوف، will: a future verb at most three words before the weekday (further
  // back a name such as سيرغي looks like one).
  const futureBefore = (i: number): boolean => {
    for (let k = i - 1; k >= 0 && k >= i - 3; k--) {
      const w = key(k)!;
      if (w === fold('سوف') || w === 'will' || w === "'ll") return true;
      if (/^[وف]?س[يتنا][\u0621-\u064a]{2,}$/.test(w) && !/^[وف]?(سيا|ستا|سنو|سنه|سنا)/.test(w)) return true;
      if (/[.!?؟،,]/.test(text.slice(tokens[k]!.end, tokens[k + 1]!.start))) break;
    }
    return false;
  };

  for (let i = 0; i < tokens.length; i++) {
    const hit = at(i);
    if (!hit) continue;
    if (hit.skip) {
      i = hit.tj;
      continue;
    }
    const outside = hit.outside ?? 0;
    const start = tokens[hit.ti ?? i]!.map[outside]!;
    const end = tokens[hit.tj]!.end;
    const m: Mark = { start, end, element: 'date', attrs: hit.attrs, entries: [], children: [] };
    if (hit.note) {
      m.note = hit.note;
      questions.push({ start, end, kind: 'date', message: `"${text.slice(start, end)}": ${hit.note}`, ids: [] });
    }
    marks.push(m);
    i = hit.tj;
  }
  return { marks, questions };
}

const PARTS = new Map([
  [fold('مساء'), 'evening'],
  [fold('صباح'), 'morning'],
  [fold('ظهر'), 'noon'],
  [fold('ليلة'), 'night'],
]);
const RELATIVE_DAYS = new Map([
  [fold('اليوم'), 0],
  [fold('أمس'), -1],
  [fold('الأمس'), -1],
  [fold('البارحة'), -1],
  [fold('غدا'), 1],
  [fold('غداً'), 1],
  ['yesterday', -1],
  ['tomorrow', 1],
]);

/** The weekday nearest the date in a direction: on or before it (0), before it (-1), after it (1); with `orToday` "after" includes the day itself. */
export function resolveWeekday(today: Day, wd: number, dir: -1 | 0 | 1, orToday = false): Day {
  const now = utc(today).getUTCDay();
  if (dir === 1) {
    let delta = (wd - now + 7) % 7;
    if (delta === 0 && !orToday) delta = 7;
    return addDays(today, delta);
  }
  let back = (now - wd + 7) % 7;
  if (dir === -1 && back === 0) back = 7;
  return addDays(today, -back);
}

/** A named month near the date: the last one before it (-1), the next after it (1), this year's (0; with `recent`, the most recent on or before it). */
export function relativeMonth(today: Day, month: number, dir: -1 | 0 | 1, recent = false): string {
  let y = today.y;
  if (dir === -1 && month >= today.m) y--;
  if (dir === 1 && month <= today.m) y++;
  if (dir === 0 && recent && month > today.m) y--;
  return `${pad(y, 4)}-${pad(month)}`;
}

function duration(n: number, u: Unit): string {
  if (u === 'W') return `P${n * 7}D`;
  if (u === 'H') return `PT${n}H`;
  return `P${n}${u}`;
}
