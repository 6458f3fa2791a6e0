// The import's dry run says what the import would say (an invalid GitLab address refused with the
// same sentence and exit code), and a bulk import keeps `add`'s promise that one token is stored
// once: a secret the vault already holds, or that an earlier row of the same file holds, is
// refused (CLI: the whole import, nothing written; the app: that row, with the reason).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { runCli } from '../helpers/run-cli';
import { fileBytes, tempDir } from '../helpers/vault-fixture';

const PW = 'vault master password';
const STORED = 'glpat-AlreadyStoredSecret0001';
const dir = tempDir('tv-import-dup-');
let vault = '';

const write = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
};

beforeAll(() => {
  vault = path.join(dir, 'v.tokenvault');
  expect(runCli(['--vault', vault, 'init', '--decryption-time', '100'], `${PW}\n${PW}\n`).status).toBe(0);
  expect(runCli(['--vault', vault, 'add', 'kept'], `${PW}\n${STORED}\n`).status).toBe(0);
}, 150_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('import --dry-run of a file with an invalid GitLab address', () => {
  it('is refused exactly as the import is: same exit code, same sentence, nothing written', () => {
    const file = write('bad-address.json', { entries: [{ name: 'fine', secret: 'glpat-FineSecret000000000001' }, { name: 'bad', secret: 'glpat-BadAddressSecret0000001', instance: 'gitlab example com' }] });
    const before = fileBytes(vault);
    const real = runCli(['--vault', vault, 'import', file], `${PW}\n`);
    const dry = runCli(['--vault', vault, 'import', file, '--dry-run'], `${PW}\n`);
    expect(real.status).toBe(2);
    expect(real.stderr).toMatch(/is not a GitLab address/);
    expect(dry.status).toBe(real.status);
    expect(dry.stderr).toBe(real.stderr);
    expect(dry.stdout).not.toContain('Dry run: nothing was imported');
    expect(fileBytes(vault).equals(before)).toBe(true);
  });
});

describe('import of a secret the vault already holds (hostile: the same token under another name)', () => {
  it('CSV: refused whole, naming the row and the token holding it, nothing written; the dry run says the same', () => {
    const file = path.join(dir, 'dup.csv');
    fs.writeFileSync(file, `"Group","Title","Username","Password","URL","Notes"\n"g","new-one","","glpat-BrandNewSecret00000001","",""\n"g","sneaky-copy","","${STORED}","",""\n`);
    const before = fileBytes(vault);
    for (const extra of [[], ['--dry-run']]) {
      const result = runCli(['--vault', vault, 'import', file, ...extra], `${PW}\n`);
      expect(result.status, extra.join(' ')).toBe(1);
      expect(result.stderr).toContain('"sneaky-copy": That token is already stored as "kept"; nothing was stored.');
      expect(`${result.stdout}${result.stderr}`).not.toContain(STORED.slice(6));
    }
    expect(fileBytes(vault).equals(before)).toBe(true);
    const list = runCli(['--vault', vault, 'list', '--json'], `${PW}\n`);
    expect(list.stdout).not.toContain('new-one');
  });

  it('JSON: two rows holding one token are refused as one token stored twice', () => {
    const twice = 'glpat-TwiceInOneFile000000001';
    const file = write('twice.json', { entries: [{ name: 'first', secret: twice }, { name: 'second', secret: twice }] });
    const before = fileBytes(vault);
    const result = runCli(['--vault', vault, 'import', file], `${PW}\n`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('"second" holds the same token as "first" before it; nothing was stored.');
    expect(fileBytes(vault).equals(before)).toBe(true);
  });
});

describe("the window's import of the same kind of file", () => {
  it('refuses the rows whose token is already stored or repeated, and stores the others once', async () => {
    const home = tempDir('tv-import-dup-app-');
    const file = write('app.json', {
      entries: [
        { name: 'a', secret: 'glpat-AppRowSecretA000000001' },
        { name: 'copy-of-stored', secret: 'glpat-AppStoredSecret0000001' },
        { name: 'b', secret: 'glpat-AppRowSecretA000000001' },
      ],
    });
    const services = createServices({
      vaultPath: path.join(home, 'v.db'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined,
      emit: () => undefined, gitlab: null, kdf: TEST_KDF,
      dialogs: { openFile: async () => file, saveFile: async () => null, chooseFolder: async () => null },
    });
    try {
      await services.api.vaultCreate({ password: 'pw' });
      await services.api.tokensAdd({ entry: { name: 'stored' }, secret: 'glpat-AppStoredSecret0000001' });
      const preview = await services.api.importChooseFile({});
      expect(preview).toMatchObject({ ready: 1 });
      const refused = (preview as { refused: { row: number; name: string; reason: string }[] }).refused;
      expect(refused.map((r) => r.name).sort()).toEqual(['b', 'copy-of-stored']);
      expect(refused.find((r) => r.name === 'copy-of-stored')!.reason).toContain('already stored as "stored"');
      expect(refused.find((r) => r.name === 'b')!.reason).toMatch(/^The same token as row \d+ of this file/);
      await services.api.importCommit({ clashes: 'skip' });
      const names = (await services.api.tokensList({})).map((e) => e.name).sort();
      expect(names).toEqual(['a', 'stored']);
    } finally {
      await services.shutdown();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
