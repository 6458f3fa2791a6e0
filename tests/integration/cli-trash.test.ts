// Issue 24 items 11 and 12 on the command line: rm moves to the Trash and `trash` lists, restores
// and deletes for good; `add` refuses a secret the vault already holds under another name; an
// earlier secret can be listed and put back. Vaults are prepared through the Vault API (one
// Argon2 run each) so only the commands under test are spawned.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { tempDir } from '../helpers/vault-fixture';
import { runCli } from '../helpers/run-cli';

const PW = 'cli trash password';
const SLOW = 400_000;

async function vaultWith(fill: (v: Vault) => void): Promise<string> {
  const file = path.join(tempDir('tv-cli-trash-'), 'v.tokenvault');
  const v = await Vault.create(file, PW, { kdf: TEST_KDF });
  fill(v);
  v.close();
  return file;
}

describe('tokenvault trash', () => {
  it('rm moves to the Trash: trash list names it and its purge day; restore brings it back; trash rm deletes it for good after a backup', async () => {
    const vault = await vaultWith((v) => v.add({ name: 'ci-token' }, 'glpat-cli-trash-00000000000'));
    expect(runCli(['--vault', vault, 'rm', 'ci-token'], `${PW}\n`).status).toBe(0);
    const listed = runCli(['--vault', vault, 'trash', 'list', '--json'], `${PW}\n`);
    const trash = JSON.parse(listed.stdout) as { name: string; trashedAt: string; purgeOn: string }[];
    expect(trash).toEqual([expect.objectContaining({ name: 'ci-token' })]);
    const purge = Date.parse(`${trash[0]!.purgeOn}T00:00:00Z`) - Date.parse(trash[0]!.trashedAt);
    // The purge day is the calendar day 30 days on: its midnight lies within the last day before that instant
    // (rounding failed every afternoon, UTC).
    expect(purge / 86_400_000).toBeGreaterThan(29);
    expect(purge / 86_400_000).toBeLessThanOrEqual(30);
    expect(listed.stdout).not.toContain('glpat-cli-trash');
    expect(runCli(['--vault', vault, 'trash', 'restore', 'ci-token'], `${PW}\n`)).toMatchObject({ status: 0, stdout: 'Restored "ci-token".\n' });
    expect(runCli(['--vault', vault, 'copy', 'ci-token', '--stdout'], `${PW}\n`)).toMatchObject({ status: 0, stdout: 'glpat-cli-trash-00000000000\n' });
    runCli(['--vault', vault, 'rm', 'ci-token'], `${PW}\n`);
    expect(runCli(['--vault', vault, 'copy', 'ci-token', '--stdout'], `${PW}\n`).status).toBe(1);
    expect(runCli(['--vault', vault, 'trash', 'rm', 'ci-token'], `${PW}\n`)).toMatchObject({ status: 0, stdout: 'Deleted "ci-token" for good.\n' });
    expect(runCli(['--vault', vault, 'trash', 'list'], `${PW}\n`).stdout).toBe('The Trash is empty.\n');
    expect((fs.readdirSync(path.dirname(vault), { recursive: true }) as string[]).some((f) => f.endsWith('before-rm.tvbak'))).toBe(true);
  }, SLOW);

  it('add refuses a secret already stored, also after a rename, naming the token and never the secret', async () => {
    const vault = await vaultWith((v) => {
      const e = v.add({ name: 'deploy' }, 'glpat-dup-cli-000000000000');
      v.update(e.id, { name: 'ci-deploy-api' });
    });
    const again = runCli(['--vault', vault, 'add', 'something-new'], `${PW}\nglpat-dup-cli-000000000000\n`);
    expect(again).toMatchObject({ status: 1, stdout: '', stderr: 'tokenvault: That token is already stored as "ci-deploy-api"; nothing was stored.\n' });
  }, SLOW);

  it('old-secrets lists what a token held before (no secret shown) and puts one back', async () => {
    const vault = await vaultWith((v) => {
      const e = v.add({ name: 'bot', expiresAt: '2026-01-10' }, 'glpat-first-cli-0000000000');
      v.replaceSecret(e.id, 'glpat-second-cli-000000000', { expiresAt: '2027-01-10' }, { at: new Date().toISOString(), action: 'rotated' });
    });
    const listed = runCli(['--vault', vault, 'old-secrets', 'list', 'bot', '--json'], `${PW}\n`);
    const kept = JSON.parse(listed.stdout) as { id: string; expiresAt: string }[];
    expect(kept).toEqual([expect.objectContaining({ expiresAt: '2026-01-10' })]);
    expect(listed.stdout).not.toContain('glpat-');
    const back = runCli(['--vault', vault, 'old-secrets', 'restore', 'bot', kept[0]!.id.slice(0, 8)], `${PW}\n`);
    expect(back.status, back.stderr).toBe(0);
    expect(runCli(['--vault', vault, 'copy', 'bot', '--stdout'], `${PW}\n`).stdout).toBe('glpat-first-cli-0000000000\n');
  }, SLOW);
});

describe('tokenvault trash rm on a synced vault', () => {
  it('says the sync place still holds the secret and to revoke or rotate it; an unsynced vault is not told so', async () => {
    const { FolderPlace } = await import('../../electron/sync/place');
    const { setupSync } = await import('../../electron/sync/setup');
    const { syncNow } = await import('../../electron/sync/engine');
    const dir = tempDir('tv-cli-trash-sync-');
    const folder = path.join(dir, 'Sync');
    fs.mkdirSync(folder);
    const vault = path.join(dir, 'v.tokenvault');
    const v = await Vault.create(vault, PW, { kdf: TEST_KDF });
    v.add({ name: 'synced-token' }, 'glpat-synced-purge-000000');
    v.add({ name: 'second' }, 'glpat-synced-purge-000001');
    const place = new FolderPlace(folder);
    await setupSync(v, PW, place, { kind: 'folder', where: folder }, 'laptop');
    await syncNow(v, place);
    v.trash(v.find('synced-token').id);
    v.trash(v.find('second').id);
    v.close();
    const one = runCli(['--vault', vault, 'trash', 'rm', 'synced-token'], `${PW}\n`);
    expect(one).toMatchObject({ status: 0, stdout: 'Deleted "synced-token" for good.\n' });
    expect(one.stderr).toMatch(/sync place .* still holds this token's secret/);
    expect(one.stderr).toMatch(/revoke or rotate it on GitLab/);
    const all = runCli(['--vault', vault, 'trash', 'empty'], `${PW}\n`);
    expect(all.stderr).toMatch(/still holds this token's secret/);

    const plain = await vaultWith((p) => p.trash(p.add({ name: 'local-only' }, 'glpat-local-purge-0000000').id));
    const local = runCli(['--vault', plain, 'trash', 'rm', 'local-only'], `${PW}\n`);
    expect(local.status).toBe(0);
    expect(local.stderr).not.toMatch(/sync place/);
  }, SLOW);
});
