// What the everyday commands need from a vault, from whoever holds it: the agent (the app or
// the headless agent, unlocked: no password, and writes go through the one process that
// holds the vault) or, when no agent can help, the vault file opened here with the password
// (direct-access.ts, apart: the agent's fast path bundles this file and must stay small).
import type { ApiResult } from '../api';
import type { AgentClient } from '../agent/client';
import { VaultError, type VaultErrorCode } from '../vault/errors';
import type { ReleaseRecord } from '../vault/release-log';
import type { OldSecretInfo } from '../vault/old-secrets';
import type { EntryOverview, EntryPatch, NewEntry, VaultSettings } from '../vault/types';
import { CliError, EXIT } from './context';

export type ReleasePurpose = 'copy' | 'run' | 'show';

export interface VaultAccess {
  via: 'agent' | 'cli';
  list(): Promise<EntryOverview[]>;
  find(ref: string): Promise<EntryOverview>;
  add(input: NewEntry, secret: string): Promise<EntryOverview>;
  /** Moves it to the Trash (TRASH_DAYS, then purged). */
  remove(entry: EntryOverview): Promise<void>;
  /** The Trash, most recently deleted first. */
  trashList(): Promise<EntryOverview[]>;
  trashRestore(entry: EntryOverview): Promise<EntryOverview>;
  /** Deletes for good: one token of the Trash, or (null) all of it; a backup is made first when automatic backups are on. */
  trashPurge(entry: EntryOverview | null): Promise<number>;
  /** Whether this vault syncs: its replicas (and a git remote's history) keep what it synced. */
  syncs(): Promise<boolean>;
  /** Earlier secrets of a token (never the secrets), newest first. */
  oldSecrets(entry: EntryOverview): Promise<OldSecretInfo[]>;
  restoreOldSecret(entry: EntryOverview, oldId: string): Promise<EntryOverview>;
  /** A secret for another program, logged in the vault. */
  release(ref: string, purpose: ReleasePurpose, command: string): Promise<{ id: string; name: string; secret: string }>;
  /** The app's Edit: metadata only (a new address clears "verified", as in the app). */
  update(entry: EntryOverview, patch: EntryPatch): Promise<EntryOverview>;
  /** Replace token…: a new secret for the same entry. */
  replaceSecret(entry: EntryOverview, secret: string): Promise<EntryOverview>;
  settings(): Promise<VaultSettings>;
  updateSettings(patch: Partial<VaultSettings>): Promise<VaultSettings>;
  releases(limit: number): Promise<ReleaseRecord[]>;
}

export const VAULT_CODES = new Set<string>(['WRONG_PASSWORD', 'DAMAGED', 'NOT_A_VAULT', 'NO_VAULT', 'LOCKED', 'NOT_FOUND', 'NAME_TAKEN', 'ALREADY_STORED', 'BUSY', 'INVALID_INPUT', 'IO']);

/** The agent will not do this for a program on its socket (agent/socket-acts.ts): the master password must. */
export class AgentNeedsPassword extends CliError {
  constructor(message: string) {
    super(EXIT.usage, message);
  }
}

/** The agent's {code, message} as the error the CLI would have raised itself, so exit statuses agree. */
export function fromAgent<T>(result: ApiResult<T>): T {
  if (result.ok) return result.value;
  const { code, message } = result.error;
  if (code === 'NEEDS_PASSWORD') throw new AgentNeedsPassword(message);
  if (VAULT_CODES.has(code)) throw new VaultError(code as VaultErrorCode, message);
  if (code === 'INVALID_ARGS') throw new CliError(EXIT.usage, message);
  throw new CliError(EXIT.failed, message);
}

export function agentAccess(agent: AgentClient): VaultAccess {
  return {
    via: 'agent',
    list: async () => fromAgent(await agent.call('tokensList', {})),
    find: async (ref) => fromAgent(await agent.call('agentFind', { ref })),
    add: async (input, secret) => fromAgent(await agent.call('tokensAdd', { entry: input as never, secret })),
    remove: async (entry) => {
      fromAgent(await agent.call('tokensRemove', { id: entry.id }));
    },
    trashList: async () => fromAgent(await agent.call('trashList', {})).entries,
    trashRestore: async (entry) => fromAgent(await agent.call('trashRestore', { id: entry.id })),
    trashPurge: async (entry) => {
      if (entry === null) return fromAgent(await agent.call('trashEmpty', {})).deleted;
      fromAgent(await agent.call('trashDeleteNow', { id: entry.id }));
      return 1;
    },
    syncs: async () => fromAgent(await agent.call('syncStatus', {})).state !== 'off',
    oldSecrets: async (entry) => fromAgent(await agent.call('tokensOldSecrets', { id: entry.id })),
    restoreOldSecret: async (entry, oldId) => fromAgent(await agent.call('tokensRestoreOldSecret', { id: entry.id, oldId })),
    release: async (ref, purpose, command) => fromAgent(await agent.call('agentRelease', { ref, purpose, command })),
    update: async (entry, patch) => fromAgent(await agent.call('tokensUpdate', { id: entry.id, patch: patch as never })),
    replaceSecret: async (entry, secret) => fromAgent(await agent.call('tokensReplaceSecret', { id: entry.id, secret })),
    settings: async () => fromAgent(await agent.call('settingsGet', {})),
    updateSettings: async (patch) => fromAgent(await agent.call('settingsUpdate', { patch })),
    releases: async (limit) => fromAgent(await agent.call('agentReleases', { limit })).rows,
  };
}

/**
 * Does `act` through `access`; when the agent answers that this act needs the master password,
 * says why (a warning line) and does it again with the vault opened here — which asks for the
 * password on a terminal, and with --no-password refuses, saying so (exit 2).
 */
export async function orWithPassword<T>(ctx: { warn(text: string): void; openDirect(): Promise<VaultAccess> }, access: VaultAccess, act: (access: VaultAccess) => Promise<T>): Promise<T> {
  try {
    return await act(access);
  } catch (error) {
    if (!(error instanceof AgentNeedsPassword)) throw error;
    ctx.warn(error.message);
    return act(await ctx.openDirect());
  }
}
