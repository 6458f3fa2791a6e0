// The services' GitLabPort on the electron/gitlab modules: one client per instance, GitLab's
// answers turned into the contract's "finding" (what GitLab says, in plain words), and the
// vault writes that follow. Rotation and revocation go through gitlab/vault-ops.ts, which
// owns the pending-rotation record that keeps a live credential from being lost.
import type { AuditRow, GitLabFinding, OwnerAudit } from '../api';
import { auditAccount } from '../gitlab/audit';
import { auditOwner } from '../gitlab/owner-audit';
import { GitLabClient, type GitLabClientOptions } from '../gitlab/client';
import { createCredentialAndStore } from '../gitlab/credential-create';
import { isGitLabError } from '../gitlab/errors';
import { KIND_WORDS } from '../vault/types';
import { learnLifetimePolicy, limitSentence } from '../gitlab/lifetime';
import { identifyOnGitLab, revokeFound } from '../gitlab/identify';
import { newTokenPageUrl } from '../gitlab/prefill';
import { revokeListedToken } from '../gitlab/revoke-listed';
import { verifyToken } from '../gitlab/tokens';
import { createAndStore, revokeEntry, rotateEntry, verifyEntry } from '../gitlab/vault-ops';
import type { Vault } from '../vault/vault';
import { ServiceError } from './errors';
import type { GitLabPort } from './gitlab-port';

const notFound = (message: string): GitLabFinding => ({ ok: false, code: null, message, name: null, scopes: null, expiresAt: null, username: null, active: null });

export function createGitLabPort(options: Omit<GitLabClientOptions, 'instance'> = {}): GitLabPort {
  const clients = new Map<string, GitLabClient>();
  const clientFor = (instance: string | null): GitLabClient => {
    if (!instance) throw new ServiceError('NO_INSTANCE', 'This token has no GitLab address; add one (Edit) first.', 'instance-address');
    let client = clients.get(instance);
    if (!client) clients.set(instance, (client = new GitLabClient({ ...options, instance })));
    return client;
  };

  return {
    async inspect(instance, secret) {
      try {
        const r = await verifyToken(clientFor(instance), secret);
        const t = r.token;
        const finding: GitLabFinding = {
          ok: !t.revoked && r.patch.gitlab?.active !== false,
          code: t.revoked ? 'revoked' : null,
          message: [`GitLab knows this token as “${t.name}”${r.user ? `, owned by ${r.user.username}` : ''}.`, ...r.notes].join(' ').slice(0, 500),
          name: t.name,
          scopes: t.scopes,
          expiresAt: t.expires_at,
          username: r.user?.username ?? null,
          active: r.patch.gitlab?.active ?? null,
        };
        return { finding, facts: r.patch.gitlab ?? {} };
      } catch (error) {
        // A token that cannot be checked is still kept: the finding says why, the wizard stores it unverified.
        if (isGitLabError(error)) return { finding: { ...notFound(error.message.slice(0, 500)), code: error.code, ...(error.fix ? { fix: error.fix } : {}) }, facts: {} };
        throw error;
      }
    },

    async identify(instance, secret, revoke) {
      const client = clientFor(instance);
      const found = await identifyOnGitLab(client, secret, null);
      if (!revoke || found.live === false) return { said: found.said, live: found.live, revoked: false };
      return { said: `${found.said} ${await revokeFound(client, secret, null)}`, live: false, revoked: true };
    },

    async verifyEntry(vault, id, usingId) {
      const { entry, finding, recoveryUrl } = await verifyEntry(vault, clientFor(vault.get(id).instance), id, { usingId: usingId ?? null });
      return { entry, finding, recoveryUrl };
    },

    async rotate(vault, id, expiresAt) {
      const entry = vault.get(id);
      const r = await rotateEntry(vault, clientFor(entry.instance), id, { expiresAt: expiresAt ?? null });
      return { entry: r.entry, message: r.message };
    },

    async revoke(vault, id) {
      const entry = vault.get(id);
      const r = await revokeEntry(vault, clientFor(entry.instance), id);
      return { entry: r.entry, message: r.message };
    },

    async lifetime(vault, id) {
      const client = clientFor(vault.get(id).instance);
      const policy = await learnLifetimePolicy(client, vault.readSecret(id));
      return { maxDays: policy.maxDays, note: limitSentence(client.host, policy) };
    },

    async audit(vault: Vault, usingId): Promise<AuditRow[]> {
      const using = vault.get(usingId);
      const entries = vault.list().filter((e) => e.instance === using.instance);
      const report = await auditAccount(clientFor(using.instance), vault.readSecret(usingId), entries);
      return report.rows.filter((r) => r.tokenId !== null).map((r) => ({
        tokenId: r.tokenId as number,
        name: r.name,
        scopes: r.scopes,
        expiresAt: r.expiresAt,
        active: r.active,
        revoked: r.revoked,
        lastUsedAt: r.lastUsedAt,
        entryId: r.entryId,
        matchedBy: r.matchedBy,
      }));
    },

    async auditOwner(vault: Vault, usingId, target): Promise<OwnerAudit> {
      const using = vault.get(usingId);
      return auditOwner(clientFor(using.instance), vault.readSecret(usingId), vault.list(), target.trim());
    },

    revokeListed(vault, usingId, tokenId) {
      return revokeListedToken(vault, clientFor(vault.get(usingId).instance), usingId, tokenId);
    },

    async create(vault, args) {
      const using = vault.get(args.usingId);
      // Stored in the same breath as it arrives (vault-ops): GitLab shows this secret once.
      return createAndStore(vault, clientFor(using.instance), args);
    },

    async createCredential(vault, args) {
      const { usingId, kind, owner, target, name, ...rest } = args;
      const using = vault.get(usingId);
      if (owner !== 'instance' && !target?.trim()) throw new ServiceError('NO_TARGET', `Say which ${owner} the ${KIND_WORDS[kind]} belongs to.`);
      return createCredentialAndStore(vault, clientFor(using.instance), {
        usingId, kind, name,
        owner: owner === 'instance' ? { kind: 'instance' } : { kind: owner, target: target!.trim() },
        ...definedOnly(rest),
      });
    },

    prefillUrl(args) {
      if (args.kind === 'group') throw new ServiceError('NO_PREFILL', 'GitLab has no pre-filled page for group tokens; create it with a stored owner token instead.');
      try {
        return newTokenPageUrl(args.instance, {
          kind: args.kind,
          ...(args.target ? { projectPath: args.target } : {}),
          name: args.name,
          scopes: args.scopes,
          ...(args.description ? { description: args.description } : {}),
        });
      } catch (error) {
        throw new ServiceError('BAD_INSTANCE', error instanceof Error ? error.message : 'That is not a GitLab address.', 'instance-address');
      }
    },
  };
}

/** exactOptionalPropertyTypes: the contract's absent fields stay absent, not undefined. */
function definedOnly<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
