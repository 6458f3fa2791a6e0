// Counts in good English: "1 token", "2 tokens", "0 tokens". The plural category comes from
// Intl.PluralRules (the app's words are English, so its rules are English's), not from `n === 1`.
const rules = new Intl.PluralRules('en');

export interface Forms {
  one: string;
  other: string;
}

/** The word for `n` things: form('token', 2) → 'tokens'. A bare noun takes an -s plural. */
export function formFor(n: number, forms: Forms | string): string {
  const f = typeof forms === 'string' ? { one: forms, other: `${forms}s` } : forms;
  return rules.select(n) === 'one' ? f.one : f.other;
}

/** "1 token", "3 tokens", "1 day", "5 days". */
export function count(n: number, forms: Forms | string): string {
  return `${n} ${formFor(n, forms)}`;
}

/** Verb agreement: verb(1, 'expires', 'expire') → 'expires'. */
export function verb(n: number, one: string, other: string): string {
  return rules.select(n) === 'one' ? one : other;
}
