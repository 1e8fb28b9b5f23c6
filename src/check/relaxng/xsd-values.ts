/**
 * The value spaces of the XSD 1.0 datatypes that salve-annos gets wrong, as jing has them:
 * recurring dates (--11-25, ---25, --11), the partial orders of dates with and without a time
 * zone and of durations, integers beyond 2^53, octet lengths of binary types, anyURI as strict as
 * java.net.URI. Each parse returns undefined for a value outside the lexical space.
 */

// ---------------------------------------------------------------------------------------------
// Dates and times (XSD 1.0 §3.2.7–3.2.14; appendix D and E for the order)

export interface DateTimeValue {
  /** Milliseconds (possibly fractional) of the time-line value, UTC when a zone was given. */
  t: number;
  /** Whether the lexical form had a time zone. */
  tz: boolean;
}

const YEAR = '(-?(?:[1-9]\\d{4,}|\\d{4}))';
const TZ = '(Z|[+-](?:(?:0\\d|1[0-3]):[0-5]\\d|14:00))?';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2}(?:\\.\\d+)?)';
const lexical = {
  dateTime: new RegExp(`^${YEAR}-(\\d{2})-(\\d{2})T${TIME}${TZ}$`),
  time: new RegExp(`^${TIME}${TZ}$`),
  date: new RegExp(`^${YEAR}-(\\d{2})-(\\d{2})${TZ}$`),
  gYearMonth: new RegExp(`^${YEAR}-(\\d{2})${TZ}$`),
  gYear: new RegExp(`^${YEAR}${TZ}$`),
  gMonthDay: new RegExp(`^--(\\d{2})-(\\d{2})${TZ}$`),
  gDay: new RegExp(`^---(\\d{2})${TZ}$`),
  gMonth: new RegExp(`^--(\\d{2})${TZ}$`),
};
export type DateTimeType = keyof typeof lexical;
export const DATE_TIME_TYPES = Object.keys(lexical) as DateTimeType[];

function leap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
function daysIn(y: number, m: number): number {
  return [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** Milliseconds since 1970 for a proleptic Gregorian date and time (any year JS Date can hold). */
function instant(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, 0, 0);
  return date.getTime() + s * 1000;
}

function zoneMinutes(tz: string | undefined): number {
  if (!tz || tz === 'Z') return 0;
  const sign = tz[0] === '-' ? -1 : 1;
  return sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6)));
}

/**
 * A value of one of the date/time types, placed on one time line as XSD's order does: missing
 * fields take a fixed reference (year 1972, a leap year, for recurring dates; 1 January; midnight).
 * XSD 1.0 has no year 0: -0001 is the year before 0001.
 */
export function parseDateTime(type: DateTimeType, value: string): DateTimeValue | undefined {
  const m = lexical[type].exec(value);
  if (!m) return undefined;
  let y = 1972;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  let tz: string | undefined;
  const g = m.slice(1);
  const num = (i: number) => Number(g[i]);
  const year = (i: number): number | undefined => {
    const v = num(i);
    if (v === 0) return undefined; // "0000" is not a year in XSD 1.0
    return v < 0 ? v + 1 : v;
  };
  switch (type) {
    case 'dateTime':
      [mo, d, h, mi, s, tz] = [num(1), num(2), num(3), num(4), num(5), g[6]];
      if (year(0) === undefined) return undefined;
      y = year(0)!;
      break;
    case 'time':
      [h, mi, s, tz] = [num(0), num(1), num(2), g[3]];
      break;
    case 'date':
      [mo, d, tz] = [num(1), num(2), g[3]];
      if (year(0) === undefined) return undefined;
      y = year(0)!;
      break;
    case 'gYearMonth':
      [mo, tz] = [num(1), g[2]];
      if (year(0) === undefined) return undefined;
      y = year(0)!;
      break;
    case 'gYear':
      tz = g[1];
      if (year(0) === undefined) return undefined;
      y = year(0)!;
      break;
    case 'gMonthDay':
      [mo, d, tz] = [num(0), num(1), g[2]];
      break;
    case 'gDay':
      [d, tz] = [num(0), g[1]];
      break;
    case 'gMonth':
      [mo, tz] = [num(0), g[1]];
      break;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
  // 24:00:00 is allowed (the first instant of the next day); 24:01 is not.
  if (h > 24 || mi > 59 || s >= 60 || (h === 24 && (mi !== 0 || s !== 0))) return undefined;
  return { t: instant(y, mo, d, h, mi, s) - zoneMinutes(tz) * 60_000, tz: tz !== undefined };
}

const FOURTEEN_HOURS = 14 * 3600_000;

/** XSD 1.0's partial order (appendix D.3.3): -1, 0, 1, or NaN when incomparable. */
export function compareDateTime(a: DateTimeValue, b: DateTimeValue): number {
  if (a.tz === b.tz) return Math.sign(a.t - b.t);
  // One has a zone, the other not: the zoneless one stands for any zone from -14:00 to +14:00.
  const [p, q, flip] = a.tz ? [a, b, 1] : [b, a, -1];
  if (p.t < q.t - FOURTEEN_HOURS) return -flip;
  if (p.t > q.t + FOURTEEN_HOURS) return flip;
  return Number.NaN;
}

// ---------------------------------------------------------------------------------------------
// Durations (§3.2.6; the order by the four reference dateTimes of §3.2.6.2)

export interface DurationValue {
  months: number;
  /** Seconds of the day-time part. */
  seconds: number;
}

const DURATION = /^(-)?P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d*)?|\.\d+)S)?)?$/;

export function parseDuration(value: string): DurationValue | undefined {
  const m = DURATION.exec(value);
  if (!m || /T$/.test(value)) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  const sign = m[1] ? -1 : 1;
  return { months: sign * (n(2) * 12 + n(3)), seconds: sign * (n(4) * 86400 + n(5) * 3600 + n(6) * 60 + n(7)) };
}

const REFERENCES = [
  [1696, 9],
  [1697, 2],
  [1903, 3],
  [1903, 7],
] as const;

function addTo(ref: readonly [number, number], d: DurationValue): number {
  const total = ref[0] * 12 + (ref[1] - 1) + d.months;
  return instant(Math.floor(total / 12), (total % 12) + 1, 1, 0, 0, 0) + d.seconds * 1000;
}

export function compareDuration(a: DurationValue, b: DurationValue): number {
  const signs = new Set(REFERENCES.map((r) => Math.sign(addTo(r, a) - addTo(r, b))));
  return signs.size === 1 ? [...signs][0]! : Number.NaN;
}

// ---------------------------------------------------------------------------------------------
// Integers as BigInt: xsd:long and xsd:unsignedLong reach past 2^53.

const INTEGER = /^[+-]?\d+$/;

export function parseInteger(value: string): bigint | undefined {
  return INTEGER.test(value) ? BigInt(value) : undefined;
}

export const INTEGER_RANGES: Record<string, [bigint | undefined, bigint | undefined]> = {
  integer: [undefined, undefined],
  nonPositiveInteger: [undefined, 0n],
  negativeInteger: [undefined, -1n],
  nonNegativeInteger: [0n, undefined],
  positiveInteger: [1n, undefined],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  short: [-32768n, 32767n],
  byte: [-128n, 127n],
  unsignedLong: [0n, 2n ** 64n - 1n],
  unsignedInt: [0n, 2n ** 32n - 1n],
  unsignedShort: [0n, 65535n],
  unsignedByte: [0n, 255n],
};

// ---------------------------------------------------------------------------------------------
// float and double: XSD 1.0 has INF, -INF and NaN, but not +INF.

const FLOAT = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|-?INF|NaN)$/;

export function parseFloating(value: string, single: boolean): number | undefined {
  if (!FLOAT.test(value)) return undefined;
  const n = value === 'INF' ? Infinity : value === '-INF' ? -Infinity : Number(value);
  return single ? Math.fround(n) : n;
}

/** NaN equals NaN as a value to match (a <value>NaN</value> matches "NaN"), as in jing. */
export function sameFloating(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

// ---------------------------------------------------------------------------------------------
// Binary types: equality and length on the octets.

export function parseHex(value: string): string | undefined {
  return /^(?:[0-9a-fA-F]{2})*$/.test(value) ? value.toUpperCase() : undefined;
}

const B64 = /^(?:(?:[A-Za-z0-9+/] ?){4})*(?:(?:[A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]|(?:[A-Za-z0-9+/] ?){2}[AEIMQUYcgkosw048] ?=|[A-Za-z0-9+/] ?[AQgw] ?= ?=)?$/;

export function parseBase64(value: string): string | undefined {
  if (!B64.test(value)) return undefined;
  return Buffer.from(value.replace(/ /g, ''), 'base64').toString('hex');
}

// ---------------------------------------------------------------------------------------------
// anyURI as jing checks it: the characters java.net.URI forbids but XML Schema allows are
// %-encoded first (controls, spaces, < > " { } | \ ^ `), then the result must be an RFC 2396
// URI reference with RFC 2732 IPv6 hosts, as java.net.URI parses it ("other" characters,
// that is non-ASCII, stand where unreserved ones may).

const ESC = '%[0-9A-Fa-f]{2}';
const UNRESERVED = "A-Za-z0-9\\-_.!~*'()\\u0080-\\uFFFF";
const PCHAR = `(?:[${UNRESERVED}:@&=+$,]|${ESC})`;
const SEGMENT = `${PCHAR}*(?:;${PCHAR}*)*`;
const ABS_PATH = `/${SEGMENT}(?:/${SEGMENT})*`;
const REL_SEGMENT = `(?:[${UNRESERVED};@&=+$,]|${ESC})+`;
const REL_PATH = `${REL_SEGMENT}(?:${ABS_PATH})?`;
const URIC = `(?:[;/?:@&=+$,\\[\\]${UNRESERVED}]|${ESC})`;
const URIC_NO_SLASH = `(?:[;?:@&=+$,${UNRESERVED}]|${ESC})`;
const REG_NAME = `(?:[${UNRESERVED}$,;:@&=+]|${ESC})+`;
const USERINFO = `(?:[${UNRESERVED};:&=+$,]|${ESC})*`;
const IPV6 = '\\[[0-9A-Fa-f:.]+\\]';
const AUTHORITY = `(?:(?:${USERINFO}@)?${IPV6}(?::\\d*)?|${REG_NAME})`;
const NET_PATH = `//${AUTHORITY}(?:${ABS_PATH})?`;
const SCHEME = '[A-Za-z][A-Za-z0-9+.\\-]*';
const QUERY = `(?:\\?${URIC}*)?`;
const ABSOLUTE = `${SCHEME}:(?:(?:${NET_PATH}|${ABS_PATH})${QUERY}|${URIC_NO_SLASH}${URIC}*)`;
const RELATIVE = `(?:${NET_PATH}|${ABS_PATH}|${REL_PATH})?${QUERY}`;
const URI_REFERENCE = new RegExp(`^(?:${ABSOLUTE}|${RELATIVE})(?:#${URIC}*)?$`);

/** jing's anyURI check (com.thaiopensource.util.Uri.isValid); surrogate pairs count as "other". */
export function isUri(value: string): boolean {
  // Characters jing %-encodes before parsing are allowed anywhere: stand them in as an escape.
  const encoded = value.replace(/[\u0000-\u0020<>"{}|\\^`\u007F-\u009F\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/g, '%20');
  return URI_REFERENCE.test(encoded);
}
