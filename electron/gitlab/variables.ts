// "Rotate and update where it is used": a token's "where used" list may name CI/CD variables
// ("acme/app:DEPLOY_TOKEN", "group:acme:REGISTRY_TOKEN"). After a rotation each is set to the
// new secret through the API (PUT /projects|groups/:id/variables/:key), keeping masked and
// protected as they were; a dry run only checks that each exists and may be written.
import { z } from 'zod';
import type { GitLabClient } from './client';
import { isGitLabError } from './errors';

export interface VariablePlace {
  kind: 'project' | 'group';
  path: string;
  key: string;
  /** As the user wrote it, for reports. */
  label: string;
}

const variableSchema = z.looseObject({ key: z.string(), masked: z.boolean().optional(), protected: z.boolean().optional() });

/**
 * "acme/app:KEY" (a path with a slash is a project), "acme:KEY" (a top-level group), or an
 * explicit "project:path:KEY" / "group:path:KEY". Anything else is not a variable (a machine, a
 * script) and is left to the user.
 */
export function parseVariablePlace(raw: string): VariablePlace | null {
  const m = /^(?:(project|group):)?([A-Za-z0-9_.][A-Za-z0-9_.\-/]*[A-Za-z0-9_]):([A-Za-z_][A-Za-z0-9_]{0,254})$/.exec(raw.trim());
  if (!m) return null;
  const path = m[2]!;
  const kind = (m[1] as 'project' | 'group' | undefined) ?? (path.includes('/') ? 'project' : 'group');
  return { kind, path, key: m[3]!, label: raw.trim() };
}

export interface VariableReport {
  place: VariablePlace;
  ok: boolean;
  /** One sentence: updated, would be updated, or why not. */
  message: string;
}

const base = (p: VariablePlace) => `/${p.kind === 'project' ? 'projects' : 'groups'}/${encodeURIComponent(p.path)}/variables/${encodeURIComponent(p.key)}`;

/** Sets each variable to `newSecret` (or, dry run, only checks it); one report per place, never a secret. */
export async function updateVariables(
  client: GitLabClient,
  secret: string,
  places: VariablePlace[],
  newSecret: string | null,
  opts: { dryRun?: boolean } = {},
): Promise<VariableReport[]> {
  const reports: VariableReport[] = [];
  for (const place of places) {
    try {
      const current = (await client.request(secret, { path: base(place), schema: variableSchema, what: `reading the CI/CD variable ${place.label}` })).data;
      const flags = `${current.masked ? 'masked' : 'not masked'}, ${current.protected ? 'protected' : 'not protected'}`;
      if (opts.dryRun || newSecret === null) {
        reports.push({ place, ok: true, message: `${place.label}: would be set to the new token (${flags}, kept).` });
        continue;
      }
      await client.request(secret, {
        method: 'PUT',
        path: base(place),
        body: { value: newSecret, masked: !!current.masked, protected: !!current.protected },
        schema: variableSchema,
        what: `updating the CI/CD variable ${place.label}`,
      });
      reports.push({ place, ok: true, message: `${place.label}: set to the new token (${flags}, kept).` });
    } catch (err) {
      if (!isGitLabError(err)) throw err;
      reports.push({ place, ok: false, message: `${place.label}: not updated — ${err.message}` });
    }
  }
  return reports;
}
