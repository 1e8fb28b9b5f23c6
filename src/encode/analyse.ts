import { parseDay, findDates, type Day } from './dates.js';
import { findSuggestions } from './candidates.js';
import type { Found, Mark, Question } from './marks.js';
import type { Matcher } from './matcher.js';
import { tokenize } from './tokens.js';

/**
 * Everything the encoder finds in one run of text: register mentions, dates and durations,
 * questions for the archivist, suggested new entries. Dates never cross or enter a name: a date
 * that would is a question.
 */
export function analyse(text: string, matcher: Matcher, today: Day | null): Found {
  const tokens = tokenize(text);
  const names = matcher.match(text, tokens);
  const dates = findDates(text, tokens, today);
  const questions: Question[] = [...names.questions, ...dates.questions];
  const marks: Mark[] = [...names.marks];
  const top = names.marks;
  let k = 0;
  for (const d of dates.marks) {
    while (k < top.length && top[k]!.end <= d.start) k++;
    const clash = k < top.length && top[k]!.start < d.end;
    if (clash) {
      questions.push({
        start: d.start,
        end: d.end,
        kind: 'overlap',
        message: `date "${text.slice(d.start, d.end)}" overlaps the name "${text.slice(top[k]!.start, top[k]!.end)}"; not marked`,
        ids: [],
      });
      continue;
    }
    marks.push(d);
  }
  marks.sort((a, b) => a.start - b.start || b.end - a.end);
  questions.sort((a, b) => a.start - b.start);
  return { marks, questions, suggestions: findSuggestions(text, tokens, marks) };
}

export { parseDay };
