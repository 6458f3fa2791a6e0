// Where the pasted token, as GitLab describes it, differs from what the user entered in the
// wizard — and whose value the vault stores for each field. The user picks per field ("Use
// GitLab's" / "Keep mine"); until they do, each field has the default that is least likely
// to mislead later:
// - expiry and scopes: GitLab's. They are facts about the token: reminders keyed to a date
//   GitLab does not enforce fire on the wrong day, and scopes it does not have describe
//   powers the token lacks (or hide ones it has).
// - name: the user's. The vault name is their label — how they find the token, what the CLI
//   and git take — and the token is linked to GitLab by its id, not its name.
import type { DifferenceChoice, Draft, DraftDifference, DraftFields } from '../api';

type Field = DraftDifference['field'];
export const DEFAULT_CHOICES: Readonly<Record<Field, DifferenceChoice>> = { name: 'mine', expiresAt: 'gitlab', scopes: 'gitlab' };

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The differing fields, each with the choice in force (the user's, else the default). None unless GitLab answered. */
export function differencesOf(fields: DraftFields, finding: Draft['finding']): DraftDifference[] {
  if (!finding?.ok) return [];
  const use = (field: Field) => fields.choices?.[field] ?? DEFAULT_CHOICES[field];
  const out: DraftDifference[] = [];
  if (fields.name && finding.name && finding.name !== fields.name) out.push({ field: 'name', mine: fields.name, gitlab: finding.name, use: use('name') });
  if (fields.expiresAt && finding.expiresAt !== fields.expiresAt) out.push({ field: 'expiresAt', mine: fields.expiresAt, gitlab: finding.expiresAt, use: use('expiresAt') });
  if (fields.scopes && finding.scopes && !sameSet(fields.scopes, finding.scopes)) out.push({ field: 'scopes', mine: fields.scopes, gitlab: finding.scopes, use: use('scopes') });
  return out;
}

/**
 * What the vault stores: where the fields and GitLab differ, the chosen value; elsewhere what
 * GitLab said when it answered (the same as the user's, or something they left open), else the user's.
 */
export function storedValues(fields: DraftFields, finding: Draft['finding']): { name: string; expiresAt: string | null; scopes: string[] } {
  const verified = finding?.ok === true ? finding : null;
  const kept = new Set(differencesOf(fields, finding).filter((d) => d.use === 'mine').map((d) => d.field));
  return {
    name: (kept.has('name') ? fields.name : verified?.name) ?? fields.name ?? '',
    expiresAt: kept.has('expiresAt') || !verified ? (fields.expiresAt ?? null) : verified.expiresAt,
    scopes: (kept.has('scopes') ? fields.scopes : verified?.scopes) ?? fields.scopes ?? [],
  };
}
