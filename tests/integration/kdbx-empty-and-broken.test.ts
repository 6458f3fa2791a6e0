// KeePass databases without a password import; broken ones and files that are not an import
// get the exit code and a sentence that says what they are and what to do. Databases are made
// by keepassxc-cli itself where it can (an "empty password" database) and by kdbxweb where it
// cannot (a password key of "" in KDBX 4, as kdbxweb's EmptyPass*.kdbx).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vaultCopies } from '../helpers/cli-vault';
import { emptyKdbx, emptyPasswordKdbx, kdbxFromXml, keepassXml } from '../helpers/kdbx-fixture';
import { runCli } from '../helpers/run-cli';
import { fileBytes, tempDir } from '../helpers/vault-fixture';

const PW = 'vault master password';
const dir = tempDir('tv-kdbx-empty-');
const file = (name: string) => path.join(dir, name);

let vault = '';
// One init for the file; each vault here is a copy of it (no test here is about init or vault ids).
const freshVault = vaultCopies(PW, 'tv-kdbx-empty-vault-');
const secretOf = (v: string, name: string) => runCli(['--vault', v, 'copy', name, '--stdout'], `${PW}\n`).stdout.trim();

beforeAll(() => {
  vault = freshVault();
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('databases without a password', () => {
  it("KeePassXC's empty-password database (keepassxc-cli opens it with an empty password): --no-db-password, or an empty answer", () => {
    const db = emptyPasswordKdbx(file('empty.kdbx'), [{ title: 'ci', password: 'glpat-empty-pw-0001', url: 'https://gitlab.com' }]);
    expect(execFileSync('keepassxc-cli', ['show', '-q', '-s', '-a', 'Password', db, 'ci'], { input: '\n', encoding: 'utf8' }).trim()).toBe('glpat-empty-pw-0001');
    const v = freshVault();
    const flagged = runCli(['--vault', v, 'import', '--no-db-password', db], `${PW}\n`);
    expect(flagged.status, flagged.stderr).toBe(0);
    expect(secretOf(v, 'ci')).toBe('glpat-empty-pw-0001');
    // Without the flag the password is asked; an empty answer opens it too (nothing new: it is already stored).
    const answered = runCli(['--vault', freshVault(), 'import', db], `${PW}\n\n`);
    expect(answered.status, answered.stderr).toBe(0);
    expect(answered.stdout).toContain('Imported 1 token.');
  });

  it('KDBX 4 with a password key of "" (as kdbxweb\'s EmptyPass.kdbx), and with a key file too', async () => {
    const db = await emptyKdbx(file('emptypass4.kdbx'), { password: '', emptyPassword: true, kdf: 'argon2d', cipher: 'chacha20' });
    const v = freshVault();
    expect(runCli(['--vault', v, 'import', '--no-db-password', '--dry-run', db], `${PW}\n`)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^KDBX 4\.\d database \(Argon2d, ChaCha20\)/) });

    const keyFile = file('emptypass.keyx');
    fs.writeFileSync(keyFile, 'a key file for the empty-password database');
    const keyed = await emptyKdbx(file('emptypass-key.kdbx'), { password: '', emptyPassword: true, keyFile, kdf: 'aes-kdf', cipher: 'aes' });
    expect(runCli(['--vault', v, 'import', '--no-db-password', '--key-file', keyFile, '--dry-run', keyed], `${PW}\n`).status).toBe(0);
    // The key file alone (no password key at all) still opens a key-file-only database.
    const keyOnly = kdbxFromXml(file('key-only.kdbx'), keepassXml([{ title: 'k', password: 'glpat-key-only-1' }]), '', keyFile);
    const alone = runCli(['--vault', v, 'import', '--no-db-password', '--key-file', keyFile, keyOnly], `${PW}\n`);
    expect(alone.status, alone.stderr).toBe(0);
    expect(secretOf(v, 'k')).toBe('glpat-key-only-1');
  });

  it('an empty password on a database that has one is a wrong password (exit 3)', () => {
    const db = kdbxFromXml(file('has-pw.kdbx'), keepassXml([{ title: 't', password: 'glpat-t' }]), 'real password');
    expect(runCli(['--vault', vault, 'import', '--no-db-password', db], `${PW}\n`)).toMatchObject({ status: 3, stderr: expect.stringContaining('The database password or key file is wrong') });
  });

  it('--no-db-password is for KeePass databases only', () => {
    fs.writeFileSync(file('x.csv'), '"Title","Password"\n"a","glpat-a"\n');
    expect(runCli(['--vault', vault, 'import', '--no-db-password', file('x.csv')], '')).toMatchObject({ status: 2, stderr: expect.stringContaining('--no-db-password') });
  });
});

describe('broken databases and key files: exit 4, one sentence', () => {
  let good = '';
  beforeAll(() => {
    good = kdbxFromXml(file('good.kdbx'), keepassXml([{ title: 't', password: 'glpat-good' }]), 'pw');
  });
  const damaged = (db: string, args: string[] = [], input = `${PW}\npw\n`) => {
    const before = fileBytes(vault);
    const result = runCli(['--vault', vault, 'import', ...args, db], input);
    expect(result.status, result.stderr).toBe(4);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(fileBytes(vault).equals(before)).toBe(true);
    return result.stderr;
  };

  it('an 11-byte file (the signature, no whole version) and a header cut at 60 and 200 bytes', () => {
    const bytes = fs.readFileSync(good);
    for (const size of [11, 60, 200]) {
      fs.writeFileSync(file(`cut${size}.kdbx`), bytes.subarray(0, size));
      expect(damaged(file(`cut${size}.kdbx`), [], '')).toBe(`tokenvault: cut${size}.kdbx is damaged or truncated; nothing was imported.\n`);
    }
  });

  it('a key file that is empty, or an XML key file whose hash does not match', () => {
    const keyed = kdbxFromXml(file('keyed.kdbx'), keepassXml([{ title: 't', password: 'glpat-keyed' }]), 'pw', file('real.keyx'));
    fs.writeFileSync(file('empty.key'), '');
    fs.writeFileSync(file('bad-hash.keyx'), '<?xml version="1.0" encoding="UTF-8"?>\n<KeyFile><Meta><Version>2.0</Version></Meta><Key><Data Hash="00000000">0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567 89AB CDEF</Data></Key></KeyFile>\n');
    const sentence = 'tokenvault: The key file is damaged, empty or not a KeePass key file; choose the one the database was made with. Nothing was imported.\n';
    expect(damaged(keyed, ['--key-file', file('empty.key')])).toBe(sentence);
    expect(damaged(keyed, ['--key-file', file('bad-hash.keyx')])).toBe(sentence);
  });
});

describe('files that are not an import say what they are and what to do (exit 2, before any prompt)', () => {
  const said = (target: string, sentence: string) => {
    const result = runCli(['--vault', vault, 'import', target], '');
    expect(result).toMatchObject({ status: 2, stdout: '', stderr: `tokenvault: ${sentence}\n` });
  };

  it("KeePassXC's XML export (made by keepassxc-cli export)", () => {
    const db = kdbxFromXml(file('for-xml.kdbx'), keepassXml([{ title: 't', password: 'glpat-in-clear' }]), 'pw');
    fs.writeFileSync(file('export.xml'), execFileSync('keepassxc-cli', ['export', '-q', '-f', 'xml', db], { input: 'pw\n' }));
    said(file('export.xml'), 'export.xml is a KeePassXC XML export, which holds every password in clear text; Token Vault imports the database itself (.kdbx) or a CSV export, so import the .kdbx, and delete the XML export.');
  });

  it('a 1Password .1pux and another ZIP', () => {
    const zip = (name: string, inner: string) => {
      fs.mkdirSync(file(`${name}-src`), { recursive: true });
      fs.writeFileSync(file(`${name}-src/${inner}`), '{"accounts":[]}');
      execFileSync('zip', ['-q', '-j', file(name), file(`${name}-src/${inner}`)]);
      return file(name);
    };
    said(zip('vault.1pux', 'export.data'), 'vault.1pux is a 1Password export (.1pux), which Token Vault cannot read; import it into KeePassXC (Database → Import → 1Password), then import that database here.');
    said(zip('bundle.zip', 'tokens.csv'), 'bundle.zip is a ZIP archive; unpack it and import the export file inside.');
  });

  it('a folder', () => {
    fs.mkdirSync(file('exports'), { recursive: true });
    said(file('exports'), 'exports is a folder; choose the export file inside it (a KeePassXC database .kdbx, a .csv or a Token Vault .json).');
  });
});
