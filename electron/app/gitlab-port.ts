// What the services need from GitLab, as one interface. gitlab-adapter.ts implements it on
// the electron/gitlab modules; tests may pass their own. Methods that take a Vault do the
// vault writes themselves (rotation safety lives in electron/gitlab/vault-ops.ts).
import type { AuditRow, ArgsOf, GitLabFinding, OwnerAudit } from '../api';
import type { Vault } from '../vault/vault';
import type { EntryOverview, GitLabFacts } from '../vault/types';

export interface InspectResult {
  finding: GitLabFinding;
  facts: Partial<GitLabFacts>;
}

export interface GitLabPort {
  /** Asks GitLab about a secret not yet stored. GitLab-side problems come back as finding.ok=false, not thrown. */
  inspect(instance: string, secret: string): Promise<InspectResult>;
  /** usingId: another stored token that finds and revokes a lost rotation's orphan (vault-ops.ts). */
  verifyEntry(vault: Vault, id: string, usingId?: string): Promise<{ entry: EntryOverview; finding: GitLabFinding; recoveryUrl: string | null }>;
  /** expiresAt undefined: the token's current lifetime again, capped at the instance's maximum. */
  rotate(vault: Vault, id: string, expiresAt: string | undefined): Promise<{ entry: EntryOverview; message: string }>;
  revoke(vault: Vault, id: string): Promise<{ entry: EntryOverview; message: string }>;
  /** The instance's maximum token lifetime as stored token `id` can tell, and a sentence saying where it comes from. */
  lifetime(vault: Vault, id: string): Promise<{ maxDays: number; note: string }>;
  audit(vault: Vault, usingId: string): Promise<AuditRow[]>;
  /** Every credential of a project or group beside the vault, asked with stored token usingId (gitlab/owner-audit.ts). */
  auditOwner(vault: Vault, usingId: string, target: string): Promise<OwnerAudit>;
  /** The audit's Revoke: a token GitLab lists, by id, with stored token usingId (or as the entry holding it). */
  revokeListed(vault: Vault, usingId: string, tokenId: number): Promise<{ entry: EntryOverview | null; message: string }>;
  create(vault: Vault, args: ArgsOf<'gitlabCreate'>): Promise<EntryOverview>;
  /** A deploy/trigger/runner/agent/service-account/OAuth/webhook credential, made and stored in one step. */
  createCredential(vault: Vault, args: ArgsOf<'gitlabCreateCredential'>): Promise<EntryOverview>;
  prefillUrl(args: ArgsOf<'gitlabPrefillUrl'>): string;
  /** What GitLab says about a found token, asked with the token itself; `revoke`: it revokes itself (gitlab/identify.ts). */
  identify(instance: string, secret: string, revoke: boolean): Promise<{ said: string; live: boolean | null; revoked: boolean }>;
}
