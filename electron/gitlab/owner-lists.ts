// Every credential GitLab lists for one project or group (issue 22, item 4), one reader per kind, each
// answering the same plain shape: GitLab's id, a name, an expiry, whether it is live. The secret is never
// read (the lists do not hold one, except a trigger its maker sees whole, which is dropped here). Each
// list is bounded (a hostile or runaway answer stops at MAX_LIST_ROWS, marked truncated) and says the
// release it needs and the role GitLab wants for it, so the audit can name both when GitLab refuses.
import { z } from 'zod';
import type { GitLabClient } from './client';
import { KIND_SINCE, withRole } from './credential-api';
import { tokenSchema } from './schemas';
import { explain401, notPermittedSentence } from './authority';

export type AuditKind = 'project' | 'group' | 'deploy' | 'trigger' | 'runner' | 'agent' | 'webhook' | 'service-account';
export type AuditOwner = { kind: 'project' | 'group'; target: string };

/** One credential as GitLab lists it, whatever its kind. */
export interface ListedCredential {
  id: number;
  name: string;
  /** YYYY-MM-DD, or null: none, or the list does not say (runners). */
  expiresAt: string | null;
  /** Still works as far as the list says (not revoked, not expired). */
  active: boolean;
  revoked: boolean;
  /** What else tells it apart: a deploy token's username, an agent's name, a hook's address. */
  detail: string | null;
}

export interface KindList {
  items: ListedCredential[];
  truncated: boolean;
}

/** More than this many of one kind in one project is a runaway or hostile answer, not a real list. */
export const MAX_LIST_ROWS = 10_000;

/** The release each list needs (doc/api/*.md "Introduced in"; the emulator's README cites each route). */
export const LIST_SINCE: Record<AuditKind, string> = {
  project: '13.0',
  group: '14.7',
  deploy: KIND_SINCE.deployTokens,
  trigger: KIND_SINCE.triggers,
  runner: '8.5',
  agent: KIND_SINCE.agentTokens,
  webhook: '8.0',
  /** GET /groups/:id/service_accounts: "Introduced in GitLab 17.1" (doc/api/group_service_accounts.md). */
  'service-account': '17.1',
};

const enc = encodeURIComponent;
const base = (o: AuditOwner) => `/${o.kind === 'project' ? 'projects' : 'groups'}/${enc(o.target)}`;
const where = (o: AuditOwner) => `${o.kind} ${o.target}`;
const day = (s: string | null | undefined): string | null => (typeof s === 'string' && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : null);

/** The role GitLab wants for each list (its `authorize!` rule), for the sentence when it refuses. */
export function roleFor(kind: AuditKind, o: AuditOwner): string {
  if (kind === 'group' || (o.kind === 'group' && (kind === 'webhook' || kind === 'runner' || kind === 'service-account'))) return `the Owner role in ${where(o)}`;
  if (kind === 'agent') return `the Developer role to see ${where(o)}'s agents and the Maintainer role for their tokens`;
  return `the Maintainer role in ${where(o)}`;
}

function bounded<T>(client: GitLabClient, secret: string, kind: AuditKind, o: AuditOwner, path: string, item: z.ZodType<T>, what: string, query?: Record<string, string>) {
  return withRole(client.paginateBounded(secret, { path, what, since: LIST_SINCE[kind], schema: z.array(item), maxItems: MAX_LIST_ROWS, ...(query ? { query } : {}) }), what, roleFor(kind, o));
}

/** Project or group access tokens (lib/api/resource_access_tokens.rb): below the role GitLab answers 401. */
async function accessTokens(client: GitLabClient, secret: string, o: AuditOwner, today: string): Promise<KindList> {
  const list = () => bounded(client, secret, o.kind, o, `${base(o)}/access_tokens`, tokenSchema, `listing the access tokens of ${where(o)}`);
  const r = await explain401(client, secret, list, notPermittedSentence(client.host, o, 'list', null));
  return {
    truncated: r.truncated,
    items: r.items.map((t) => {
      const expired = t.expires_at !== null && t.expires_at <= today;
      return { id: t.id, name: t.name, expiresAt: t.expires_at, revoked: t.revoked, active: (t.active ?? !expired) && !t.revoked, detail: t.scopes.join(', ') || null };
    }),
  };
}

const deploySchema = z.object({ id: z.number().int(), name: z.string(), username: z.string().nullish(), expires_at: z.string().nullish(), revoked: z.boolean().optional(), expired: z.boolean().optional() });
const triggerSchema = z.object({ id: z.number().int(), description: z.string().nullish(), expires_at: z.string().nullish() });
const runnerSchema = z.object({ id: z.number().int(), description: z.string().nullish(), paused: z.boolean().optional(), runner_type: z.string().optional() });
const agentSchema = z.object({ id: z.number().int(), name: z.string() });
const agentTokenSchema = z.object({ id: z.number().int(), name: z.string(), status: z.string().optional() });
const hookSchema = z.object({ id: z.number().int(), url: z.string(), name: z.string().nullish() });
const accountSchema = z.object({ id: z.number().int(), username: z.string() });

/** Reads one kind's list for the project or group. Throws GitLabError (refused, too new, not understood). */
export async function listKind(client: GitLabClient, secret: string, kind: AuditKind, o: AuditOwner, today: string): Promise<KindList> {
  switch (kind) {
    case 'project':
    case 'group':
      return accessTokens(client, secret, o, today);
    case 'deploy': {
      // lib/api/deploy_tokens.rb lists revoked and expired ones too, with `revoked` and `expired`.
      const r = await bounded(client, secret, kind, o, `${base(o)}/deploy_tokens`, deploySchema, `listing the deploy tokens of ${where(o)}`);
      return {
        truncated: r.truncated,
        items: r.items.map((t) => {
          const expiresAt = day(t.expires_at);
          const expired = t.expired ?? (expiresAt !== null && expiresAt <= today);
          return { id: t.id, name: t.name, expiresAt, revoked: !!t.revoked, active: !t.revoked && !expired, detail: t.username ?? null };
        }),
      };
    }
    case 'trigger': {
      // The list shows a trigger's token to its maker: it is not kept, not even here.
      const r = await bounded(client, secret, kind, o, `${base(o)}/triggers`, triggerSchema, `listing the pipeline trigger tokens of ${where(o)}`);
      return { truncated: r.truncated, items: r.items.map((t) => { const expiresAt = day(t.expires_at); return { id: t.id, name: t.description || `trigger ${t.id}`, expiresAt, revoked: false, active: expiresAt === null || expiresAt > today, detail: null }; }) };
    }
    case 'runner': {
      // lib/api/ci/runners.rb lists the project's (or group's) own runners with `type`, not those shared with it.
      const type = o.kind === 'project' ? 'project_type' : 'group_type';
      const r = await bounded(client, secret, kind, o, `${base(o)}/runners`, runnerSchema, `listing the runners of ${where(o)}`, { type });
      return { truncated: r.truncated, items: r.items.map((t) => ({ id: t.id, name: t.description || `runner ${t.id}`, expiresAt: null, revoked: false, active: true, detail: t.paused ? 'paused' : null })) };
    }
    case 'agent': {
      // lib/api/clusters/agents.rb (14.10), then each agent's active tokens (lib/api/clusters/agent_tokens.rb, 15.0).
      const agents = await bounded(client, secret, kind, o, `${base(o)}/cluster_agents`, agentSchema, `listing the cluster agents of ${where(o)}`);
      const items: ListedCredential[] = [];
      let truncated = agents.truncated;
      for (const a of agents.items) {
        const r = await bounded(client, secret, kind, o, `${base(o)}/cluster_agents/${a.id}/tokens`, agentTokenSchema, `listing the tokens of agent ${a.id} of ${where(o)}`);
        truncated ||= r.truncated;
        items.push(...r.items.map((t) => ({ id: t.id, name: t.name, expiresAt: null, revoked: t.status === 'revoked', active: t.status !== 'revoked', detail: `agent ${a.name.slice(0, 100)}` })));
        if (items.length >= MAX_LIST_ROWS) return { items: items.slice(0, MAX_LIST_ROWS), truncated: true };
      }
      return { items, truncated };
    }
    case 'webhook': {
      // The hook entity never shows its secret token (lib/api/entities/hook.rb): a hook is listed whether it has one or not.
      const r = await bounded(client, secret, kind, o, `${base(o)}/hooks`, hookSchema, `listing the webhooks of ${where(o)}`);
      return { truncated: r.truncated, items: r.items.map((h) => ({ id: h.id, name: h.name || h.url.slice(0, 200), expiresAt: null, revoked: false, active: true, detail: h.url.slice(0, 500) })) };
    }
    case 'service-account': {
      // The group's accounts (17.1), then each account's tokens: GitLab has no group route for those yet
      // (issue 523474), so they are read as an administrator reads any user's (GET /personal_access_tokens?user_id=).
      const accounts = await bounded(client, secret, kind, o, `${base(o)}/service_accounts`, accountSchema, `listing the service accounts of ${where(o)}`);
      const items: ListedCredential[] = [];
      let truncated = accounts.truncated;
      for (const a of accounts.items) {
        const what = `listing the tokens of service account ${a.username.slice(0, 100)}`;
        const role = "an administrator (GitLab has no group route listing a service account's tokens: issue 523474)";
        const read = () => withRole(client.paginateBounded(secret, { path: '/personal_access_tokens', query: { user_id: String(a.id) }, what, schema: z.array(tokenSchema), maxItems: MAX_LIST_ROWS }), what, role);
        const r = await explain401(client, secret, read, `${client.host} will not let this token read the tokens of service account ${a.username.slice(0, 100)}: that needs ${role}.`);
        truncated ||= r.truncated;
        items.push(...r.items.map((t) => { const expired = t.expires_at !== null && t.expires_at <= today; return { id: t.id, name: t.name, expiresAt: t.expires_at, revoked: t.revoked, active: (t.active ?? !expired) && !t.revoked, detail: a.username.slice(0, 100) }; }));
        if (items.length >= MAX_LIST_ROWS) return { items: items.slice(0, MAX_LIST_ROWS), truncated: true };
      }
      return { items, truncated };
    }
  }
}

/** The kinds GitLab keeps for a project, or for a group (service accounts belong to top-level groups only). */
export function kindsOf(o: AuditOwner, topLevel: boolean): AuditKind[] {
  return o.kind === 'project' ? ['project', 'deploy', 'trigger', 'runner', 'agent', 'webhook'] : ['group', 'deploy', 'runner', 'webhook', ...(topLevel ? (['service-account'] as const) : [])];
}
