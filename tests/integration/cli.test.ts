// The CLI contract of shared/cli.md, black-box: spawn the built CLI, pipe the prompts, check
// exit statuses, standard output and standard error.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileBytes, tempDir } from '../helpers/vault-fixture';
import { CLI, runCli } from '../helpers/run-cli';
import { initVault, vaultCopies } from '../helpers/cli-vault';
import { loadSodium, Vault } from '../../electron/vault/vault';

const PW = 'cli master password';
const SECRET = 'glpat-cliSecret_0123456789abcdef';

// A copy of one vault init made (cli-vault.ts); the first test makes its own with init.
const freshVault = vaultCopies(PW);


describe('tokenvault CLI', () => {
  it('init → add → list → show → copy --stdout → rm', () => {
    const vault = initVault(PW);
    const add = runCli(['--vault', vault, 'add', 'ci-token', '--kind', 'project', '--instance', 'gitlab.example.com/', '--scopes', 'read_api,read_repository', '--expires', '2027-03-01', '--description', 'CI clone'], `${PW}\n  ${SECRET}  \n`);
    expect(add).toMatchObject({ status: 0, stderr: '' });
    expect(add.stdout).toMatch(/^Stored "ci-token" \(/);

    const list = runCli(['--vault', vault, 'list', '--json'], `${PW}\n`);
    expect(list.status).toBe(0);
    const entries = JSON.parse(list.stdout);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ name: 'ci-token', kind: 'project', instance: 'https://gitlab.example.com', scopes: ['read_api', 'read_repository'], expiresAt: '2027-03-01', description: 'CI clone', gitlabTokenId: null, lastVerifiedAt: null });
    expect(Object.keys(entries[0])).toEqual(expect.arrayContaining(['id', 'status', 'createdAt', 'updatedAt', 'lastUsedAt']));
    expect(list.stdout).not.toContain(SECRET);

    const text = runCli(['--vault', vault, 'list'], `${PW}\n`);
    expect(text.stdout).toMatch(/NAME\s+KIND\s+EXPIRES\s+STATUS/);
    expect(text.stdout).toContain('ci-token');

    const show = runCli(['--vault', vault, 'show', 'CI-TOKEN'], `${PW}\n`);
    expect(show.status).toBe(0);
    expect(show.stdout).toContain('Scopes:');
    expect(show.stdout).not.toContain(SECRET);

    const copy = runCli(['--vault', vault, 'copy', 'ci-token', '--stdout'], `${PW}\n`);
    expect(copy).toMatchObject({ status: 0, stdout: `${SECRET}\n` });

    // rm moves to the Trash (issue 24 item 12); deleting for good is `trash rm`, after a backup.
    const rm = runCli(['--vault', vault, 'rm', entries[0].id], `${PW}\n`);
    expect(rm.status).toBe(0);
    expect(rm.stdout).toMatch(/^Moved "ci-token" to the Trash; "tokenvault trash restore [0-9a-f]{8}" brings it back until \d{4}-\d{2}-\d{2}, when it is deleted for good\.\n$/);
    expect(JSON.parse(runCli(['--vault', vault, 'list', '--json'], `${PW}\n`).stdout)).toEqual([]);
  });

  it('exit 3 for a wrong master password, the file unchanged', () => {
    const vault = freshVault();
    const before = fileBytes(vault);
    const result = runCli(['--vault', vault, 'list'], 'wrong\n');
    expect(result).toMatchObject({ status: 3, stdout: '', stderr: "tokenvault: Wrong master password, or the vault's header was altered.\n" });
    expect(fileBytes(vault).equals(before)).toBe(true);
  });

  it('exit 4 for a file that is not a vault, and for a damaged one', () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'just some notes\n'.repeat(300));
    const result = runCli(['--vault', text, 'list'], `${PW}\n`);
    expect(result.status).toBe(4);
    expect(result.stderr).toMatch(/^tokenvault: .*(not a Token Vault|damaged)/);

    const vault = freshVault();
    const bytes = fs.readFileSync(vault);
    fs.writeFileSync(vault, bytes.subarray(0, 2048));
    expect(runCli(['--vault', vault, 'list'], `${PW}\n`).status).toBe(4);
  });

  it('exit 2 with one sentence for bad input, nothing stored', () => {
    const vault = freshVault();
    const cases: [string[], string, RegExp][] = [
      [['add', 'x', '--expires', '2027-02-30'], `${PW}\n${SECRET}\n`, /That date does not exist\./],
      [['add', 'x', '--kind', 'robot'], `${PW}\n${SECRET}\n`, /robot/],
      [['add', 'x', '--instance', 'not a url'], `${PW}\n${SECRET}\n`, /is not a GitLab address/],
      [['add', 'x'], `${PW}\n\n`, /The secret is empty/],
      [['add', '   '], `${PW}\n${SECRET}\n`, /A name is needed\./],
      [['list', '--expiring', 'soon'], `${PW}\n`, /--expiring must be a whole number/],
      [['frobnicate'], '', /unknown command/],
      [['add', 'x'], `${PW}\n`, /Standard input ended before the secret was given\./],
    ];
    for (const [args, input, message] of cases) {
      const result = runCli(['--vault', vault, ...args], input);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toContain(SECRET);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(JSON.parse(runCli(['--vault', vault, 'list', '--json'], `${PW}\n`).stdout)).toEqual([]);
  });

  it('refuses init over an existing vault, with mismatched passwords, and in a missing folder', () => {
    const vault = freshVault();
    const before = fileBytes(vault);
    const again = runCli(['--vault', vault, 'init', '--decryption-time', '100'], 'a\na\n');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/There is already a vault at .*; it was left untouched\./);
    expect(fileBytes(vault).equals(before)).toBe(true);

    const other = path.join(tempDir(), 'new.tokenvault');
    const mismatch = runCli(['--vault', other, 'init', '--decryption-time', '100'], 'one\ntwo\n');
    expect(mismatch).toMatchObject({ status: 2, stderr: 'tokenvault: The two passwords differ; no vault was created.\n' });
    expect(fs.existsSync(other)).toBe(false);

    const missing = runCli(['--vault', path.join(tempDir(), 'no', 'such', 'v.tokenvault'), 'init', '--decryption-time', '100'], 'a\na\n');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
  });

  it('exit 1 for an unknown token and for a duplicate name', () => {
    const vault = freshVault();
    expect(runCli(['--vault', vault, 'add', 'dup'], `${PW}\n${SECRET}\n`).status).toBe(0);
    const dup = runCli(['--vault', vault, 'add', 'DUP'], `${PW}\nother\n`);
    expect(dup).toMatchObject({ status: 1, stderr: 'tokenvault: There is already a token named "DUP"; choose another name.\n' });
    const missing = runCli(['--vault', vault, 'show', 'nothing'], `${PW}\n`);
    expect(missing).toMatchObject({ status: 1, stderr: 'tokenvault: No token named or with id "nothing" is in the vault.\n' });
  });

  it('passwd changes the master password', () => {
    const vault = freshVault();
    // At the floor's cost (as init made it): the unlocks after it are not what this tests.
    const changed = runCli(['--vault', vault, 'passwd', '--decryption-time', '100'], `${PW}\nnew pw\nnew pw\n`);
    expect(changed.status, changed.stderr).toBe(0);
    expect(runCli(['--vault', vault, 'list'], `${PW}\n`).status).toBe(3);
    expect(runCli(['--vault', vault, 'list'], 'new pw\n').status).toBe(0);
    const mismatch = runCli(['--vault', vault, 'passwd'], 'new pw\na\nb\n');
    expect(mismatch.status).toBe(2);
    expect(runCli(['--vault', vault, 'list'], 'new pw\n').status).toBe(0);
  });

  it('backup → verify-backup → restore on another path', () => {
    const vault = freshVault();
    runCli(['--vault', vault, 'add', 'kept'], `${PW}\n${SECRET}\n`);
    const out = path.join(tempDir(), 'offline.tvbak');
    const backup = runCli(['--vault', vault, 'backup', '--out', out], `${PW}\n`);
    expect(backup).toMatchObject({ status: 0, stdout: `${out}\n` });
    expect(runCli(['verify-backup', out], `${PW}\n`)).toMatchObject({ status: 0, stdout: 'The backup is intact: 1 token, all authenticated.\n' });
    expect(runCli(['verify-backup', out], 'wrong\n').status).toBe(3);

    const target = path.join(tempDir('tv-new-machine-'), 'v.tokenvault');
    const restore = runCli(['--vault', target, 'restore', out], `${PW}\n`);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/^Restored 1 token into .*\nThe vault's master password is now the backup's: the one you just typed\.\n$/);
    expect(runCli(['--vault', target, 'copy', 'kept', '--stdout'], `${PW}\n`).stdout).toBe(`${SECRET}\n`);

    const truncated = path.join(tempDir(), 'cut.tvbak');
    fs.writeFileSync(truncated, fs.readFileSync(out).subarray(0, 1000));
    const before = fileBytes(target);
    expect(runCli(['--vault', target, 'restore', truncated], `${PW}\n`).status).toBe(4);
    expect(fileBytes(target).equals(before)).toBe(true);
  });

  it('an unavailable backup folder costs the automatic backups, never the command: one warning', async () => {
    const vault = freshVault();
    const unplugged = path.join(tempDir(), 'unplugged-disk');
    fs.writeFileSync(unplugged, 'a file where the backup folder should be');
    await loadSodium();
    const v = Vault.open(vault);
    await v.unlock(PW);
    v.updateSettings({ backupDir: path.join(unplugged, 'backups') });
    v.close();

    const add = runCli(['--vault', vault, 'add', 'doomed'], `${PW}\n${SECRET}\n`);
    expect(add.status, add.stderr).toBe(0);
    expect(add.stderr).toMatch(/^tokenvault: warning: No automatic backup was made: the backup folder .*unplugged-disk.* cannot be created\..*\n$/);
    const list = runCli(['--vault', vault, 'list', '--json'], `${PW}\n`);
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(1);
    // The daily backup and the one before deleting for good fail the same way: said once.
    expect(runCli(['--vault', vault, 'rm', 'doomed'], `${PW}\n`).status).toBe(0);
    const rm = runCli(['--vault', vault, 'trash', 'rm', 'doomed'], `${PW}\n`);
    expect(rm).toMatchObject({ status: 0, stdout: 'Deleted "doomed" for good.\n' });
    expect(rm.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('import reads a KeePassXC CSV in one transaction; a clash imports nothing', () => {
    const vault = freshVault();
    // The one import rule: the row without a GitLab prefix or address is left out, and said so.
    const first = runCli(['--vault', vault, 'import', 'tests/fixtures/keepassxc-export.csv'], `${PW}\n`);
    expect(first).toMatchObject({
      status: 0,
      stdout: 'CSV file: 2 entries to import.\nLeft out 1 entry that is not a GitLab token (no GitLab prefix such as glpat-, and no GitLab address); --all takes them too.\nImported 2 tokens.\n',
    });
    const again = runCli(['--vault', vault, 'import', '--all', 'tests/fixtures/keepassxc-export.csv'], `${PW}\n`);
    expect(again.status).toBe(1);
    // The same file again: its first row holds a token already stored, which is refused first.
    expect(again.stderr).toMatch(/"ci-clone": That token is already stored as "ci-clone"; nothing was stored\./);
    expect(JSON.parse(runCli(['--vault', vault, 'list', '--json'], `${PW}\n`).stdout)).toHaveLength(2);
    const missing = runCli(['--vault', vault, 'import', 'no-such-file.csv'], `${PW}\n`);
    expect(missing).toMatchObject({ status: 1, stderr: 'tokenvault: Cannot read no-such-file.csv.\n' });
  });

  it('copy without a display fails clearly and suggests --stdout', () => {
    const vault = freshVault();
    runCli(['--vault', vault, 'add', 't'], `${PW}\n${SECRET}\n`);
    const result = runCli(['--vault', vault, 'copy', 't'], `${PW}\n`);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/No clipboard is available here .*use --stdout/);
    expect(result.stderr).not.toContain(SECRET);
  });

  const hasX = spawnSync('sh', ['-c', 'command -v Xvfb && command -v xclip']).status === 0;
  it.runIf(hasX)('copy puts the secret on the clipboard and clears it after the timeout, only if unchanged', async () => {
    const vault = freshVault();
    runCli(['--vault', vault, 'add', 't'], `${PW}\n${SECRET}\n`);
    // Xvfb picks a free display itself and names it on fd 3 once it accepts clients: a display
    // number chosen here could be another run's, whose clipboard would then answer.
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    try {
      const display = await new Promise<string>((resolve, reject) => {
        let said = '';
        xvfb.stdio[3]!.on('data', (chunk) => {
          said += String(chunk);
          if (said.includes('\n')) resolve(`:${said.trim()}`);
        });
        xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready`)));
      });
      const env = { ...process.env, DISPLAY: display, WAYLAND_DISPLAY: '' };
      const paste = () => spawnSync('xclip', ['-selection', 'clipboard', '-o'], { env, encoding: 'utf8', timeout: 5000 }).stdout;
      const run = (clearAfter: string) => {
        const child = spawn(process.execPath, [CLI, '--vault', vault, 'copy', 't', '--clear-after', clearAfter], { env, stdio: ['pipe', 'pipe', 'pipe'] });
        child.stdin.end(`${PW}\n`);
        let stdout = '';
        const copied = new Promise<void>((resolve) =>
          child.stdout.on('data', (d) => {
            stdout += d;
            if (stdout.includes('Copied')) resolve();
          }),
        );
        const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
        return { child, copied, done, output: () => stdout };
      };

      // Waits for the copy to be made (unlocking takes seconds on a loaded machine), not a fixed time.
      const first = run('4');
      await first.copied;
      expect(paste()).toBe(SECRET);
      expect(await first.done).toBe(0);
      expect(paste()).toBe('');
      expect(first.output()).toContain('Clipboard cleared.');

      const second = run('4');
      await second.copied;
      spawnSync('sh', ['-c', 'printf "something else" | xclip -selection clipboard -i'], { env, timeout: 5000 });
      expect(await second.done).toBe(0);
      expect(paste()).toBe('something else');
      expect(second.output()).toContain('left it alone');

      // A closed terminal (SIGHUP) clears at once, as Ctrl-C and SIGTERM do.
      const hungUp = run('600');
      await hungUp.copied;
      expect(paste()).toBe(SECRET);
      hungUp.child.kill('SIGHUP');
      expect(await hungUp.done).toBe(0);
      expect(paste()).toBe('');
      expect(hungUp.output()).toContain('Clipboard cleared.');
    } finally {
      xvfb.kill();
    }
    // Five full unlocks (64 MiB Argon2 each) plus two 4 s clear timers: at a load average of 18 on
    // two cores (CI shares its machine) that alone passed 60 s. Every step waits for an event, so
    // the larger net costs nothing when the machine is idle.
  }, 180_000);
});
