import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoOfMs } from '../../electron/vault/iso-instant';

const runs = Number(process.env.FC_RUNS ?? 200);
const LAST = 253_402_300_799_999;

describe('isoOfMs: an instant written as Date#toISOString writes it', () => {
  it('agrees with Date for every whole millisecond from 1970 to 9999', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: LAST }), (ms) => isoOfMs(ms) === new Date(ms).toISOString()), { numRuns: runs * 10 });
  });

  it('agrees with Date around the edges a calendar gets wrong: leap days, century years, month and year ends', () => {
    const days = ['1970-01-01', '1972-02-29', '1999-12-31', '2000-02-29', '2000-03-01', '2100-02-28', '2100-03-01', '2400-02-29', '9999-12-31'];
    for (const day of days)
      for (const offset of [-1, 0, 1, 999, 86_399_999, 86_400_000]) {
        const ms = Date.parse(`${day}T00:00:00.000Z`) + offset;
        if (ms >= 0) expect(isoOfMs(ms)).toBe(new Date(ms).toISOString());
      }
  });

  it('hands anything else to Date: before 1970, after 9999, a fraction, not a number', () => {
    for (const ms of [-1, -62_198_755_200_000, LAST + 1, 8.64e15, 1.5, 1796585623392.7]) expect(isoOfMs(ms)).toBe(new Date(ms).toISOString());
    expect(() => isoOfMs(Number.NaN)).toThrow(RangeError);
    expect(() => isoOfMs(8.64e15 + 1)).toThrow(RangeError);
  });
});
