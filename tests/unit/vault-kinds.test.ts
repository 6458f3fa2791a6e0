// Every GitLab credential kind is first-class (issue 22): its own fields sealed in the overview
// and read back, a secret's prefix naming its kind, and a token of one kind refused where another
// kind is being stored.
import { describe, expect, it } from 'vitest';
import { kindFromSecret } from '../../electron/vault/import-formats';
import { kindFields } from '../../electron/vault/kind-fields';
import { decodeOverview, encodeOverview } from '../../electron/vault/overview-codec';
import { TOKEN_KINDS } from '../../electron/vault/token-kinds';
import { kindMismatch } from '../../electron/vault/token-shape';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD } from '../helpers/vault-fixture';

describe('a kind and its own fields', () => {
  it('a runner keeps its type, tags and paused state, sealed, across a lock and reopen', async () => {
    const vault = await newVault();
    const made = vault.add({ name: 'build-host', kind: 'runner', instance: 'https://gitlab.example.com', facts: { owner: 'project', tags: ['docker', 'linux'], paused: false } }, 'glrt-abcdefghijklmnopqrst');
    vault.update(made.id, { gitlab: { tokenId: 42, target: 'acme/app' } });
    const file = vault.path;
    vault.close();
    const again = Vault.open(file);
    await again.unlock(PASSWORD);
    const entry = again.get(made.id);
    expect(entry.kind).toBe('runner');
    expect(entry.facts).toEqual({ owner: 'project', tags: ['docker', 'linux'], paused: false });
    expect(kindFields(entry)).toEqual({ runnerId: 42, runnerType: 'project_type', project: 'acme/app', tags: ['docker', 'linux'], paused: false });
    // The facts are inside the sealed overview: the file holds none of them in clear.
    const bytes = (await import('node:fs')).readFileSync(file).toString('latin1');
    expect(bytes).not.toContain('docker');
    again.close();
  });

  it('setting a rotation reminder keeps the other facts (a patch merges them)', async () => {
    const vault = await newVault();
    const made = vault.add({ name: 'hook', kind: 'webhook', facts: { owner: 'project', hookUrl: 'https://ci.example.com/hook' } }, 'a-long-random-webhook-secret');
    const after = vault.update(made.id, { facts: { rotateEveryDays: 180 } });
    expect(after.facts).toEqual({ owner: 'project', hookUrl: 'https://ci.example.com/hook', rotateEveryDays: 180 });
    vault.close();
  });

  it('an overview without facts encodes exactly as before (no cost for the tokens that have none)', async () => {
    const vault = await newVault();
    const plain = vault.add({ name: 'pat', kind: 'personal', instance: 'https://gitlab.com', scopes: ['api'] }, 'glpat-aaaaaaaaaaaaaaaaaaaa');
    const encoded = JSON.parse(encodeOverview(plain, '0'.repeat(32))) as unknown[];
    expect(encoded.length).toBe(17);
    vault.close();
  });

  it('facts that authenticate but are not well-formed make the overview damaged, not half-read', () => {
    const row = { id: 'x', createdAt: 0, updatedAt: 0 };
    const base = [2, '0'.repeat(32), 'n', 'runner', null, [], null, '', [], null, null, null, 0, 0, 0, 0, [], 0, 0];
    expect(decodeOverview(JSON.stringify([...base, { owner: 'project', tags: ['a'] }]), row, false)?.overview.facts).toEqual({ owner: 'project', tags: ['a'] });
    expect(decodeOverview(JSON.stringify([...base, { owner: 'planet' }]), row, false)).toBeNull();
    expect(decodeOverview(JSON.stringify([...base, { secret: 'glrt-x' }]), row, false)).toBeNull();
    expect(decodeOverview(JSON.stringify([...base, { paused: 'no' }]), row, false)).toBeNull();
  });

  it('an unknown fact is refused on input with the field named', async () => {
    const vault = await newVault();
    expect(() => vault.add({ name: 'x', kind: 'deploy', facts: { colour: 'red' } as never }, 'gldt-aaaaaaaaaaaaaaaaaaaa')).toThrow(/facts/);
    vault.close();
  });
});

describe('prefixes name the kind', () => {
  it('each prefix that names one kind imports as that kind', () => {
    expect(kindFromSecret('gldt-abc')).toBe('deploy');
    expect(kindFromSecret('glrt-abc')).toBe('runner');
    expect(kindFromSecret('glptt-abc')).toBe('trigger');
    expect(kindFromSecret('glagent-abc')).toBe('agent');
    expect(kindFromSecret('gloas-abc')).toBe('oauth-app');
    expect(kindFromSecret('glft-abc')).toBe('feed');
    expect(kindFromSecret('glimt-abc')).toBe('incoming-email');
    expect(kindFromSecret('glpat-abc')).toBe('personal');
    expect(kindFromSecret('glcbt-abc')).toBe('other');
    expect(kindFromSecret('hunter2')).toBe('other');
  });

  it('a token of one kind stored as another is named, with the kind to use', () => {
    expect(kindMismatch('gldt-aaaaaaaaaaaaaaaaaaaa', 'runner')).toBe('This is a deploy token (gldt-), not a runner authentication token; store it as kind deploy.');
    expect(kindMismatch('glrt-aaaaaaaaaaaaaaaaaaaa', 'personal')).toMatch(/runner authentication token \(glrt-\), not a personal access token; store it as kind runner/);
    expect(kindMismatch('glpat-aaaaaaaaaaaaaaaaaaaa', 'webhook')).toMatch(/access token \(glpat-\), not a webhook secret token/);
    expect(kindMismatch('glpat-aaaaaaaaaaaaaaaaaaaa', 'service-account')).toBeNull();
    expect(kindMismatch('glrt-aaaaaaaaaaaaaaaaaaaa', 'runner')).toBeNull();
    // A secret with no GitLab prefix (a webhook secret, an old OAuth secret) fits any kind.
    expect(kindMismatch('f'.repeat(64), 'oauth-app')).toBeNull();
    // 'other' is vague, not wrong.
    expect(kindMismatch('glrt-aaaaaaaaaaaaaaaaaaaa', 'other')).toBeNull();
  });

  // GitLab's prefixes are lower-case constants (DeployToken::DEPLOY_TOKEN_PREFIX, Ci::Runner
  // CREATED_RUNNER_TOKEN_PREFIX…) and tokens are found by their exact text: "GLDT-…" was once taken as
  // a runner token (the routable shape read it as an instance's own prefix), though GitLab refuses it.
  const ROUTABLE_TAIL = 'AbCdEfGhIjKlMnOpQrStUv.01abcdefg';
  it('an upper-case GitLab prefix is named as a changed copy, for every kind but other', () => {
    for (const kind of TOKEN_KINDS.filter((k) => k !== 'other'))
      expect(kindMismatch(`GLDT-${ROUTABLE_TAIL}`, kind)).toMatch(/^This starts with "GLDT-", which GitLab never issues: a deploy token starts with lower-case gldt-, .*Copy the token again/);
    expect(kindMismatch(`Glrt-${ROUTABLE_TAIL}`, 'runner')).toMatch(/"Glrt-".*runner authentication token starts with lower-case glrt-/);
    expect(kindMismatch(`GLPAT-${ROUTABLE_TAIL}`, 'personal')).toMatch(/lower-case glpat-/);
    expect(kindMismatch(`GLDT-${ROUTABLE_TAIL}`, 'other')).toBeNull();
  });

  it('the vault refuses to store an upper-cased deploy token as a runner token', async () => {
    const vault = await newVault();
    expect(() => vault.add({ name: 'host', kind: 'runner', instance: 'https://gitlab.example.com' }, `GLDT-${ROUTABLE_TAIL}`)).toThrow(/GLDT-.*never issues/);
    vault.close();
  });

  it("runner tokens of every origin are runners; the legacy registration token is named as what it is", () => {
    expect(kindFromSecret('glrtr-abcdefghijklmnopqrst')).toBe('runner');
    expect(kindMismatch('glrtr-abcdefghijklmnopqrst', 'runner')).toBeNull();
    expect(kindMismatch('GR1348941abcdefghijklmnopqrst', 'runner')).toMatch(/runner registration token \(GR1348941\), not a runner authentication token; store it as kind other/);
    // A runner registered before prefixes (a plain 20-character token) still fits.
    expect(kindMismatch('abcdefghij0123456789', 'runner')).toBeNull();
  });

  it('a CI/CD job token is explained and never stored, whatever kind is asked', () => {
    for (const kind of TOKEN_KINDS) expect(kindMismatch('glcbt-64_abcdefghijklmnop', kind)).toMatch(/CI\/CD job token \(glcbt-\)\. A CI\/CD job token lives only while its job runs/);
  });

  it('feed and incoming email tokens are their own kinds, explained', () => {
    expect(kindMismatch('glft-abcdefghijklmnopqrst', 'personal')).toMatch(/feed token \(glft-\), not a personal access token; store it as kind feed/);
    expect(kindMismatch('glimt-abcdefghijklmnopqrst', 'feed')).toMatch(/store it as kind incoming-email/);
  });
});
