// One exposed token's rotation during offboarding, "where used" included: the CI/CD variables
// its where-used list names are read first (a pipeline must never be left on a revoked token),
// the token is rotated, and each variable is set to the new secret and ticked off its follow-up.
// Deploy, trigger, runner and agent tokens set their variables inside their own swap. The
// sentence returned says what happened to each variable, so offboarding's report stays true
// when a step fails half-way.
import type { GitLabClient } from '../gitlab/client';
import { isCredentialKind } from '../gitlab/credential-ops';
import { parseVariablePlace, planVariables, updateVariables, type VariablePlace } from '../gitlab/variables';
import { rotateEntry, type VaultForGitLab } from '../gitlab/vault-ops';
import { markPlaces } from '../vault/follow-up';
import type { Vault } from '../vault/vault';

export type RotatingVault = VaultForGitLab & Pick<Vault, 'update'>;

/** Rotates `id` and its CI/CD variables; throws (nothing rotated) when a variable cannot be updated. */
export async function rotateWithVariables(vault: RotatingVault, client: GitLabClient, id: string): Promise<string> {
  const entry = vault.get(id);
  if (isCredentialKind(entry.kind)) return (await rotateEntry(vault, client, id)).message;
  const places = entry.usedIn.map(parseVariablePlace).filter((p): p is VariablePlace => p !== null);
  if (!places.length) return (await rotateEntry(vault, client, id)).message;
  const plan = await planVariables(client, vault.readSecret(id), places);
  if (plan.problems.length) throw new Error(`Not rotated: ${plan.problems.length} of ${places.length} CI/CD variable${places.length === 1 ? '' : 's'} in "where used" cannot be updated (${plan.problems.map((p) => p.message).join(' ')})`);
  const rotated = await rotateEntry(vault, client, id);
  // The new token itself sets the variables: the old one is revoked by now.
  const reports = await updateVariables(client, vault.readSecret(id), plan.targets, vault.readSecret(id));
  const updated = reports.filter((r) => r.ok).map((r) => r.place.label);
  if (updated.length) markPlaces(vault, id, updated, true, " through GitLab's API");
  const failed = reports.filter((r) => !r.ok);
  const variables = failed.length
    ? `${updated.length} of ${reports.length} CI/CD variables set to it; NOT set: ${failed.map((r) => r.message).join(' ')} (set ${failed.length === 1 ? 'it' : 'them'} by hand: the old token no longer works)`
    : `CI/CD variable${reports.length === 1 ? '' : 's'} ${updated.join(', ')} set to it`;
  return `${rotated.message} ${variables}.`;
}
