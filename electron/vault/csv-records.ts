// KeePassXC's CSV export as records of the columns an import reads. csv-parse reads any file
// right, but it walks the text a byte at a time and defines each field on its record object:
// a third of the CPU of a 10,000-row `import --create`. A KeePassXC export is plain — every field
// quoted (or free of quotes, commas and line breaks), LF line ends, each record as long as the
// header — so plainRecords reads such a file with indexOf and slice and gives up (null) on
// anything else: a CR outside quotes, a quote where csv-parse would refuse it, a record of
// another length. csv-parse then reads that file and names its fault (parse-errors.ts), as before.
// tests/unit/csv-records.test.ts holds plainRecords to csv-parse's records on generated and
// mutated files: where it answers, it answers what csv-parse does.
import { parse } from 'csv-parse/sync';
import { csvParseError } from './parse-errors';

/** A record: each wanted column the header has, by name (the last of that name, as csv-parse keeps). */
export type CsvRecord = Record<string, string>;

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The records (header excluded) with only the `wanted` columns, or null when the text is not
 * plain enough to be sure csv-parse would read it the same way. `text` is decodeUtf8's (well-formed:
 * csv-parse would read a lone surrogate as U+FFFD).
 */
export function plainRecords(text: string, wanted: readonly string[]): CsvRecord[] | null {
  const n = text.length;
  let i = 0;
  let fields: string[] = [];
  // One record's fields, or null when the text is not plain. `i` ends past the record's LF (or at n).
  const record = (): string[] | null => {
    fields = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        let from = i + 1;
        let close = text.indexOf('"', from);
        value = '';
        // A doubled quote inside is one quote.
        while (close !== -1 && text.charCodeAt(close + 1) === QUOTE) {
          value += text.slice(from, close + 1);
          from = close + 2;
          close = text.indexOf('"', from);
        }
        if (close === -1) return null;
        value += text.slice(from, close);
        i = close + 1;
        if (i < n && text.charCodeAt(i) !== COMMA && text.charCodeAt(i) !== LF) return null;
      } else {
        const from = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF) break;
          // A CR outside quotes: csv-parse may take CRLF or CR for the line end; inside quotes it is text.
          if (c === QUOTE || c === CR) return null;
          i += 1;
        }
        value = text.slice(from, i);
      }
      fields.push(value);
      if (i >= n) return fields;
      const c = text.charCodeAt(i);
      i += 1;
      if (c === LF) return fields;
    }
  };
  // Empty lines are skipped, as csv-parse's skip_empty_lines does.
  const skipEmptyLines = () => {
    while (i < n && text.charCodeAt(i) === LF) i += 1;
  };
  skipEmptyLines();
  if (i >= n) return [];
  const header = record();
  if (!header) return null;
  const columns = wanted.map((name) => [name, header.lastIndexOf(name)] as const).filter(([, at]) => at !== -1);
  const out: CsvRecord[] = [];
  for (;;) {
    skipEmptyLines();
    if (i >= n) return out;
    const values = record();
    if (!values || values.length !== header.length) return null;
    const row: CsvRecord = {};
    for (const [name, at] of columns) row[name] = values[at]!;
    out.push(row);
  }
}

/** csv-parse's reading of the file (the header names the columns); its fault as our own sentence, never its text. */
export function parsedRecords(text: string): CsvRecord[] {
  try {
    return parse(text, { columns: true, skip_empty_lines: true, relax_column_count: false, trim: false }) as CsvRecord[];
  } catch (error) {
    throw csvParseError(error);
  }
}

/** The file's records: the plain reading when it applies, csv-parse's otherwise. */
export function csvRecords(text: string, wanted: readonly string[]): CsvRecord[] {
  return plainRecords(text, wanted) ?? parsedRecords(text);
}
