// `tokenvault sync` and `tokenvault edit` as a user types them: two vaults on one machine
// synced through a folder, a wrong password refused on join, and a password change on one
// device asking the other for the new password, its own edit kept.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';

const PW = 'sync master password';
const NEW = 'the new sync password';

function world() {
  const dir = tempDir('tv-cli-sync-');
  const runtime = tempDir('tv-run-');
  fs.chmodSync(runtime, 0o700);
  const folder = path.join(dir, 'Dropbox');
  fs.mkdirSync(folder);
  const env = { XDG_RUNTIME_DIR: runtime };
  const a = path.join(dir, 'a.tokenvault');
  const b = path.join(dir, 'b.tokenvault');
  const cli = (vault: string, args: string[], input: string) => runCli(['--vault', vault, ...args], input, env);
  return { dir, folder, a, b, cli };
}

describe('tokenvault sync', () => {
  it('sets up, joins, and carries an edit from one device to the other', () => {
    const { folder, a, b, cli } = world();
    expect(cli(a, ['init', '--decryption-time', '100'], `${PW}\n${PW}\n`).status).toBe(0);
    expect(cli(a, ['add', 'ci-token', '--instance', 'gitlab.com'], `${PW}\nglpat-cli-sync-0000\n`).status).toBe(0);
    const setup = cli(a, ['sync', 'setup', '--folder', folder, '--name', 'laptop'], `${PW}\n`);
    expect(setup.status, setup.stderr).toBe(0);
    expect(setup.stdout).toMatch(/now syncs through the folder/);

    const wrong = cli(b, ['sync', 'join', '--folder', folder, '--decryption-time', '100'], 'not the password\n');
    expect(wrong.status).toBe(3);
    expect(fs.existsSync(b)).toBe(false);
    const join = cli(b, ['sync', 'join', '--folder', folder, '--name', 'desktop', '--decryption-time', '100'], `${PW}\n`);
    expect(join.status, join.stderr).toBe(0);
    expect(join.stdout).toMatch(/holds 1 token/);

    const edit = cli(b, ['edit', 'ci-token', '--description', 'deploys the docs', '--expires', '2031-02-03', '--used-in', 'CI variable DOCS_TOKEN'], `${PW}\n`);
    expect(edit.status, edit.stderr).toBe(0);
    expect(cli(b, ['sync', 'now'], `${PW}\n`).status).toBe(0);
    const now = cli(a, ['sync', 'now'], `${PW}\n`);
    expect(now.stdout).toMatch(/1 changed/);
    const shown = JSON.parse(cli(a, ['show', 'ci-token', '--json'], `${PW}\n`).stdout);
    expect(shown).toMatchObject({ description: 'deploys the docs', expiresAt: '2031-02-03' });
    expect(cli(a, ['copy', 'ci-token', '--stdout'], `${PW}\n`).stdout).toBe('glpat-cli-sync-0000\n');

    const devices = JSON.parse(cli(a, ['sync', 'devices', '--json'], `${PW}\n`).stdout) as { name: string; thisDevice: boolean }[];
    expect(devices.map((d) => d.name).sort()).toEqual(['desktop', 'laptop']);
    const status = JSON.parse(cli(a, ['sync', 'status', '--json'], `${PW}\n`).stdout);
    expect(status).toMatchObject({ syncing: true, pending: 0, needsPassword: false, device: { name: 'laptop' } });
  }, 300_000);

  it('a password change on one device: the other asks for the new one, keeps its own edit, and then syncs', () => {
    const { folder, a, b, cli } = world();
    cli(a, ['init', '--decryption-time', '100'], `${PW}\n${PW}\n`);
    cli(a, ['add', 'ci-token'], `${PW}\nglpat-cli-sync-0000\n`);
    expect(cli(a, ['sync', 'setup', '--folder', folder], `${PW}\n`).status).toBe(0);
    expect(cli(b, ['sync', 'join', '--folder', folder, '--decryption-time', '100'], `${PW}\n`).status).toBe(0);

    const passwd = cli(a, ['passwd', '--decryption-time', '100', '--keep-old-backups'], `${PW}\n${NEW}\n${NEW}\n`);
    expect(passwd.status, passwd.stderr).toBe(0);
    expect(passwd.stdout).toMatch(/Sync moved to a new key/);
    expect(cli(a, ['edit', 'ci-token', '--description', 'after the change'], `${NEW}\n`).status).toBe(0);
    expect(cli(a, ['sync', 'now'], `${NEW}\n`).status).toBe(0);

    expect(cli(b, ['add', 'made-on-b'], `${PW}\nglpat-made-on-b\n`).status).toBe(0);
    const waiting = cli(b, ['sync', 'now'], `${PW}\n`);
    expect(waiting.stderr).toMatch(/changed the master password/);
    expect(JSON.parse(cli(b, ['show', 'ci-token', '--json'], `${PW}\n`).stdout).description).toBe('');

    const given = cli(b, ['sync', 'now', '--new-password'], `${PW}\n${NEW}\n`);
    expect(given.status, given.stderr).toBe(0);
    expect(JSON.parse(cli(b, ['show', 'ci-token', '--json'], `${PW}\n`).stdout).description).toBe('after the change');
    expect(cli(a, ['sync', 'now'], `${NEW}\n`).stdout).toMatch(/made-on-b/);
  }, 300_000);
});
