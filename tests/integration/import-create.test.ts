// `import FILE --create`: a new vault made with the file's tokens in one command (one key
// derivation, as keepassxc-cli import). It keeps every promise of a plain import — the master
// password is never stored as a token, a token is stored once, addresses are checked, no
// secret in any message — and a failure anywhere, however late, leaves no vault: not at the
// path, not under a temporary name beside it, so the same command can simply be run again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kdbxFromXml, keepassXml } from '../helpers/kdbx-fixture';
import { runCli } from '../helpers/run-cli';
import { fileBytes, tempDir } from '../helpers/vault-fixture';

const PW = 'vault master password';
const HEADER = '"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"\n';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A folder of its own per case: what is left in it afterwards is exactly what the command left. */
function place(): { dir: string; vault: string; file: (name: string, text: string) => string } {
  const dir = tempDir('tv-import-create-');
  dirs.push(dir);
  return { dir, vault: path.join(dir, 'v.tokenvault'), file: (name, text) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name)) };
}
const row = (title: string, secret: string, url = 'https://gitlab.com') => `"Root","${title}","","${secret}","${url}","","","0","",""\n`;
const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => row(`token-${from + i}`, `glpat-create${String(from + i).padStart(14, '0')}`)).join('');
const create = (vault: string, file: string, input: string, extra: string[] = []) => runCli(['--vault', vault, 'import', file, '--create', '--decryption-time', '100', ...extra], input);

describe('import --create', () => {
  it('makes the vault with every token in it, in one command; the tokens open with the master password', () => {
    const { vault, file } = place();
    const csv = file('export.csv', HEADER + rows(50));
    const result = create(vault, csv, `${PW}\n${PW}\n`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Created .*v\.tokenvault \(Argon2id: \d+ passes, \d+ MiB\)\.\nImported 50 tokens\.\n/);
    const list = runCli(['--vault', vault, 'list', '--json'], `${PW}\n`);
    expect(JSON.parse(list.stdout)).toHaveLength(50);
    expect(runCli(['--vault', vault, 'copy', 'token-7', '--stdout'], `${PW}\n`).stdout.trim()).toBe('glpat-create00000000000007');
    // Running it again does not touch the vault it made.
    const before = fileBytes(vault);
    const again = create(vault, csv, '');
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('There is already a vault at');
    expect(fileBytes(vault).equals(before)).toBe(true);
  });

  it('a KeePass database: its password is asked after the new master password twice', () => {
    const { dir, vault } = place();
    const db = kdbxFromXml(path.join(dir, 'tokens.kdbx'), keepassXml([{ title: 'ci', password: 'glpat-from-kdbx-0001', url: 'https://gitlab.com' }]), 'kdbx password');
    const result = create(vault, db, `${PW}\n${PW}\nkdbx password\n`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Imported 1 token.');
    expect(runCli(['--vault', vault, 'copy', 'ci', '--stdout'], `${PW}\n`).stdout.trim()).toBe('glpat-from-kdbx-0001');
  });

  // Refusals that come only after the new key is derived, while the rows are stored: the vault
  // file was being written under a temporary name and must be gone, with its journal.
  // The master password here is words, which the import rule takes for no GitLab token (a token
  // is one word) even under a GitLab address: --all takes it, and the vault then refuses it.
  it.each<[string, () => string, RegExp, string[]?]>([
    ['a row whose token is the new master password', () => HEADER + rows(300) + row('sneaky', PW, 'https://gitlab.example.com') + rows(300, 300), /"sneaky" is the vault's master password, not a token/, ['--all']],
    ['the same token twice, half-way down', () => HEADER + rows(300) + row('copy', 'glpat-create00000000000005') + rows(300, 300), /"copy" holds the same token as "token-5"/],
    ['an address that is not a GitLab address, half-way down', () => `[${Array.from({ length: 400 }, (_, i) => JSON.stringify({ name: `t-${i}`, secret: `glpat-json${String(i).padStart(16, '0')}`, instance: i === 250 ? 'ftp://gitlab.example.com' : 'https://gitlab.com' })).join(',')}]`, /is not a GitLab address/],
  ])('%s: refused whole, no vault left at all, no secret in the message', (_label, text, message, extra = []) => {
    const { dir, vault, file } = place();
    const input = file(text().startsWith('[') ? 'in.json' : 'in.csv', text());
    const result = create(vault, input, `${PW}\n${PW}\n`, extra);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(`${result.stdout}${result.stderr}`).not.toContain(PW);
    expect(`${result.stdout}${result.stderr}`).not.toContain('glpat-create00000000000005');
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(input)]);
    // Nothing half-made is in the way: the same path takes a vault at once.
    expect(runCli(['--vault', vault, 'init', '--decryption-time', '100'], `${PW}\n${PW}\n`).status).toBe(0);
  });

  it('a file broken half-way (a ragged CSV row; a .kdbx cut short) is refused before any vault is made', () => {
    const { dir, vault, file } = place();
    const ragged = file('ragged.csv', `${HEADER}${rows(200)}"Root","cut"\n${rows(200, 200)}`);
    const csv = create(vault, ragged, `${PW}\n${PW}\n`);
    expect(csv.status).toBe(2);
    expect(csv.stderr).toContain('The CSV is malformed');
    const whole = kdbxFromXml(path.join(dir, 'whole.kdbx'), keepassXml(Array.from({ length: 200 }, (_, i) => ({ title: `k-${i}`, password: `glpat-cut-${i}` }))), 'kdbx password');
    const bytes = fs.readFileSync(whole);
    const cut = file('cut.kdbx', '');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    fs.rmSync(whole);
    const kdbx = create(vault, cut, `${PW}\n${PW}\nkdbx password\n`);
    expect(kdbx.status).toBe(4);
    expect(kdbx.stderr).toContain('cut.kdbx is damaged or truncated');
    expect(fs.readdirSync(dir).sort()).toEqual(['cut.kdbx', 'ragged.csv']);
  });

  it('usage: passwords that differ, --dry-run, --decryption-time without --create; a vault already there is refused before any prompt', () => {
    const { dir, vault, file } = place();
    const csv = file('x.csv', HEADER + rows(2));
    expect(create(vault, csv, `${PW}\nother\n`)).toMatchObject({ status: 2, stderr: expect.stringContaining('The two passwords differ; no vault was created.') });
    expect(create(vault, csv, `${PW}\n${PW}\n`, ['--dry-run'])).toMatchObject({ status: 2, stderr: expect.stringContaining('--dry-run') });
    expect(runCli(['--vault', vault, 'import', csv, '--decryption-time', '100'], `${PW}\n`)).toMatchObject({ status: 2, stderr: expect.stringContaining('--create') });
    expect(fs.readdirSync(dir)).toEqual(['x.csv']);
    expect(runCli(['--vault', vault, 'init', '--decryption-time', '100'], `${PW}\n${PW}\n`).status).toBe(0);
    const before = fileBytes(vault);
    // Empty standard input: had it prompted, the answer would have been "no password".
    expect(create(vault, csv, '')).toMatchObject({ status: 1, stderr: expect.stringContaining('There is already a vault at') });
    expect(fileBytes(vault).equals(before)).toBe(true);
  });
});
