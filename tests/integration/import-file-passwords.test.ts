// Black-box through the CLI: a password of the import file in another field (the row's own user
// name and notes, another row's password in a URL's query, a JSON scope) appears nowhere in list
// --json, the plan or the output; a password field holding a token and more refuses the file by
// row, quoting nothing; a passphrase under a GitLab address is left out, not refused.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vaultCopies } from '../helpers/cli-vault';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';

const PW = 'vault master password';
const dir = tempDir('tv-import-filepw-');
const freshVault = vaultCopies(PW, 'tv-import-filepw-vault-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const OWN = 'Own7PasswordNoPrefix';
const OTHER = 'glpat-OtherRowToken00000001';
const BARE = 'Bare8PasswordOfAnotherRow';
const HEADER = '"Group","Title","Username","Password","URL","Notes"\n';
const write = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));

describe('import: a password of the file in a field that is not sealed', () => {
  it('CSV: cut from user name, notes and URL, said by row and field; the secrets stored as they were', () => {
    const vault = freshVault();
    const file = write('pw.csv', HEADER
      + `"g","mine","${OWN}","${OWN}","https://gitlab.example.com","pasted ${OWN} here, key=${BARE}"\n`
      + `"g","other","","${BARE}","https://gitlab.example.com","also (${OWN})"\n`
      + `"g","third","","${OTHER}","https://gitlab.example.com/g/p?private_token=${BARE}",""\n`
      + `"g","login","me","correct horse battery staple","https://gitlab.example.com",""\n`);
    const result = runCli(['--vault', vault, 'import', file], `${PW}\n`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Row 2: a password from this file in Notes was left out.');
    expect(result.stdout).toContain('Row 2: a password from this file in Username was left out.');
    expect(result.stdout).toContain('Row 3: a password from this file in Notes was left out.');
    expect(result.stdout).toContain('Row 4: a password from this file in URL was left out.');
    // The passphrase under a GitLab address is no token: left out, and said so.
    expect(result.stdout).toContain('Left out 1 entry that is not a GitLab token');
    expect(result.stdout).toContain('Imported 3 tokens.');
    const list = runCli(['--vault', vault, 'list', '--json'], `${PW}\n`).stdout;
    for (const text of [list, result.stdout, result.stderr]) {
      expect(text).not.toContain(OWN);
      expect(text).not.toContain(BARE);
      expect(text).not.toContain('OtherRowToken');
    }
    expect(runCli(['--vault', vault, 'copy', 'mine', '--stdout'], `${PW}\n`).stdout.trim()).toBe(OWN);
    expect(runCli(['--vault', vault, 'copy', 'other', '--stdout'], `${PW}\n`).stdout.trim()).toBe(BARE);
  });

  it('a password field holding a token and a user name refuses the file by row, nothing imported, nothing quoted', () => {
    const vault = freshVault();
    const file = write('two.csv', `${HEADER}"g","ok","","glpat-FineRow000000000000001","",""\n"g","ci","","oauth2  ${OTHER}","https://gitlab.example.com",""\n`);
    const result = runCli(['--vault', vault, 'import', file], `${PW}\n`);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Row 3 \("ci"\): its password holds a GitLab token and other text .*; nothing was imported\./);
    expect(`${result.stdout}${result.stderr}`).not.toContain('OtherRowToken');
    expect(JSON.parse(runCli(['--vault', vault, 'list', '--json'], `${PW}\n`).stdout)).toEqual([]);
  });

  it('JSON: a scope holding a password of the file is dropped whole; a token as the kind refuses by entry and field', () => {
    const vault = freshVault();
    const good = write('scopes.json', JSON.stringify([
      { name: 'a', secret: OWN, instance: 'https://gitlab.example.com', scopes: ['api', OTHER, 'read_api'] },
      { name: 'b', secret: OTHER, instance: 'https://gitlab.example.com' },
    ]));
    const result = runCli(['--vault', vault, 'import', good], `${PW}\n`);
    expect(result.status, result.stderr).toBe(0);
    const list = runCli(['--vault', vault, 'list', '--json'], `${PW}\n`).stdout;
    expect((JSON.parse(list) as { name: string; scopes: string[] }[]).find((e) => e.name === 'a')!.scopes).toEqual(['api', 'read_api']);
    expect(`${list}${result.stdout}${result.stderr}`).not.toMatch(/OtherRowToken|Own7Password/);
    const bad = write('kind.json', JSON.stringify([{ name: 'c', secret: 'glpat-KindRow0000000000001', kind: OTHER }]));
    const refused = runCli(['--vault', freshVault(), 'import', bad], `${PW}\n`);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/Entry 1: "kind": Kind must be one of .*; nothing was imported\./);
    expect(refused.stderr).not.toContain('OtherRowToken');
  });
});
