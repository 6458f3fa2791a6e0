// Reminder lead times as people type them ("60, 30 7,1") → what the contract takes (whole
// days 0–400, at most 10, largest first). Anything that cannot be read is refused, naming
// the part: "sixty, 30" must never be saved as "30".
export type LeadDaysReading = { ok: true; days: number[] } | { ok: false; error: string };

export const MAX_LEAD_DAYS = 400;
export const MAX_LEAD_TIMES = 10;

export function readLeadDays(text: string): LeadDaysReading {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return { ok: false, error: 'Enter at least one number of days, for example 30, 7.' };
  const days = new Set<number>();
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return { ok: false, error: `“${part}” is not a whole number of days; use digits, for example 30, 7.` };
    const n = Number(part);
    if (n > MAX_LEAD_DAYS) return { ok: false, error: `${part} days is too far ahead; ${MAX_LEAD_DAYS} days is the most.` };
    days.add(n);
  }
  if (days.size > MAX_LEAD_TIMES) return { ok: false, error: `That is ${days.size} reminders; ${MAX_LEAD_TIMES} is the most.` };
  return { ok: true, days: [...days].sort((a, b) => b - a) };
}
