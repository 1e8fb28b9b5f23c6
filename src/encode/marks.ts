import type { Entry, Kind } from './register.js';

export type NameElement = 'persName' | 'placeName' | 'orgName' | 'rs' | 'roleName';

/** One element the encoder adds: a name (with @ref) or a date (with @when, @dur, …). */
export interface Mark {
  /** Offsets in the text the mark was found in (UTF-16, end exclusive). */
  start: number;
  end: number;
  element: NameElement | 'date';
  /** Attributes in the order they are written (ref, type, when, dur, notAfter …). */
  attrs: [string, string][];
  /** Register entries pointed at (names only). */
  entries: Entry[];
  /** Marks inside this one (a name inside a role, an adjective inside a name). */
  children: Mark[];
  /** For the report: why a date was resolved as it was, when it was a guess. */
  note?: string;
}

/** Something the encoder did not decide and leaves to the archivist. */
export interface Question {
  start: number;
  end: number;
  kind: 'ambiguous' | 'overlap' | 'date';
  message: string;
  /** Entry ids involved. */
  ids: string[];
}

/** A possible new register entry: a name-like phrase no entry matched. */
export interface Suggestion {
  start: number;
  end: number;
  text: string;
  kind: Kind;
  /** Why it looks like a name ("after the title وزير", "capitalised words"). */
  because: string;
}

export interface Found {
  marks: Mark[];
  questions: Question[];
  suggestions: Suggestion[];
}

/** Every mark of a tree, in document order (outer before inner). */
export function flatten(marks: Mark[]): Mark[] {
  const out: Mark[] = [];
  const walk = (ms: Mark[]) => {
    for (const m of ms) {
      out.push(m);
      walk(m.children);
    }
  };
  walk(marks);
  return out;
}
