// `passwd` on a vault that syncs through a git remote, killed while it waits on the remote: the
// master password and the sync key must never part. Killed after the vault took the new password
// but before sync took a new key, everything this device wrote afterwards stayed under the key the
// OLD password unwraps: anyone with the old password and the remote (a lost device) read it all.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';

const OLD = 'the old master password';
const NEW = 'the new master password';
let silent: net.Server;
let hangingUrl = '';
const held: net.Socket[] = [];

beforeAll(async () => {
  // A remote that takes the connection and never answers: git's fetch waits on it.
  silent = net.createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  hangingUrl = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/tokens.git`;
});
afterAll(() => {
  for (const s of held) s.destroy();
  silent.close();
});

it('passwd killed while the remote hangs: the old password opens nothing written afterwards', async () => {
  const dir = tempDir('tv-passwd-kill-');
  const runtime = tempDir('tv-run-');
  fs.chmodSync(runtime, 0o700);
  const env = { XDG_RUNTIME_DIR: runtime, GIT_CONFIG_NOSYSTEM: '1' };
  const remote = path.join(dir, 'remote.git');
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
  const a = path.join(dir, 'a.tokenvault');
  const cli = (vault: string, args: string[], input: string) => runCli(['--vault', vault, ...args], input, env);
  expect(cli(a, ['init', '--decryption-time', '100'], `${OLD}\n${OLD}\n`).status).toBe(0);
  const setup = cli(a, ['sync', 'setup', '--git', `file://${remote}`], `${OLD}\n`);
  expect(setup.status, setup.stderr).toBe(0);

  const clone = `${a}.sync-git`;
  execFileSync('git', ['-C', clone, 'remote', 'set-url', 'origin', hangingUrl]);
  const child = spawn(process.execPath, [CLI, '--vault', a, 'passwd', '--decryption-time', '100', '--keep-old-backups'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(`${OLD}\n${NEW}\n${NEW}\n`);
  // Killed as a user at a hanging terminal would: once the remote has held it for a moment.
  await new Promise((resolve) => setTimeout(resolve, 8_000));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('close', resolve));
  execFileSync('git', ['-C', clone, 'remote', 'set-url', 'origin', `file://${remote}`]);

  // Whichever password the vault opens with now, a token added afterwards goes out with the next sync.
  const opens = cli(a, ['list'], `${NEW}\n`).status === 0 ? NEW : OLD;
  expect(cli(a, ['add', 'after-the-change'], `${opens}\nglpat-after-the-change-000\n`).status).toBe(0);
  const sync = cli(a, ['sync', 'now'], `${opens}\n`);
  expect(sync.status, sync.stderr).toBe(0);

  // The password the vault no longer (or not yet) opens with opens nothing written since: a lost
  // device that knows it joins from the remote and must not see the token added afterwards.
  const other = opens === NEW ? OLD : NEW;
  const thief = path.join(dir, 'thief.tokenvault');
  const join = cli(thief, ['sync', 'join', '--git', `file://${remote}`, '--decryption-time', '100'], `${other}\n`);
  const listed = join.status === 0 ? cli(thief, ['list'], `${other}\n`).stdout : '';
  expect(listed).not.toContain('after-the-change');
  // And the one it opens with does: the device kept syncing.
  const owner = path.join(dir, 'second-device.tokenvault');
  expect(cli(owner, ['sync', 'join', '--git', `file://${remote}`, '--decryption-time', '100'], `${opens}\n`).status).toBe(0);
  expect(cli(owner, ['list'], `${opens}\n`).stdout).toContain('after-the-change');
}, 180_000);
