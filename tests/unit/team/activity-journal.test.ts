// The vault writes a team copy's activity journal itself, in the transaction of each act, so no
// front end can copy, change or delete a team token without it: every kind of act lands as its
// record; a release another device made (merged by sync) is not this person's; a personal vault
// keeps no journal; an act refused writes no record; no record holds a secret.
import { afterEach, describe, expect, it } from 'vitest';
import { startJournal, readJournal } from '../../../electron/team/audit-log';
import type { ReleaseRecord } from '../../../electron/vault/release-log';
import type { Vault } from '../../../electron/vault/vault';
import { newVault } from '../../helpers/vault-fixture';

let vault: Vault | undefined;
afterEach(() => vault?.close());

const release = (v: Vault, id: string, purpose: ReleaseRecord['purpose'], command: string): ReleaseRecord => ({ at: new Date().toISOString(), entryId: id, entryName: v.get(id).name, purpose, command, peerPid: 1, peerExe: null, via: 'cli' });
const acts = (v: Vault) => readJournal(v)!.pending.map((r) => [r.n, r.action, r.entryName, r.detail]);

describe('the activity journal', () => {
  it('records every act on a team token, in order, numbered without gaps, never the secret', async () => {
    vault = await newVault();
    startJournal(vault);
    const a = vault.add({ name: 'deploy-bot', kind: 'project' }, 'glpat-secret-aaaaaaaaaaaa');
    vault.addMany([{ input: { name: 'imported-one' }, secret: 'glpat-secret-bbbbbbbbbbbb' }]);
    vault.update(a.id, { description: 'CI', scopes: ['api'] });
    vault.update(a.id, { description: 'CI' }); // changes nothing: no record
    vault.replaceSecret(a.id, 'glpat-secret-cccccccccccc', {}, { at: new Date().toISOString(), action: 'rotated' });
    vault.replaceSecret(a.id, 'glpat-secret-dddddddddddd', {}, { at: new Date().toISOString(), action: 'edited' });
    vault.update(a.id, { revoked: true }, { at: new Date().toISOString(), action: 'revoked' });
    vault.update(a.id, { lastVerifiedAt: new Date().toISOString() }, { at: new Date().toISOString(), action: 'verified' });
    vault.logRelease(release(vault, a.id, 'copy', 'tokenvault copy (clipboard)'));
    vault.logRelease(release(vault, a.id, 'show', 'tokenvault copy --stdout'));
    vault.logRelease(release(vault, a.id, 'run', 'tokenvault run /usr/bin/glab mr list --token glpat-typed-by-hand'));
    vault.logRelease(release(vault, a.id, 'git', 'git credential for https://gitlab.example/acme/app (git push origin)'));
    vault.logRelease(release(vault, a.id, 'copy', 'copy on another device'), 'merged');
    vault.trash(a.id);
    vault.restoreFromTrash(a.id);
    vault.remove(vault.find('imported-one').id);
    expect(acts(vault)).toEqual([
      [1, 'added', 'deploy-bot', null],
      [2, 'imported', 'imported-one', null],
      [3, 'changed', 'deploy-bot', 'description, scopes'],
      [4, 'rotated', 'deploy-bot', null],
      [5, 'secret-replaced', 'deploy-bot', null],
      [6, 'revoked', 'deploy-bot', null],
      [7, 'copied', 'deploy-bot', 'to the clipboard'],
      [8, 'shown', 'deploy-bot', 'to standard output'],
      [9, 'run', 'deploy-bot', 'glab'],
      [10, 'git', 'deploy-bot', 'git credential for https://gitlab.example/acme/app'],
      [11, 'trashed', 'deploy-bot', null],
      [12, 'restored', 'deploy-bot', null],
      [13, 'deleted', 'imported-one', null],
    ]);
    expect(JSON.stringify(readJournal(vault))).not.toMatch(/glpat-(secret|typed)/);
  });

  it('an act that is refused writes no record: the journal and the act share one transaction', async () => {
    vault = await newVault();
    startJournal(vault);
    vault.add({ name: 'deploy-bot' }, 'glpat-secret-aaaaaaaaaaaa');
    expect(() => vault!.add({ name: 'deploy-bot' }, 'glpat-secret-bbbbbbbbbbbb')).toThrow();
    expect(() => vault!.update(vault!.add({ name: 'other' }, 'glpat-secret-cccccccccccc').id, { name: 'deploy-bot' })).toThrow();
    expect(acts(vault).map(([, action, name]) => `${action} ${name}`)).toEqual(['added deploy-bot', 'added other']);
  });

  it('a personal vault keeps no journal at all', async () => {
    vault = await newVault();
    const a = vault.add({ name: 'mine' }, 'glpat-secret-aaaaaaaaaaaa');
    vault.logRelease(release(vault, a.id, 'copy', 'tokenvault copy (clipboard)'));
    expect(vault.readPrivate('team_journal')).toBeNull();
  });
});
