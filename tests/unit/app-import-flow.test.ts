import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSV_FORMAT, freeName, ImportFlow, IMPORT_FORMATS, MAX_IMPORT_BYTES, type ImportFormat } from '../../electron/app/import-flow';
import { createServices } from '../../electron/services';
import { listBackups } from '../../electron/vault/backups';
import { TEST_KDF } from '../../electron/vault/kdf';
import type { Vault } from '../../electron/vault/vault';
import { newVault, tempDir } from '../helpers/vault-fixture';

const HEADER = '"Group","Title","Username","Password","URL","Notes"\n';

describe('ImportFlow', () => {
  let dir: string;
  let vault: Vault;
  beforeEach(async () => {
    dir = tempDir();
    vault = await newVault(dir);
    vault.add({ name: 'Taken' }, 'glpat-taken');
  });
  afterEach(() => {
    vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('previews counts, clashes (case-insensitive) and refused rows with reasons, holding no secret in the preview', async () => {
    const flow = new ImportFlow(IMPORT_FORMATS);
    const file = write('x.csv', `${HEADER}"g","taken","","glpat-a","",""\n"g","new","","glpat-b","",""\n"g","empty","","","",""\n`);
    const preview = await flow.open(file, vault);
    expect(preview).toEqual({
      fileName: 'x.csv', format: 'csv', needsPassword: false, total: 3, ready: 1,
      clashes: [{ row: 2, name: 'taken' }],
      refused: [{ row: 4, name: 'empty', reason: 'Row 4 ("empty") has no password' }],
      unlisted: 0,
      rows: [{ row: 2, name: 'taken', gitlab: true, clash: true }, { row: 3, name: 'new', gitlab: true, clash: false }],
    });
    expect(JSON.stringify(preview)).not.toContain('glpat-');
  });

  it('skips clashes, or stores them as "name (imported)", in one transaction after a backup', async () => {
    const flow = new ImportFlow(IMPORT_FORMATS);
    const file = write('x.csv', `${HEADER}"g","taken","","glpat-a","",""\n"g","new","","glpat-b","",""\n`);
    await flow.open(file, vault);
    expect(await flow.commit(vault, 'rename')).toMatchObject({ imported: 2, renamed: 1, skipped: 0 });
    expect(vault.readSecret(vault.find('taken (imported)').id)).toBe('glpat-a');
    expect(listBackups(vault).map((b) => b.reason)).toContain('before-import');
    // The flow forgets the file once it is imported.
    await expect(flow.commit(vault, 'skip')).rejects.toMatchObject({ code: 'IMPORT_NONE' });
  });

  it('names a renamed clash after the names already taken', () => {
    expect(freeName('ci', new Set(['ci', 'ci (imported)']))).toBe('ci (imported 2)');
  });

  it('refuses a file that is too big, missing or of an unknown kind, in one sentence', async () => {
    const flow = new ImportFlow(IMPORT_FORMATS);
    await expect(flow.open(join(dir, 'gone.csv'), vault)).rejects.toMatchObject({ code: 'IMPORT_UNREADABLE' });
    // A folder, a KeePassXC XML export and a 1Password export say what they are and what to do.
    await expect(flow.open(dir, vault)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('is a folder; choose the export file inside it') });
    await expect(flow.open(write('export.xml', '<?xml version="1.0"?>\n<KeePassFile><Meta/></KeePassFile>'), vault)).rejects.toMatchObject({ message: expect.stringContaining('is a KeePassXC XML export, which holds every password in clear text') });
    await expect(flow.open(write('team.1pux', 'PK\u0003\u0004 export.data'), vault)).rejects.toMatchObject({ message: expect.stringContaining('is a 1Password export (.1pux)') });
    await expect(flow.open(write('x.pdf', '%PDF'), vault)).rejects.toMatchObject({ code: 'IMPORT_FORMAT' });
    const big = join(dir, 'big.csv');
    writeFileSync(big, Buffer.alloc(MAX_IMPORT_BYTES + 1));
    await expect(flow.open(big, vault)).rejects.toMatchObject({ code: 'IMPORT_TOO_BIG' });
    expect(vault.list()).toHaveLength(1);
  });

  it('a locked format (like a KeePassXC database) asks for the file password first and reads only with it', async () => {
    const locked: ImportFormat = {
      ...CSV_FORMAT,
      id: 'kdbx',
      accepts: (name) => name.endsWith('.kdbx'),
      needsPassword: true,
      read: async (bytes, name, password) => {
        if (password !== 'file-pw') throw Object.assign(new Error('The database password is wrong.'), { name: 'ServiceError', code: 'WRONG_PASSWORD' });
        return CSV_FORMAT.read(bytes, name);
      },
    };
    const flow = new ImportFlow([locked, ...IMPORT_FORMATS]);
    const file = write('db.kdbx', `${HEADER}"g","new","","glpat-b","",""\n`);
    expect(await flow.open(file, vault)).toMatchObject({ format: 'kdbx', needsPassword: true, total: 0 });
    await expect(flow.commit(vault, 'skip')).rejects.toMatchObject({ code: 'IMPORT_LOCKED' });
    await expect(flow.unlockFile('wrong', vault)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(await flow.unlockFile('file-pw', vault)).toMatchObject({ needsPassword: false, total: 1, ready: 1 });
  });
});

describe('import through the services', () => {
  it('a lock drops the half-done import (it holds secrets)', async () => {
    const dir = tempDir();
    const file = join(dir, 'x.csv');
    writeFileSync(file, `${HEADER}"g","new","","glpat-b","",""\n`);
    const services = createServices({
      vaultPath: join(dir, 'v.db'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined,
      emit: () => undefined, gitlab: null, kdf: TEST_KDF,
      dialogs: { openFile: async () => file, saveFile: async () => null, chooseFolder: async () => null },
    });
    await services.api.vaultCreate({ password: 'pw' });
    expect(await services.api.importChooseFile({})).toMatchObject({ ready: 1 });
    await services.lock('idle');
    await services.api.vaultUnlock({ password: 'pw' });
    await expect(Promise.resolve().then(() => services.api.importCommit({ clashes: 'skip' }))).rejects.toMatchObject({ code: 'IMPORT_NONE' });
    await services.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without dialogs (headless) picking a file is refused plainly', async () => {
    const dir = tempDir();
    const services = createServices({
      vaultPath: join(dir, 'v.db'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined,
      emit: () => undefined, gitlab: null, kdf: TEST_KDF,
    });
    await services.api.vaultCreate({ password: 'pw' });
    await expect(Promise.resolve().then(() => services.api.importChooseFile({}))).rejects.toMatchObject({ code: 'NO_DIALOGS' });
    await services.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });
});
