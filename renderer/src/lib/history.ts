// A token's history as people read it: actions in words, and notes without GitLab's internal
// token ids or ISO dates ("GitLab revoked token 41 and issued token 42, expiring 2027-03-01"
// → "GitLab replaced the old token with a new one, expiring Mar 1, 2027").
import type { Entry } from '../../../electron/api';
import { formatDay, formatInstant } from './dates';

const ACTION_WORDS: Record<Entry['history'][number]['action'], string> = {
  created: 'Stored',
  imported: 'Imported',
  edited: 'Changed',
  verified: 'Checked with GitLab',
  rotated: 'Rotated',
  'rotation-started': 'Rotation started',
  'rotation-unconfirmed': 'Rotation not confirmed',
  revoked: 'Revoked',
  refused: 'GitLab refused it',
};

export const actionWords = (action: Entry['history'][number]['action']): string => ACTION_WORDS[action] ?? action.replace(/-/g, ' ');

/** The note with ids said in words and ISO dates/instants as local dates. */
export function noteWords(note: string): string {
  return note
    .replace(/GitLab revoked token \d+ and issued token \d+/g, 'GitLab replaced the old token with a new one')
    .replace(/\btoken (?:id )?#?\d+\b/gi, 'the token')
    .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\b/g, (iso) => formatInstant(iso))
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, (day) => formatDay(day));
}
