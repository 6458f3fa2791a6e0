/** "60, 30 7,1" → [60, 30, 7, 1]: reminder lead times as the contract takes them (0–400, at most 10). */
export const parseLeadDays = (text: string): number[] =>
  [...new Set(text.split(/[\s,]+/).filter(Boolean).map(Number))]
    .filter((n) => Number.isInteger(n) && n >= 0 && n <= 400)
    .sort((a, b) => b - a)
    .slice(0, 10);
