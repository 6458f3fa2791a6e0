// The app's import of a KeePass database, through the services the renderer calls: the file and
// its key file are picked in native dialogs and read on the main side; the renderer's answers
// carry names, counts and sentences, never a secret, the key file or the file's bytes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { kdbxFromXml, keepassXml } from '../helpers/kdbx-fixture';
import { tempDir } from '../helpers/vault-fixture';

const VAULT_PW = 'app vault password';
const DBPW = 'app keepass password';
const dir = tempDir('tv-app-kdbx-');
let plain = '';
let keyed = '';
const keyFile = path.join(dir, 'db.keyx');

beforeAll(() => {
  const entries = [
    { title: 'ci', group: ['GitLab'], password: 'glpat-appSecret123', url: 'https://gitlab.com', expires: '2027-05-01T00:00:00Z', history: ['glpat-old'] },
    { title: 'taken', password: 'glpat-clash', url: 'https://gitlab.com' },
    { title: 'no-secret', url: 'https://gitlab.com' },
    { title: 'bank', password: 'hunter2' },
  ];
  plain = kdbxFromXml(path.join(dir, 'plain.kdbx'), keepassXml(entries), DBPW);
  keyed = kdbxFromXml(path.join(dir, 'keyed.kdbx'), keepassXml([{ title: 'keyed', password: 'glpat-keyed' }]), '', keyFile);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function appWith(picks: string[]) {
  const services = createServices({
    vaultPath: path.join(tempDir('tv-app-kdbx-vault-'), 'v.tokenvault'),
    clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false },
    openExternal: () => undefined, emit: () => undefined, gitlab: null, kdf: TEST_KDF,
    dialogs: { openFile: async () => picks.shift() ?? null, saveFile: async () => null, chooseFolder: async () => null },
  });
  await services.api.vaultCreate({ password: VAULT_PW });
  return services;
}

// Each opening starts a worker thread (from the sources: through tsx), several per test.
describe('importing a .kdbx in the app', { timeout: 240_000 }, () => {
  it('asks the database password, previews in sentences, and stores the GitLab tokens', async () => {
    const services = await appWith([plain]);
    const { api } = services;
    await api.tokensAdd({ entry: { name: 'taken' }, secret: 'glpat-mine' });
    const locked = await api.importChooseFile({});
    expect(locked).toMatchObject({ fileName: 'plain.kdbx', format: 'kdbx', needsPassword: true });
    await expect(api.importUnlockFile({ password: 'wrong' })).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    const preview = await api.importUnlockFile({ password: DBPW });
    expect(preview).toMatchObject({ needsPassword: false, total: 4, ready: 2, clashes: [expect.objectContaining({ name: 'taken' })], refused: [{ row: 4, name: 'no-secret', reason: 'no password' }] });
    expect(preview.notes).toEqual(expect.arrayContaining([
      expect.stringContaining('1 other left out (ticking them in the table takes them too)'),
      expect.stringContaining('History is not imported: 1 older version'),
    ]));
    expect(JSON.stringify(preview)).not.toMatch(/glpat-appSecret|glpat-clash|glpat-old|hunter2/);
    // Every entry is in the table; the bank login unticked with why, and ticked here by the user.
    expect(preview.rows).toHaveLength(3);
    expect(preview.rows).toEqual(expect.arrayContaining([
      { row: expect.any(Number), name: 'ci', gitlab: true, clash: false },
      { row: expect.any(Number), name: 'taken', gitlab: true, clash: true },
      { row: expect.any(Number), name: 'bank', gitlab: false, clash: false, why: expect.stringContaining('not a GitLab token') },
    ]));
    expect(await api.importCommit({ clashes: 'skip', rows: preview.rows.filter((r) => !r.clash).map((r) => r.row) })).toMatchObject({ imported: 2, skipped: 2, backedUp: true });
    const stored = await api.tokensList({});
    expect(stored.map((e) => e.name).sort()).toEqual(['bank', 'ci', 'taken']);
    expect(stored.find((e) => e.name === 'ci')).toMatchObject({ expiresAt: '2027-05-01', instance: 'https://gitlab.com' });
    await services.shutdown();
  });

  it('opens a database with its key file alone; the renderer learns only the key file name', async () => {
    const services = await appWith([keyed, keyFile]);
    const { api } = services;
    expect(await api.importChooseFile({})).toMatchObject({ needsPassword: true });
    // An empty password is tried as KeePassXC's "empty password": without the key file it is wrong.
    await expect(api.importUnlockFile({ password: '' })).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(await api.importChooseKeyFile({})).toEqual({ fileName: 'db.keyx' });
    const preview = await api.importUnlockFile({ password: '' });
    expect(preview).toMatchObject({ keyFileName: 'db.keyx', ready: 1 });
    expect(JSON.stringify(preview)).not.toContain(fs.readFileSync(keyFile, 'utf8').slice(0, 40));
    expect(await api.importCommit({ clashes: 'skip' })).toMatchObject({ imported: 1 });
    await services.shutdown();
  });
});
