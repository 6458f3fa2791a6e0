// The VaultAccess over the vault opened in this process with the master password (access.ts
// has the interface and the agent's side). Its own file, apart from the agent's side: the
// commands the entry's fast path runs (fast-agent.ts) import access.ts, and what this file
// loads on demand (backups, types.ts with zod) must not be bundled into that path
// (cli-startup-graph.test.ts); the full CLI reaches it through its context (vault-side.ts).
import type { Vault } from '../vault/vault';
import type { VaultAccess } from './access';

export function directAccess(vault: Vault): VaultAccess {
  return {
    via: 'cli',
    list: async () => vault.list(),
    find: async (ref) => vault.find(ref),
    add: async (input, secret) => vault.add(input, secret.trim()),
    remove: async (entry) => {
      vault.trash(entry.id);
    },
    trashList: async () => vault.listTrash(),
    trashRestore: async (entry) => vault.restoreFromTrash(entry.id),
    trashPurge: async (entry) => {
      if (entry === null && !vault.listTrash().length) return 0;
      // An unavailable backup folder costs the backup, never the deletion.
      const { backupBefore, tryBackup } = await import('../vault/backups');
      await tryBackup(() => backupBefore(vault, 'rm'));
      if (entry === null) return vault.emptyTrash();
      vault.remove(entry.id);
      return 1;
    },
    syncs: async () => vault.readSyncState() !== null,
    oldSecrets: async (entry) => vault.oldSecrets(entry.id),
    restoreOldSecret: async (entry, oldId) => vault.restoreOldSecret(entry.id, oldId),
    release: async (ref, purpose, command) => {
      const entry = vault.find(ref);
      const secret = vault.readSecret(entry.id);
      vault.logRelease({ at: new Date().toISOString(), entryId: entry.id, entryName: entry.name, purpose, command: command.slice(0, 500), peerPid: process.pid, peerExe: process.execPath, via: 'cli' });
      return { id: entry.id, name: entry.name, secret };
    },
    update: async (entry, patch) => {
      // types.ts carries zod: loaded only by a command that opened the vault itself (cli-startup-graph.test.ts).
      const { normaliseInstance } = await import('../vault/types');
      const moved = patch.instance !== undefined && (patch.instance === null ? null : normaliseInstance(patch.instance)) !== entry.instance;
      return vault.update(entry.id, moved ? { ...patch, lastVerifiedAt: null } : patch, { at: new Date().toISOString(), action: 'edited' });
    },
    replaceSecret: async (entry, secret) => {
      const { startFollowUp } = await import('../vault/types');
      // As the app's Replace token…: unverified until GitLab confirms it; every "where used" place becomes a task.
      const at = new Date();
      const patch = { lastVerifiedAt: null, revoked: false, pendingRotation: null, followUp: startFollowUp(entry.usedIn, at), gitlab: { revoked: null, active: null } };
      return vault.replaceSecret(entry.id, secret.trim(), patch, { at: at.toISOString(), action: 'edited', note: 'Token replaced with a new one given on the command line.' });
    },
    settings: async () => vault.getSettings(),
    updateSettings: async (patch) => vault.updateSettings(patch),
    releases: async (limit) => vault.releases(limit),
  };
}
