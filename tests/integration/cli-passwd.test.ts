// `tokenvault passwd`: re-keys, says plainly that older backups keep the old password, and
// deletes them only when asked (--delete-old-backups; piped input gets no extra prompt).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/vault-fixture';
import { runCli } from '../helpers/run-cli';

const PW = 'cli master password';
const NEW = 'cli new password';

/** A folder where init and one add left the vault and its automatic backup: made at the first call. */
let template: string | null = null;

/** Each call: a copy of that folder (a process, a calibration and two derivations saved a test). */
function vaultWithBackup(): { vault: string; backups: string } {
  if (!template) {
    template = tempDir('tv-passwd-template-');
    const vault = path.join(template, 'v.tokenvault');
    expect(runCli(['--vault', vault, 'init', '--decryption-time', '100'], `${PW}\n${PW}\n`).status).toBe(0);
    const add = runCli(['--vault', vault, 'add', 'ci'], `${PW}\nglpat-passwd-secret\n`);
    expect(add.status, add.stderr).toBe(0);
    expect(fs.readdirSync(path.join(template, 'backups')).length).toBeGreaterThan(0);
  }
  const dir = tempDir('tv-passwd-');
  fs.cpSync(template, dir, { recursive: true });
  return { vault: path.join(dir, 'v.tokenvault'), backups: path.join(dir, 'backups') };
}


describe('tokenvault passwd', () => {
  it('re-keys, says older backups still open with the old password, and keeps them unless asked', () => {
    const { vault, backups } = vaultWithBackup();
    const before = fs.readdirSync(backups);
    const changed = runCli(['--vault', vault, 'passwd', '--decryption-time', '100'], `${PW}\n${NEW}\n${NEW}\n`);
    expect(changed.status, changed.stderr).toBe(0);
    expect(changed.stdout).toMatch(/re-encrypted under a new key/);
    expect(changed.stdout).toMatch(/1 backup made before this change still opens with the OLD password/);
    expect(changed.stdout).toMatch(/They were kept\. If the old password may be known, delete them \(next time: passwd --delete-old-backups\)\./);
    expect(fs.readdirSync(backups)).toEqual(before);
    // The old backup still opens with the old password, as the output says.
    const old = runCli(['verify-backup', path.join(backups, before[0]!)], `${PW}\n`);
    expect(old.status, old.stderr).toBe(0);
    expect(runCli(['--vault', vault, 'list'], `${PW}\n`).status).toBe(3);
    expect(runCli(['--vault', vault, 'copy', 'ci', '--stdout'], `${NEW}\n`).stdout).toBe('glpat-passwd-secret\n');
  });

  it('--delete-old-backups deletes the backups made with the old password', () => {
    const { vault, backups } = vaultWithBackup();
    const changed = runCli(['--vault', vault, 'passwd', '--decryption-time', '100', '--delete-old-backups'], `${PW}\n${NEW}\n${NEW}\n`);
    expect(changed.status, changed.stderr).toBe(0);
    expect(changed.stdout).toMatch(/Deleted 1 backup made with the old password\./);
    expect(fs.readdirSync(backups)).toEqual([]);
  });

  it('a wrong current password exits 3 before asking for the new one, and changes nothing', () => {
    const { vault, backups } = vaultWithBackup();
    const files = () => fs.readdirSync(path.dirname(vault)).sort();
    const before = { vault: fs.readFileSync(vault), files: files(), backups: fs.readdirSync(backups) };
    const wrong = runCli(['--vault', vault, 'passwd', '--decryption-time', '100', '--delete-old-backups'], `not the password\n${NEW}\n${NEW}\n`);
    expect(wrong.status).toBe(3);
    expect(wrong.stderr).toBe("tokenvault: Wrong master password, or the vault's header was altered.\n");
    expect(wrong.stdout).toBe('');
    expect(fs.readFileSync(vault).equals(before.vault)).toBe(true);
    expect(files()).toEqual(before.files);
    expect(fs.readdirSync(backups)).toEqual(before.backups);
    expect(runCli(['--vault', vault, 'copy', 'ci', '--stdout'], `${PW}\n`).stdout).toBe('glpat-passwd-secret\n');
  });

  it('refuses contradictory flags and a mismatched repeat without changing anything', () => {
    const { vault, backups } = vaultWithBackup();
    const before = fs.readFileSync(vault);
    const both = runCli(['--vault', vault, 'passwd', '--delete-old-backups', '--keep-old-backups'], `${PW}\n${NEW}\n${NEW}\n`);
    expect(both).toMatchObject({ status: 2, stderr: 'tokenvault: Choose either --delete-old-backups or --keep-old-backups, not both.\n' });
    const mismatch = runCli(['--vault', vault, 'passwd', '--delete-old-backups'], `${PW}\n${NEW}\nother\n`);
    expect(mismatch.status).toBe(2);
    expect(fs.readFileSync(vault).equals(before)).toBe(true);
    expect(fs.readdirSync(backups).length).toBe(1);
  });
});

describe.skipIf(process.platform === 'win32')('owner-only files from the CLI', () => {
  it('tightens a vault and backups left readable by an older version and says so once on standard error', () => {
    const { vault, backups } = vaultWithBackup();
    const backup = path.join(backups, fs.readdirSync(backups)[0]!);
    fs.chmodSync(vault, 0o644);
    fs.chmodSync(backup, 0o644);
    const first = runCli(['--vault', vault, 'list'], `${PW}\n`);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toBe(`tokenvault: made 2 files owner-only; other users could read them: ${vault}, ${backup}\n`);
    expect(fs.statSync(vault).mode & 0o777).toBe(0o600);
    expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
    const second = runCli(['--vault', vault, 'list'], `${PW}\n`);
    expect(second).toMatchObject({ status: 0, stderr: '' });
  });
});

describe('a vault made by the previous version, from the CLI', () => {
  it('opens, says its KDF is below the floor until passwd re-calibrates it', () => {
    const vault = path.join(tempDir('tv-old-'), 'old.tokenvault');
    fs.copyFileSync(path.resolve('tests/fixtures/vault-schema-v1.tokenvault'), vault);
    const list = runCli(['--vault', vault, 'list', '--json'], 'old vault password\n');
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((e: { name: string }) => e.name)).toEqual(['ci-deploy', 'registry']);
    expect(list.stderr).toMatch(/key derivation \(1 pass, 64 MiB\) is below today's minimum of 2 passes at 64 MiB; "tokenvault passwd" strengthens it\./);
    const changed = runCli(['--vault', vault, 'passwd', '--decryption-time', '100', '--keep-old-backups'], `old vault password\n${NEW}\n${NEW}\n`);
    expect(changed.status, changed.stderr).toBe(0);
    expect(changed.stdout).toMatch(/Argon2id: ([2-9]|\d\d+) passes/);
    const after = runCli(['--vault', vault, 'copy', 'ci-deploy', '--stdout'], `${NEW}\n`);
    expect(after).toMatchObject({ status: 0, stdout: 'glpat-madeByTheOldCode_0001\n', stderr: '' });
  });
});
