// The credentials that are not access tokens (issue 22), held beside the emulator's users and
// tokens: deploy tokens, pipeline trigger tokens, runners, cluster agents and their tokens, OAuth
// applications and webhooks. None of them authenticates the REST API as a user: a `gldt-` token sent
// as PRIVATE-TOKEN is unknown there (401), as on GitLab. Routes are in kind-routes.ts.
import { randomBytes } from 'node:crypto';

export type CredentialKind = 'deploy' | 'trigger' | 'runner' | 'agent' | 'application';

export interface EmCredential {
  id: number;
  kind: CredentialKind;
  /** Whose: a project's or group's (targetId), or the instance's (runners, applications). */
  owner: 'project' | 'group' | 'instance';
  targetId: number | null;
  /** Deploy token / agent token name, trigger or runner description, application name. */
  name: string;
  /** Deploy token username (gitlab+deploy-token-N unless chosen). */
  username: string | null;
  scopes: string[];
  /** Deploy token expires_at (date-time), runner token_expires_at. */
  expiresAt: string | null;
  revoked: boolean;
  secret: string;
  createdAt: string;
  createdBy: number;
  /** Agent tokens: their agent. */
  agentId: number | null;
  /** Runners. */
  tags: string[];
  paused: boolean;
  /** Applications: the public client id. */
  clientId: string | null;
}

export interface EmAgent {
  id: number;
  projectId: number;
  name: string;
}

export interface EmHook {
  id: number;
  owner: 'project' | 'group';
  targetId: number;
  url: string;
  /** The secret token GitLab sends in X-Gitlab-Token; never returned by the API. */
  token: string | null;
}

const PREFIX: Record<CredentialKind, string> = { deploy: 'gldt-', trigger: 'glptt-', runner: 'glrt-', agent: 'glagent-', application: 'gloas-' };

export class CredentialWorld {
  credentials = new Map<number, EmCredential>();
  agents = new Map<number, EmAgent>();
  hooks = new Map<number, EmHook>();

  newSecret(kind: CredentialKind): string {
    return `${PREFIX[kind]}${randomBytes(20).toString('base64url')}`;
  }

  bySecret(kind: CredentialKind, secret: string): EmCredential | undefined {
    return [...this.credentials.values()].find((c) => c.kind === kind && c.secret === secret);
  }

  of(kind: CredentialKind, owner: EmCredential['owner'], targetId: number | null): EmCredential[] {
    return [...this.credentials.values()].filter((c) => c.kind === kind && c.owner === owner && c.targetId === targetId).sort((a, b) => a.id - b.id);
  }
}
