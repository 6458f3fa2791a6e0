// "Rotate and update where it is used": a token's "where used" list may name CI/CD variables
// ("acme/app:DEPLOY_TOKEN", "group:acme:REGISTRY_TOKEN", "acme/app:DEPLOY_TOKEN@production").
// Every variable is checked BEFORE the rotation (planVariables): a key defined for several
// environments makes GitLab answer 409 "There are multiple variables…" (variables_helpers.rb
// find_variable) — and a group's PUT without a filter updates an arbitrary one — so each scope is
// named and updated with filter[environment_scope]; a key with scopes the user did not name is
// refused before anything is rotated. After the rotation (updateVariables) each is PUT with
// masked, protected, raw and description as they were; masked_and_hidden cannot be set by PUT
// (a create-only parameter), and GitLab keeps a hidden variable hidden.
import { z } from 'zod';
import type { GitLabClient } from './client';
import { isGitLabError } from './errors';

export interface VariablePlace {
  kind: 'project' | 'group';
  path: string;
  key: string;
  /** The environment scope named after "@" ("production", "review/*"); null: not named. */
  scope: string | null;
  /** As the user wrote it, for reports. */
  label: string;
}

const variableSchema = z.looseObject({
  key: z.string(),
  masked: z.boolean().optional(),
  protected: z.boolean().optional(),
  hidden: z.boolean().optional(),
  raw: z.boolean().optional(),
  description: z.string().nullish(),
  environment_scope: z.string().optional(),
});
type GitLabVariable = z.infer<typeof variableSchema>;

/**
 * "acme/app:KEY" (a path with a slash is a project), "acme:KEY" (a top-level group), an explicit
 * "project:path:KEY" / "group:path:KEY", each optionally "@SCOPE" for one environment scope
 * ("acme/app:DEPLOY_TOKEN@production", "acme:KEY@review/*"). Anything else is not a variable.
 */
export function parseVariablePlace(raw: string): VariablePlace | null {
  const m = /^(?:(project|group):)?([A-Za-z0-9_.][A-Za-z0-9_.\-/]*[A-Za-z0-9_]):([A-Za-z_][A-Za-z0-9_]{0,254})(?:@(\S{1,255}))?$/.exec(raw.trim());
  if (!m) return null;
  const path = m[2]!;
  const kind = (m[1] as 'project' | 'group' | undefined) ?? (path.includes('/') ? 'project' : 'group');
  return { kind, path, key: m[3]!, scope: m[4] ?? null, label: raw.trim() };
}

export interface VariableReport {
  place: VariablePlace;
  ok: boolean;
  /** One sentence: updated, would be updated, or why not. */
  message: string;
}

/** One variable to set after the rotation: a place resolved to exactly one environment scope. */
export interface PlannedVariable {
  place: VariablePlace;
  scope: string;
  current: GitLabVariable;
}

export interface VariablePlan {
  targets: PlannedVariable[];
  /** Why a place cannot be updated; any at all means: do not rotate. */
  problems: VariableReport[];
}

const owner = (p: VariablePlace) => `/${p.kind === 'project' ? 'projects' : 'groups'}/${encodeURIComponent(p.path)}`;
const flagsOf = (v: GitLabVariable) =>
  [v.hidden ? 'masked and hidden' : v.masked ? 'masked' : 'not masked', v.protected ? 'protected' : 'not protected', ...(v.raw ? ['raw'] : [])].join(', ');

/**
 * Reads every named variable before anything changes: which environment scopes each key has,
 * and its flags. A place whose key has several scopes must name one; scopes of a key that no
 * place names are problems too (they would keep the old, soon revoked, token).
 */
export async function planVariables(client: GitLabClient, secret: string, places: VariablePlace[]): Promise<VariablePlan> {
  const targets: PlannedVariable[] = [];
  const problems: VariableReport[] = [];
  const byKey = new Map<string, VariablePlace[]>();
  for (const p of places) byKey.set(`${p.kind}:${p.path}:${p.key}`, [...(byKey.get(`${p.kind}:${p.path}:${p.key}`) ?? []), p]);
  for (const group of byKey.values()) {
    const first = group[0]!;
    let found: GitLabVariable[];
    try {
      const all = await client.paginate(secret, { path: `${owner(first)}/variables`, schema: z.array(variableSchema), what: `reading the CI/CD variables of ${first.path}` });
      found = all.filter((v) => v.key === first.key);
    } catch (err) {
      if (!isGitLabError(err)) throw err;
      for (const place of group) problems.push({ place, ok: false, message: `${place.label}: cannot be updated — ${err.message}` });
      continue;
    }
    const scopes = found.map((v) => v.environment_scope ?? '*');
    if (!found.length) {
      for (const place of group) problems.push({ place, ok: false, message: `${place.label}: ${first.path} has no CI/CD variable ${first.key}.` });
      continue;
    }
    const named = new Set(group.map((p) => p.scope ?? (scopes.length === 1 ? scopes[0]! : null)));
    for (const place of group) {
      const scope = place.scope ?? (scopes.length === 1 ? scopes[0]! : null);
      const current = found.find((v) => (v.environment_scope ?? '*') === scope);
      if (scope === null)
        problems.push({ place, ok: false, message: `${place.label}: ${first.key} is defined for ${scopes.length} environments (${scopes.join(', ')}); name each one in "where used", like ${first.path}:${first.key}@${scopes[0]}.` });
      else if (!current) problems.push({ place, ok: false, message: `${place.label}: ${first.path} has no ${first.key} for the environment ${scope} (it has ${scopes.join(', ')}).` });
      else targets.push({ place, scope, current });
    }
    const unnamed = scopes.filter((s) => !named.has(s));
    if (unnamed.length && named.size && ![...named].includes(null))
      problems.push({ place: first, ok: false, message: `${first.path}:${first.key} is also defined for ${unnamed.join(', ')}, which "where used" does not name; add ${unnamed.map((s) => `${first.path}:${first.key}@${s}`).join(', ')} (or remove those variables) so none keeps the old token.` });
  }
  return { targets, problems };
}

/** The dry run's report: what would be set, and what stops the rotation. */
export function describePlan(plan: VariablePlan): VariableReport[] {
  return [
    ...plan.targets.map((t) => ({ place: t.place, ok: true, message: `${t.place.label}: would be set to the new token (${scopeWords(t)}${flagsOf(t.current)}, kept).` })),
    ...plan.problems,
  ];
}

const scopeWords = (t: PlannedVariable) => (t.scope === '*' && !t.place.scope ? '' : `environment ${t.scope}, `);

/** Sets each planned variable to `newSecret`, in its own scope; one report per place, never a secret. */
export async function updateVariables(client: GitLabClient, secret: string, targets: PlannedVariable[], newSecret: string): Promise<VariableReport[]> {
  const reports: VariableReport[] = [];
  for (const t of targets) {
    const { place, current } = t;
    try {
      await client.request(secret, {
        method: 'PUT',
        path: `${owner(place)}/variables/${encodeURIComponent(place.key)}`,
        query: { 'filter[environment_scope]': t.scope },
        // masked_and_hidden is create-only; a hidden variable stays hidden with masked: true.
        body: {
          value: newSecret,
          masked: !!(current.masked || current.hidden),
          protected: !!current.protected,
          raw: !!current.raw,
          ...(current.description ? { description: current.description } : {}),
        },
        schema: variableSchema,
        what: `updating the CI/CD variable ${place.label}`,
      });
      reports.push({ place, ok: true, message: `${place.label}: set to the new token (${scopeWords(t)}${flagsOf(current)}, kept).` });
    } catch (err) {
      if (!isGitLabError(err)) throw err;
      reports.push({ place, ok: false, message: `${place.label}: not updated — ${err.message}` });
    }
  }
  return reports;
}
