// An instant in epoch milliseconds as the ISO string Date#toISOString gives, without a Date.
// Opening an overview turns three instants back into strings (created, updated, each history
// event): through Date that was 1–4 µs each, the largest single cost of opening 10,000 rows at
// unlock. The civil date comes from the day count by Howard Hinnant's days-to-civil algorithm
// (proleptic Gregorian, as ECMAScript's). Only 1970–9999 at whole milliseconds takes this path;
// any other value (negative, fractional, out of Date's range) goes to Date itself.

const DAY_MS = 86_400_000;
/** 9999-12-31T23:59:59.999Z: past it, toISOString writes a six-digit, signed year. */
const LAST = 253_402_300_799_999;

/** The ASCII code of digit d. */
const D = 48;

export function isoOfMs(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > LAST) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  // Days since 0000-03-01, in 400-year eras of 146,097 days (ms ≥ 0, so every term is ≥ 0).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  // One flat string from its 24 character codes: a template literal would make a rope of pieces,
  // which every later JSON.stringify or structured clone of the list has to flatten again.
  return String.fromCharCode(
    D + Math.floor(year / 1000), D + (Math.floor(year / 100) % 10), D + (Math.floor(year / 10) % 10), D + (year % 10), 45,
    D + Math.floor(month / 10), D + (month % 10), 45, D + Math.floor(day / 10), D + (day % 10), 84,
    D + Math.floor(hours / 10), D + (hours % 10), 58, D + Math.floor(minutes / 10), D + (minutes % 10), 58,
    D + Math.floor(seconds / 10), D + (seconds % 10), 46, D + Math.floor(millis / 100), D + (Math.floor(millis / 10) % 10), D + (millis % 10), 90,
  );
}
