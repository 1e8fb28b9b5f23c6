/** diwan encode: from a plain text (or a TEI document) and a register to marked-up TEI. */
export { encodeText, type EncodeOptions, type EncodeResult } from './encode.js';
export { encodeTei } from './splice.js';
export { loadRegisters, registerFromText, mergeRegisters, NAME_ELEMENT, type Entry, type Form, type Kind, type Register } from './register.js';
export { RegisterError } from './errors.js';
export { Matcher } from './matcher.js';
export { analyse } from './analyse.js';
export { findDates, parseDay, resolveWeekday, relativeMonth, type Day } from './dates.js';
export { fold, foldChar, foldWithMap } from './fold.js';
export { readings, type Reading } from './clitics.js';
export { tokenize, type Token } from './tokens.js';
export { formatReport, type EncodeReport } from './report.js';
export type { Mark, Question, Suggestion, Found } from './marks.js';
