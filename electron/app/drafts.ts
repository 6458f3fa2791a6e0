// The wizard's draft, held main-side: the fields chosen so far and the pasted token. Closing
// the wizard (or reloading the window) loses nothing; only storing or discarding on purpose
// clears it. The secret never goes back to the renderer: it sees a prefix and a flag.
// A lock must not leave the pasted token in clear: it is sealed under the vault key just
// before the keys go (lock()), and opened again at the next unlock (unseal()). If the key
// changed meanwhile (a restore, a password change elsewhere) it cannot be opened: it is
// forgotten and the draft says so.
import type { Draft, DraftFields } from '../api';
import type { Vault } from '../vault/vault';
import { startFollowUp, type EntryOverview, type GitLabFacts } from '../vault/types';
import { differencesOf, storedValues } from './draft-differences';
import { ServiceError } from './errors';
import type { GitLabPort } from './gitlab-port';
import { checkPastedToken } from './paste';

const SEALED_PURPOSE = 'wizard-draft';
export const FORGOTTEN_AT_LOCK = 'The token you pasted could not be kept across the lock (the vault was restored or re-keyed meanwhile); paste it again.';

interface DraftState {
  fields: DraftFields;
  secret: string | null;
  /** The pasted token while the vault is locked: sealed, never in clear. */
  sealedSecret: Uint8Array | null;
  notice: string | null;
  secretPrefix: string | null;
  detectedKind: string | null;
  finding: Draft['finding'];
  facts: Partial<GitLabFacts>;
  /** Warnings about the paste itself; where GitLab differs from the fields is worked out in view(). */
  mismatches: string[];
  /** The token already holding the pasted secret, found at paste time. */
  storedAs: Draft['storedAs'];
  updatedAt: string;
}

export class WizardDrafts {
  private state: DraftState | null = null;

  constructor(private readonly now: () => Date) {}

  get(): Draft | null {
    return this.state ? this.view(this.state) : null;
  }

  save(fields: DraftFields): Draft {
    const state = this.ensure();
    // GitLab's answer came from the old address: it says nothing about the new one (the paste step asks again).
    if (fields.instance !== undefined && fields.instance !== state.fields.instance && state.finding) {
      state.finding = null;
      state.facts = {};
    }
    state.fields = { ...state.fields, ...fields };
    state.updatedAt = this.now().toISOString();
    return this.view(state);
  }

  /** Just before the vault locks: the pasted token is sealed under the vault key, the clear one dropped. */
  lock(vault: Vault): void {
    const state = this.state;
    if (!state?.secret) return;
    state.sealedSecret = vault.sealTransient(SEALED_PURPOSE, state.secret);
    state.secret = null;
  }

  /** After unlock, before the draft is used: the sealed token opened again, or forgotten (and said so). */
  unseal(vault: Vault): void {
    const state = this.state;
    if (!state?.sealedSecret) return;
    const secret = vault.openTransient(SEALED_PURPOSE, state.sealedSecret);
    state.sealedSecret = null;
    if (secret !== null) {
      state.secret = secret;
      return;
    }
    Object.assign(state, { secret: null, secretPrefix: null, detectedKind: null, finding: null, facts: {}, mismatches: [], storedAs: null, notice: FORGOTTEN_AT_LOCK });
  }

  /** `vault`: to say at once when the vault already holds this token (any name, or the Trash). */
  paste(raw: string, vault?: Vault): Draft {
    const state = this.ensure();
    const check = checkPastedToken(raw, state.fields.kind);
    const holder = vault?.holderOf(check.secret, state.fields.replaces) ?? null;
    state.storedAs = holder ? { id: holder.id, name: holder.name, inTrash: holder.trashedAt !== undefined } : null;
    // Choices between GitLab's values and the user's were about the token pasted before.
    const { choices: _earlier, ...fields } = state.fields;
    state.fields = fields;
    state.notice = null;
    state.secret = check.secret;
    state.secretPrefix = check.prefix;
    state.detectedKind = check.detected;
    state.finding = null;
    state.facts = {};
    state.mismatches = check.warnings;
    state.updatedAt = this.now().toISOString();
    return this.view(state);
  }

  async verify(gitlab: GitLabPort | null): Promise<Draft> {
    const state = this.ensure();
    if (!state.secret) throw new ServiceError('NO_PASTE', 'Paste the token first.');
    if (!state.fields.instance) throw new ServiceError('NO_INSTANCE', 'Say which GitLab this token is for first.', 'instance-address');
    if (!gitlab) {
      state.finding = { ok: false, code: 'unavailable', message: 'GitLab checks are not available here; you can still store the token.', name: null, scopes: null, expiresAt: null, username: null, active: null };
      return this.view(state);
    }
    const { finding, facts } = await gitlab.inspect(state.fields.instance, state.secret);
    state.finding = finding;
    state.facts = facts;
    state.mismatches = checkPastedToken(state.secret, state.fields.kind).warnings;
    state.updatedAt = this.now().toISOString();
    return this.view(state);
  }

  /** Stores the pasted token with what GitLab said (or unverified), and the user's choice where they differ; then forgets the draft. */
  store(vault: Vault): EntryOverview {
    const state = this.ensure();
    if (!state.secret) throw new ServiceError('NO_PASTE', 'Paste the token first; there is nothing to store yet.');
    const f = state.fields;
    const verified = state.finding?.ok === true ? state.finding : null;
    const { name, expiresAt, scopes } = storedValues(f, state.finding);
    if (f.replaces) {
      const stored = this.storeReplacement(vault, f.replaces, state.secret, { expiresAt, scopes }, verified ? state.facts : null);
      this.state = null;
      return stored;
    }
    if (!name.trim()) throw new ServiceError('NO_NAME', 'Give the token a name first.');
    const entry = vault.add(
      {
        name,
        kind: f.kind ?? 'other',
        instance: f.instance ?? null,
        scopes,
        expiresAt,
        description: f.description ?? '',
        usedIn: f.usedIn ?? [],
      },
      state.secret,
      'created',
    );
    const stored = verified
      ? vault.update(entry.id, { lastVerifiedAt: this.now().toISOString(), gitlab: state.facts }, { at: this.now().toISOString(), action: 'verified', note: 'Checked with GitLab when stored.' })
      : vault.update(entry.id, {}, { at: this.now().toISOString(), action: 'edited', note: 'Stored unverified: GitLab could not confirm it.' });
    this.state = null;
    return stored;
  }

  /**
   * A replacement goes into the token it replaces, as Replace token… does: the same item, with
   * its name, history and "where used" — each place now a task, since each still holds the dead
   * token — and the earlier secret kept (old-secrets.ts).
   */
  private storeReplacement(vault: Vault, id: string, secret: string, values: { expiresAt: string | null; scopes: string[] }, facts: Partial<GitLabFacts> | null): EntryOverview {
    const old = vault.get(id);
    if (vault.readSecret(id) === secret) throw new ServiceError('SECRET_SAME', `That is the token "${old.name}" already holds; paste the new one GitLab showed you.`);
    const at = this.now();
    const gitlab = facts ?? { tokenId: null, revoked: null, active: null };
    const why = old.revoked ? 'was revoked' : 'had expired';
    return vault.replaceSecret(
      id,
      secret,
      { ...values, lastVerifiedAt: facts ? at.toISOString() : null, revoked: false, pendingRotation: null, followUp: startFollowUp(old.usedIn, at), gitlab },
      { at: at.toISOString(), action: 'rotated', note: `Replaced with a new token made on GitLab (the old one ${why})${facts ? '; checked with GitLab when stored' : '; stored unverified: GitLab could not confirm it'}.` },
    );
  }

  discard(): void {
    this.state = null;
  }

  private ensure(): DraftState {
    this.state ??= { fields: {}, secret: null, sealedSecret: null, notice: null, secretPrefix: null, detectedKind: null, finding: null, facts: {}, mismatches: [], storedAs: null, updatedAt: this.now().toISOString() };
    return this.state;
  }

  private view(s: DraftState): Draft {
    return {
      fields: s.fields,
      hasSecret: s.secret !== null || s.sealedSecret !== null,
      notice: s.notice,
      secretPrefix: s.secretPrefix,
      detectedKind: s.detectedKind,
      finding: s.finding,
      mismatches: s.mismatches,
      storedAs: s.storedAs,
      differences: differencesOf(s.fields, s.finding),
      updatedAt: s.updatedAt,
    };
  }
}
