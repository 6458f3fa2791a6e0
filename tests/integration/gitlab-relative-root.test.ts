// GitLab installed under a path (its relative URL root, "https://host/gitlab"): the path is kept
// for every API call, in the pre-filled new-token pages, in the audit's instance matching, under
// a pinned certificate, and by the desktop app's link guard.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalUrlProblem } from '../../electron/desktop/open-external';
import { auditAccount } from '../../electron/gitlab/audit';
import { newTokenPageUrl } from '../../electron/gitlab/prefill';
import { verifyToken } from '../../electron/gitlab/tokens';
import { recoveryUrl, rotateEntry, verifyEntry } from '../../electron/gitlab/vault-ops';
import { TEST_KDF } from '../../electron/vault/kdf';
import { instanceOfPage } from '../../electron/vault/types';
import { Vault } from '../../electron/vault/vault';
import { start, testCertificate, type Emulator } from '../gitlab-emulator/server';
import { failure, quickClient } from './gitlab-helpers';

let em: Emulator;
let vault: Vault;
let dir: string;

beforeAll(async () => {
  em = await start({ relativeUrlRoot: '/gitlab' });
  dir = mkdtempSync(path.join(tmpdir(), 'tv-root-'));
  vault = await Vault.create(path.join(dir, 'v.tokenvault'), 'pw', { kdf: TEST_KDF });
});
afterAll(async () => {
  vault.close();
  rmSync(dir, { recursive: true, force: true });
  await em.stop();
});

describe('an instance under a relative URL root', () => {
  it('keeps the path for every API call', async () => {
    expect(em.url).toMatch(/\/gitlab$/);
    const client = quickClient(`${em.url}/`);
    expect(client.instance).toBe(em.url);
    const { secret } = em.issueToken({ username: 'rooted', scopes: ['api'] });
    const r = await verifyToken(client, secret);
    expect(r.token.name).toBe('rooted-personal');
    expect(em.stats.byPath.get('/gitlab/api/v4/personal_access_tokens/self')).toBeGreaterThan(0);
    expect(em.stats.byPath.get('/api/v4/personal_access_tokens/self')).toBeUndefined();
    await client.close();
  });

  it('without the path, says there is no API there and to include the path', async () => {
    const client = quickClient(new URL(em.url).origin);
    const { secret } = em.issueToken({ username: 'rooted', scopes: ['api'] });
    const err = await failure(verifyToken(client, secret), secret);
    expect(err.code).toBe('not_found');
    expect(err.message).toMatch(/no GitLab API at http:\/\/127\.0\.0\.1:\d+; if GitLab is installed under a path/);
    await client.close();
  });

  it('a pasted API or settings address is cut back to the root, not to the host', () => {
    expect(quickClient(`${em.url}/api/v4/personal_access_tokens/self`).instance).toBe(em.url);
    expect(quickClient(`${em.url}/-/user_settings/personal_access_tokens`).instance).toBe(em.url);
  });

  it("an imported entry's page address stands for its host, unless it is a UI or API page under a root", () => {
    expect(instanceOfPage('https://gitlab.com/acme/app')).toBe('https://gitlab.com');
    expect(instanceOfPage('https://example.com/gitlab/-/user_settings/personal_access_tokens')).toBe('https://example.com/gitlab');
    expect(instanceOfPage('example.com/gitlab/api/v4/projects')).toBe('https://example.com/gitlab');
    expect(instanceOfPage('ftp://example.com/x')).toBeNull();
  });

  it('pre-filled new-token pages and the recovery link keep the path', () => {
    expect(newTokenPageUrl('https://example.com/gitlab/', { kind: 'personal', name: 'ci', scopes: ['api'] })).toBe(
      'https://example.com/gitlab/-/user_settings/personal_access_tokens?name=ci&scopes=api',
    );
    expect(newTokenPageUrl('https://example.com/gitlab', { kind: 'project', projectPath: 'acme/app', name: 'bot' })).toBe(
      'https://example.com/gitlab/acme/app/-/settings/access_tokens?name=bot',
    );
    const entry = vault.add({ name: 'link', kind: 'personal', instance: 'https://example.com/gitlab', scopes: ['read_api'] }, 'glpat-x');
    expect(recoveryUrl(entry)).toMatch(/^https:\/\/example\.com\/gitlab\/-\/user_settings\/personal_access_tokens\?/);
  });

  it('verify, rotate and audit work and match the stored entries of that instance', async () => {
    const client = quickClient(em.url);
    const t = em.issueToken({ username: 'auditor', name: 'ci-main', scopes: ['api'] });
    const entry = vault.add({ name: 'ci-main', kind: 'personal', instance: `${em.url}/`, scopes: ['api'] }, t.secret);
    expect(entry.instance).toBe(em.url);
    await verifyEntry(vault, client, entry.id);
    const rotated = await rotateEntry(vault, client, entry.id);
    expect(rotated.entry.gitlab.tokenId).not.toBe(t.id);
    const report = await auditAccount(client, vault.readSecret(entry.id), vault.list());
    const row = report.rows.find((r) => r.tokenId === rotated.entry.gitlab.tokenId);
    expect(row).toMatchObject({ entryId: entry.id, matchedBy: 'tokenId' });
    expect(report.rows.filter((r) => r.findings.includes('missing_on_gitlab'))).toHaveLength(0);
    await client.close();
  });

  it('a pinned certificate is honoured for an instance with a path', async () => {
    const cert = testCertificate();
    const tlsEm = await start({ tls: cert, relativeUrlRoot: '/git/lab' });
    const fingerprint = new X509Certificate(cert.cert).fingerprint256;
    const client = quickClient(`${tlsEm.url}/`, { trustedFingerprint: fingerprint });
    const { secret } = tlsEm.issueToken({ username: 'tls', scopes: ['read_api'] });
    expect((await verifyToken(client, secret)).token.name).toBe('tls-personal');
    expect(tlsEm.stats.byPath.get('/git/lab/api/v4/personal_access_tokens/self')).toBe(1);
    await client.close();
    await tlsEm.stop();
  });
});

describe("the app's link guard with a relative URL root", () => {
  const instances = ['https://example.com/gitlab', 'https://gitlab.com'];
  it('opens pages under the root', () => {
    expect(externalUrlProblem('https://example.com/gitlab/-/user_settings/personal_access_tokens?name=x', instances)).toBeNull();
    expect(externalUrlProblem('https://example.com/gitlab', instances)).toBeNull();
  });
  it.each([
    'https://example.com/',
    'https://example.com/other/-/settings',
    'https://example.com/gitlabx/evil',
    'https://example.com/gitlab/../admin',
  ])('refuses %s: same host, outside the instance', (url) => {
    expect(externalUrlProblem(url, instances)).toMatch(/outside the GitLab instances you use on example\.com/);
  });
});
