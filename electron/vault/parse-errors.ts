// Parser errors in words that carry a place, never content. csv-parse's and JSON.parse's own
// messages quote the text around the fault ("value is \"glpat-…\"", `..."secret": glpat-…"`),
// which is where a token sits in an export; neither message may reach a person or a log.
import { VaultError } from './errors';

/** What went wrong in a CSV, by csv-parse's error code; words of ours, never the parser's. */
const CSV_FAULTS: Record<string, string> = {
  INVALID_OPENING_QUOTE: 'a quote inside a field that does not start with one',
  CSV_INVALID_CLOSING_QUOTE: 'something right after a closing quote, before the next comma',
  CSV_QUOTE_NOT_CLOSED: 'a quote that is never closed',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'a different number of fields than the header',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'a different number of fields than the header',
  CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH: 'a different number of fields than the header',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'something right after a closing quote, before the next comma',
  CSV_MAX_RECORD_SIZE: 'a field too long to be a token',
  CSV_INVALID_COLUMN_MAPPING: 'a header that cannot be read',
  CSV_INVALID_COLUMN_DEFINITION: 'a header that cannot be read',
  CSV_OPTION_COLUMNS_MISSING_NAME: 'a header with an empty column name',
};

const whole = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

/** One sentence for a csv-parse error: the line and field it stopped at and what kind of fault, nothing quoted. */
export function csvParseError(error: unknown): VaultError {
  const e = (error ?? {}) as { code?: unknown; lines?: unknown; index?: unknown };
  const fault = typeof e.code === 'string' ? CSV_FAULTS[e.code] : undefined;
  const place = whole(e.lines) ? ` at line ${e.lines}${typeof e.index === 'number' && e.index >= 0 ? `, field ${e.index + 1}` : ''}` : '';
  return new VaultError('INVALID_INPUT', `The CSV is malformed${place}${fault ? `: ${fault}` : ''}; fix it or export it again from KeePassXC. Nothing was imported.`);
}

/** One sentence for text JSON.parse refused: the line and column of the first fault, nothing quoted. */
export function jsonParseError(text: string): VaultError {
  const at = jsonFaultOffset(text);
  const { line, column } = lineAndColumn(text, at);
  const place = at >= text.length ? ' (it ends too early)' : ` at line ${line}, column ${column}`;
  return new VaultError('INVALID_INPUT', `The JSON is malformed${place}; fix it or export it again. Nothing was imported.`);
}

/** 1-based line and column (in characters) of an offset; CRLF and CR end lines too. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}

/**
 * Where JSON.parse would stop: a strict RFC 8259 scan (no message to read positions from —
 * Node's wording and whether it gives one changes between versions). Returns text.length when
 * the text ends early, and -1 for valid JSON.
 */
export function jsonFaultOffset(text: string): number {
  let i = 0;
  const n = text.length;
  class Fault {
    constructor(readonly at: number) {}
  }
  const fail = (at = i): never => {
    throw new Fault(at);
  };
  const space = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i += 1;
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k += 1, i += 1) if (text[i] !== word[k]) fail(Math.min(i, n));
  };
  const digits = () => {
    const from = i;
    while (i < n && text[i]! >= '0' && text[i]! <= '9') i += 1;
    if (i === from) fail();
  };
  const number = () => {
    if (text[i] === '-') i += 1;
    if (text[i] === '0') i += 1;
    else digits();
    if (text[i] === '.') {
      i += 1;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i += 1;
      if (text[i] === '+' || text[i] === '-') i += 1;
      digits();
    }
  };
  const string = () => {
    i += 1; // the opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i += 1;
        return;
      }
      if (c < 0x20) fail();
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          // The fault is the first of the four places that is not a hex digit, as V8 reports it.
          for (let k = i + 2; k < i + 6; k++) if (!/[0-9a-fA-F]/.test(text[k] ?? '')) fail(Math.min(k, n));
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(Math.min(i + 1, n));
      } else i += 1;
    }
    fail(n);
  };
  const keyAndColon = () => {
    space();
    if (text[i] !== '"') fail(Math.min(i, n));
    string();
    space();
    if (text[i] !== ':') fail(Math.min(i, n));
    i += 1;
  };
  // A loop with an explicit stack, not recursion: 100,000 '[' must not overflow ours.
  const stack: ('[' | '{')[] = [];
  let wantValue = true;
  try {
    for (;;) {
      space();
      if (wantValue) {
        const c = text[i];
        if (c === '{' || c === '[') {
          i += 1;
          space();
          if (text[i] === (c === '{' ? '}' : ']')) {
            i += 1;
            wantValue = false;
          } else {
            stack.push(c);
            if (c === '{') keyAndColon();
          }
          continue;
        }
        if (c === '"') string();
        else if (c === 't') literal('true');
        else if (c === 'f') literal('false');
        else if (c === 'n') literal('null');
        else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
        else fail(Math.min(i, n));
        wantValue = false;
        continue;
      }
      const open = stack[stack.length - 1];
      if (!open) break;
      if (text[i] === ',') {
        i += 1;
        if (open === '{') keyAndColon();
        wantValue = true;
      } else if (text[i] === (open === '{' ? '}' : ']')) {
        stack.pop();
        i += 1;
      } else fail(Math.min(i, n));
    }
    return i < n ? i : -1;
  } catch (fault) {
    if (fault instanceof Fault) return fault.at;
    throw fault;
  }
}
