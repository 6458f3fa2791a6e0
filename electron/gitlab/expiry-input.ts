// How a person says when a new token should expire: a date (YYYY-MM-DD) or a duration from
// today like glab's (30d, 4w, 720h). GitLab tokens expire at 00:00 UTC of a date, so a
// duration must come to whole days.
import { GitLabError } from './errors';
import { addDays } from './tokens';

/** "30d" | "4w" | "720h" → the expiry date counted from `today`; one sentence when it is not one of those. */
export function expiryFromDuration(duration: string, today: string): string {
  const m = /^(\d{1,4})([dwh])$/i.exec(duration.trim());
  if (!m) throw new GitLabError('invalid_request', `"${duration.slice(0, 40)}" is not a duration; write it like 30d, 4w or 720h.`);
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  if (unit === 'h' && n % 24 !== 0)
    throw new GitLabError('invalid_request', `${n}h is not a whole number of days, and GitLab tokens expire at 00:00 UTC of a date; use a multiple of 24h, or days.`);
  const days = unit === 'd' ? n : unit === 'w' ? n * 7 : n / 24;
  if (days < 1) throw new GitLabError('invalid_request', 'A token must live at least one day; give a longer duration.');
  return addDays(today, days);
}

/** --expires and --duration together are ambiguous; either alone gives a date, neither gives null. */
export function expiryFromOptions(opts: { expires?: string; duration?: string }, today: string): string | null {
  if (opts.expires && opts.duration) throw new GitLabError('invalid_request', 'Give either --expires or --duration, not both.');
  if (opts.duration) return expiryFromDuration(opts.duration, today);
  return opts.expires ?? null;
}
