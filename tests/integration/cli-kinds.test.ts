// Kinds on the command line (issue 22): `add` refuses a token of one kind stored as another and
// names it, `list --kind` filters, `show --json` prints the kind's own fields.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';

const PW = 'kinds master password';

async function vaultWithKinds(): Promise<string> {
  const file = path.join(tempDir('tv-cli-kinds-'), 'v.tokenvault');
  const vault = await Vault.create(file, PW, { kdf: TEST_KDF });
  const d = vault.add({ name: 'registry-pull', kind: 'deploy', instance: 'https://gitlab.example.com', scopes: ['read_registry'], expiresAt: '2027-06-01', facts: { owner: 'group' } }, 'gldt-aaaaaaaaaaaaaaaaaaaa');
  vault.update(d.id, { gitlab: { tokenId: 7, username: 'gitlab+deploy-token-7', target: 'acme' } });
  const r = vault.add({ name: 'build-host', kind: 'runner', instance: 'https://gitlab.example.com', facts: { owner: 'instance', tags: ['docker'], paused: true, rotateEveryDays: 90 } }, 'glrt-bbbbbbbbbbbbbbbbbbbb');
  vault.update(r.id, { gitlab: { tokenId: 12 } });
  vault.add({ name: 'pat', kind: 'personal', instance: 'https://gitlab.example.com', scopes: ['api'] }, 'glpat-cccccccccccccccccccc');
  vault.close();
  return file;
}

describe('kinds in the CLI', () => {
  it('list --kind shows only those kinds; an unknown kind is a usage error naming the kinds', async () => {
    const file = await vaultWithKinds();
    const some = runCli(['--vault', file, 'list', '--kind', 'deploy,runner', '--json'], `${PW}\n`);
    expect(some.status, some.stderr).toBe(0);
    expect((JSON.parse(some.stdout) as { name: string }[]).map((e) => e.name).sort()).toEqual(['build-host', 'registry-pull']);
    const bad = runCli(['--vault', file, 'list', '--kind', 'deploy,robot'], `${PW}\n`);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"robot" is not a kind; the kinds are personal, project, group, deploy, trigger, runner');
  });

  it("show --json has the kind's own fields by name; show prints them as lines", async () => {
    const file = await vaultWithKinds();
    const deploy = JSON.parse(runCli(['--vault', file, 'show', 'registry-pull', '--json'], `${PW}\n`).stdout) as Record<string, unknown>;
    expect(deploy.fields).toEqual({ deployTokenId: 7, username: 'gitlab+deploy-token-7', owner: 'group', group: 'acme', scopes: ['read_registry'] });
    const runner = JSON.parse(runCli(['--vault', file, 'show', 'build-host', '--json'], `${PW}\n`).stdout) as Record<string, unknown>;
    expect(runner.fields).toEqual({ runnerId: 12, runnerType: 'instance_type', project: null, tags: ['docker'], paused: true });
    expect(runner.rotateEveryDays).toBe(90);
    const text = runCli(['--vault', file, 'show', 'build-host'], `${PW}\n`).stdout;
    expect(text).toMatch(/Runner id:\s+12/);
    expect(text).toMatch(/Tags:\s+docker/);
    expect(text).toMatch(/Rotate every:\s+90 days/);
  });

  it('add: a deploy token stored as a runner token is named and nothing is stored; a job token is explained', async () => {
    const file = await vaultWithKinds();
    const wrong = runCli(['--vault', file, 'add', 'oops', '--kind', 'runner'], `${PW}\ngldt-dddddddddddddddddddd\n`);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('This is a deploy token (gldt-), not a runner authentication token; store it as kind deploy.');
    expect(wrong.stderr).not.toContain('gldt-dddd');
    const job = runCli(['--vault', file, 'add', 'job', '--kind', 'other'], `${PW}\nglcbt-64_eeeeeeeeeeeeeeeeeeee\n`);
    expect(job.status).toBe(2);
    expect(job.stderr).toContain('lives only while its job runs');
    const names = (JSON.parse(runCli(['--vault', file, 'list', '--json'], `${PW}\n`).stdout) as { name: string }[]).map((e) => e.name);
    expect(names).not.toContain('oops');
    expect(names).not.toContain('job');
    const right = runCli(['--vault', file, 'add', 'pull', '--kind', 'deploy'], `${PW}\ngldt-dddddddddddddddddddd\n`);
    expect(right.status, right.stderr).toBe(0);
  });

  it('edit and import cannot store a token as a kind its prefix contradicts (--kind, --secret, a JSON file naming another kind)', async () => {
    const file = await vaultWithKinds();
    const toRunner = runCli(['--vault', file, 'edit', 'registry-pull', '--kind', 'runner'], `${PW}\n`);
    expect(toRunner.status).not.toBe(0);
    expect(toRunner.stderr).toContain('This is a deploy token (gldt-), not a runner authentication token; store it as kind deploy.');
    const newSecret = runCli(['--vault', file, 'edit', 'build-host', '--secret'], `${PW}\ngldt-zzzzzzzzzzzzzzzzzzzzzz\n`);
    expect(newSecret.status).not.toBe(0);
    expect(newSecret.stderr).toContain('This is a deploy token (gldt-)');
    expect(newSecret.stderr).not.toContain('gldt-zzzz');
    const shown = (name: string) => JSON.parse(runCli(['--vault', file, 'show', name, '--json'], `${PW}\n`).stdout) as { kind: string };
    expect(shown('registry-pull').kind).toBe('deploy');
    expect(runCli(['--vault', file, 'copy', 'build-host', '--stdout'], `${PW}\n`).stdout.trim()).toBe('glrt-bbbbbbbbbbbbbbbbbbbb');

    const json = path.join(path.dirname(file), 'in.json');
    writeFileSync(json, JSON.stringify([{ name: 'imp1', secret: 'gldt-qqqqqqqqqqqqqqqqqqqqqq', kind: 'runner', instance: 'https://gitlab.com' }]));
    const imported = runCli(['--vault', file, 'import', json], `${PW}\n`);
    expect(imported.status, imported.stderr).toBe(0);
    expect(shown('imp1').kind).toBe('deploy');
  });

  it('edit --rotate-every sets a rotation reminder on a secret that never expires; show gives its age; calendar lists it; 0 clears it', async () => {
    const file = await vaultWithKinds();
    const set = runCli(['--vault', file, 'edit', 'registry-pull', '--expires', 'none', '--rotate-every', '1'], `${PW}\n`);
    expect(set.status, set.stderr).toBe(0);
    const shown = JSON.parse(runCli(['--vault', file, 'show', 'registry-pull', '--json'], `${PW}\n`).stdout) as { rotateEveryDays: number; staleness: { words: string; rotateBy: string }; fields: { owner: string } };
    expect(shown.rotateEveryDays).toBe(1);
    // The kind's other facts are kept by the patch.
    expect(shown.fields.owner).toBe('group');
    expect(shown.staleness.words).toBe('created today, never rotated');
    const text = runCli(['--vault', file, 'show', 'registry-pull'], `${PW}\n`).stdout;
    expect(text).toMatch(/Age:\s+created today, never rotated/);
    expect(text).toMatch(/Rotate every:\s+1 days \(next by \d{4}-\d{2}-\d{2}\)/);
    const cal = runCli(['--vault', file, 'calendar', '--days', '30'], `${PW}\n`);
    expect(cal.stdout).toContain('To rotate (');
    expect(cal.stdout).toMatch(/registry-pull {2}\(deploy; created today, never rotated\)/);
    const cleared = runCli(['--vault', file, 'edit', 'registry-pull', '--rotate-every', '0'], `${PW}\n`);
    expect(cleared.status, cleared.stderr).toBe(0);
    expect((JSON.parse(runCli(['--vault', file, 'show', 'registry-pull', '--json'], `${PW}\n`).stdout) as { rotateEveryDays: unknown }).rotateEveryDays).toBeNull();
  });
});
