import { readings } from './clitics.js';
import { fold } from './fold.js';
import type { Mark, Suggestion } from './marks.js';
import type { Kind } from './register.js';
import { joins, spaceOnly, type Token } from './tokens.js';

const f = (words: string) => new Set(words.split(' ').map(fold));
// Titles and offices before a person's name (وزير الدفاع X, مديرة X).
const PERSON_CUES = f(
  'وزير وزيرة رئيس رئيسة مدير مديرة نائب الرئيس الوزير اللواء العقيد العميد الجنرال المشير الشيخ السفير السفيرة الأمين المتحدث المتحدثة مراسل مراسلة الدكتور الدكتورة النائب النائبة الملك الأمير الأميرة القاضي المحامي الكاتب الكاتبة الصحفي الصحفية',
);
// Nouns before an organisation's or a place's name (وكالة سبوتنيك, مدينة حلب).
const ORG_CUES = f('وكالة صحيفة حركة حزب جامعة شركة منظمة قناة جمعية مؤسسة');
const PLACE_CUES = f('مدينة بلدة قرية محافظة ولاية العاصمة منطقة إقليم جزيرة');
// Words that never start or make a name.
const STOP = f(
  'في من إلى على عن مع أن إن أنه إنه الذي التي الذين قد لا لم لن ما هو هي هذا هذه ذلك تلك بعد قبل خلال منذ حتى كان كانت أو ثم بين عند حول ضد لدى دون غير كل بعض وقال قال قالت وقالت إنه أمس اليوم',
);
const EN_CONNECT = new Set(['of', 'al', 'el', 'bin', 'ibn', 'de', 'du', 'von', 'van', 'the', 'and']);
const LATIN_CAP = /^[A-Z\u00c0-\u00de]/;

/**
 * Names the register does not know, offered as suggestions (never marked): runs of capitalised
 * English words (Ministry of Defence, Esam Omran), and Arabic words after a title (وزير الدفاع
 * X Y) or after a noun that introduces an organisation or a place (وكالة X, مدينة X). Words
 * already inside a mark are not suggested again.
 */
export function findSuggestions(text: string, tokens: Token[], marks: Mark[]): Suggestion[] {
  const covered = new Uint8Array(tokens.length);
  let t = 0;
  const spans = marks.map((m) => [m.start, m.end] as const).sort((a, b) => a[0] - b[0]);
  for (const [s, e] of spans) {
    while (t < tokens.length && tokens[t]!.end <= s) t++;
    for (let k = t; k < tokens.length && tokens[k]!.start < e; k++) covered[k] = 1;
  }
  const out: Suggestion[] = [];
  const push = (i: number, j: number, kind: Kind, because: string, startAt = tokens[i]!.start) => {
    for (let k = i; k <= j; k++) if (covered[k]) return;
    out.push({ start: startAt, end: tokens[j]!.end, text: text.slice(startAt, tokens[j]!.end), kind, because });
    for (let k = i; k <= j; k++) covered[k] = 1;
  };
  const cap = (i: number) => LATIN_CAP.test(text.charAt(tokens[i]!.start));

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (covered[i]) continue;
    if (cap(i)) {
      let j = i;
      while (j + 1 < tokens.length && joins(text, tokens[j]!, tokens[j + 1]!) && !covered[j + 1]) {
        if (cap(j + 1)) j++;
        else if (EN_CONNECT.has(tokens[j + 1]!.key) && j + 2 < tokens.length && cap(j + 2) && joins(text, tokens[j + 1]!, tokens[j + 2]!)) j += 2;
        else break;
      }
      // A lone capitalised word at the start of a sentence is only a sentence.
      const sentenceStart = i === 0 || /[.!?:]\s*["'(]?\s*$/.test(text.slice(tokens[i - 1]!.end, tok.start));
      if (j > i || (!sentenceStart && tok.end - tok.start > 2)) push(i, j, 'person', 'capitalised words');
      i = j;
      continue;
    }
    const cue = readings(tok.key).find((r) => PERSON_CUES.has(r.stem) || ORG_CUES.has(r.stem) || PLACE_CUES.has(r.stem));
    if (!cue) continue;
    const kind: Kind = PERSON_CUES.has(cue.stem) ? 'person' : ORG_CUES.has(cue.stem) ? 'org' : 'place';
    let k = i + 1;
    // A title may take a genitive or two first (وزير الدفاع، الأمين العام): skip words with the article.
    if (kind === 'person')
      while (k < tokens.length && k <= i + 2 && tokens[k]!.key.startsWith('\u0627\u0644') && spaceOnly(text, tokens[k - 1]!, tokens[k]!)) k++;
    if (k >= tokens.length || !spaceOnly(text, tokens[k - 1]!, tokens[k]!) || covered[k]) continue;
    const first = tokens[k]!;
    if (STOP.has(first.key) || /^\d/.test(first.key) || !/[\u0621-\u064a]/.test(first.key) || first.key.startsWith('\u0627\u0644')) continue;
    let j = k;
    const max = kind === 'person' ? 2 : 1;
    while (j + 1 < tokens.length && j - k + 1 < max && spaceOnly(text, tokens[j]!, tokens[j + 1]!) && !covered[j + 1] && !STOP.has(tokens[j + 1]!.key)) {
      j++;
    }
    push(k, j, kind, `after "${text.slice(tok.start, tok.end)}"`);
    i = j;
  }
  return out;
}
