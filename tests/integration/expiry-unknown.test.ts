// "Expiry unknown" is not "never expires" (issue 24, item 5). A token stored while GitLab could not
// answer, or imported without a date, is unknown — amber, nudged, asked for its date; one GitLab
// says has no date is "never", a risk. Vaults written before the distinction read sensibly: a
// dateless token GitLab had answered for is "never", any other is "unknown".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../electron/api';
import { createGitLabPort } from '../../electron/app/gitlab-adapter';
import { entryDetails, entryJson, entryTable } from '../../electron/cli/entry-json';
import { editPatch } from '../../electron/cli/edit';
import { expiryNudgeText } from '../../electron/desktop/reminder-notifier';
import { createServices, type MainServices } from '../../electron/services';
import { entryStatus } from '../../electron/reminders/status';
import { dueExpiryNudge } from '../../electron/reminders/unknown-expiry';
import { TEST_KDF } from '../../electron/vault/kdf';
import { decodeOverview, encodeOverview } from '../../electron/vault/overview-codec';
import type { EntryOverview } from '../../electron/vault/types';
import { start, type Emulator } from '../gitlab-emulator/server';

const DAY = 86_400_000;
let em: Emulator;
let dir: string;
let services: MainServices;
const api = () => services.api;

beforeAll(async () => {
  em = await start();
  dir = mkdtempSync(path.join(tmpdir(), 'tv-expiry-unknown-'));
  services = createServices({
    vaultPath: path.join(dir, 'vault.db'),
    clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => true },
    openExternal: () => undefined,
    emit: () => undefined,
    gitlab: createGitLabPort({ retries: 0, timeoutMs: 3000 }),
    kdf: TEST_KDF,
  });
  await api().vaultCreate({ password: 'correct horse battery staple' });
});
afterAll(async () => {
  await services.shutdown();
  rmSync(dir, { recursive: true, force: true });
  await em.stop();
});

describe('unknown and never, as stored', () => {
  it('a token GitLab says has no expiry date is "never"; verify stores it', async () => {
    const t = em.issueToken({ username: 'alice', name: 'old-forever', scopes: ['api'], expiresAt: null });
    const added = (await api().tokensAdd({ entry: { name: 'old-forever', kind: 'personal', instance: em.url }, secret: t.secret })) as Entry;
    expect(added.status).toBe('unknown');
    const { entry } = (await api().gitlabVerify({ id: added.id })) as { entry: Entry };
    expect(entry.expiresAt).toBeNull();
    expect(entry.status).toBe('never');
    expect(entryJson(services.session.unlocked().get(entry.id)).expiry).toBe('never');
  });

  it('added by hand while GitLab cannot answer: "unknown" without a date, the date kept when given', async () => {
    await api().existingPaste({ secret: 'glpat-unreachable-00000000000', instance: 'https://gitlab.invalid' });
    const draft = await api().existingVerify({});
    expect(draft.finding?.ok).toBe(false);
    const unknown = await api().existingStore({ name: 'offline-one', kind: 'personal' });
    expect(unknown.status).toBe('unknown');

    await api().existingPaste({ secret: 'glpat-unreachable-11111111111', instance: 'https://gitlab.invalid' });
    await api().existingVerify({});
    const dated = await api().existingStore({ name: 'offline-two', kind: 'personal', expiresAt: '2099-01-31' });
    expect(dated.expiresAt).toBe('2099-01-31');
    expect(dated.status).toBe('active');
  });

  it('the date given in Add is ignored when GitLab answered: GitLab’s own date wins', async () => {
    const t = em.issueToken({ username: 'alice', name: 'dated', scopes: ['api'], expiresAt: '2098-05-05' });
    await api().existingPaste({ secret: t.secret, instance: em.url });
    expect((await api().existingVerify({})).finding?.ok).toBe(true);
    const stored = await api().existingStore({ name: 'dated', kind: 'personal', expiresAt: '2030-01-01' });
    expect(stored.expiresAt).toBe('2098-05-05');
  });

  it('Edit: "never expires" by the person, "not known yet", and a date — each says so', async () => {
    const added = await api().tokensAdd({ entry: { name: 'deploy-key', kind: 'deploy' }, secret: 'gldt-aaaaaaaaaaaaaaaaaaaa' });
    expect(added.status).toBe('unknown');
    expect((await api().tokensUpdate({ id: added.id, patch: { expiresAt: null, neverExpires: true } })).status).toBe('never');
    expect((await api().tokensUpdate({ id: added.id, patch: { expiresAt: null, neverExpires: null } })).status).toBe('unknown');
    const dated = await api().tokensUpdate({ id: added.id, patch: { expiresAt: '2099-12-31' } });
    expect(dated.status).toBe('active');
    // Clearing the date again without a word is "unknown", not the old "never".
    expect((await api().tokensUpdate({ id: added.id, patch: { expiresAt: null } })).status).toBe('unknown');
  });

  it('the CLI: edit --expires never|none|unknown|DATE, and list/show say which', () => {
    expect(editPatch({ expires: 'never' })).toEqual({ expiresAt: null, gitlab: { neverExpires: true } });
    expect(editPatch({ expires: 'none' })).toEqual({ expiresAt: null, gitlab: { neverExpires: true } });
    expect(editPatch({ expires: 'unknown' })).toEqual({ expiresAt: null, gitlab: { neverExpires: null } });
    expect(editPatch({ expires: '2030-02-03' })).toEqual({ expiresAt: '2030-02-03', gitlab: { neverExpires: false } });
    const vault = services.session.unlocked();
    const offline = vault.list().find((e) => e.name === 'offline-one')!;
    const forever = vault.list().find((e) => e.name === 'old-forever')!;
    expect(entryJson(offline)).toMatchObject({ expiresAt: null, expiry: 'unknown', status: 'unknown' });
    expect(entryJson(forever)).toMatchObject({ expiresAt: null, expiry: 'never', status: 'never' });
    expect(entryDetails(offline)).toMatch(/Expires: +unknown \(set it: tokenvault edit/);
    expect(entryDetails(forever)).toMatch(/Expires: +never \(GitLab no longer issues/);
    expect(entryTable([offline, forever])).toMatch(/offline-one +personal +unknown +unknown/);
  });
});

const overview = (over: Partial<EntryOverview>): EntryOverview => ({
  id: '0b1c2d3e-0000-4000-8000-000000000001', name: 'x', kind: 'personal', instance: 'https://gitlab.com', scopes: [], expiresAt: null,
  description: '', usedIn: [], leadDays: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z',
  lastVerifiedAt: null, lastUsedAt: null, revoked: false,
  gitlab: { tokenId: 5, userId: 1, username: 'a', target: null, accessLevel: null, active: true, revoked: false },
  pendingRotation: null, followUp: null, history: [], ...over,
});
const roundTrip = (o: EntryOverview) => decodeOverview(encodeOverview(o, '0'.repeat(32)), { id: o.id, createdAt: Date.parse(o.createdAt), updatedAt: Date.parse(o.updatedAt) }, false)!.overview;

describe('vaults written before the distinction (read as they are, nothing rewritten)', () => {
  it('a dateless row GitLab had answered for reads as "never"; one never verified reads as "unknown"', () => {
    const verified = roundTrip(overview({ lastVerifiedAt: '2026-01-01T10:00:00.000Z' }));
    const unverified = roundTrip(overview({}));
    expect(verified.gitlab.neverExpires).toBe(true);
    expect(entryStatus(verified, new Date())).toBe('never');
    expect(unverified.gitlab.neverExpires).toBeUndefined();
    expect(entryStatus(unverified, new Date())).toBe('unknown');
  });

  it('an older reader’s seven facts stay first, and a stated "not known" survives the next read', () => {
    const stated = overview({ lastVerifiedAt: '2026-01-01T10:00:00.000Z', gitlab: { ...overview({}).gitlab, neverExpires: null } });
    const text = encodeOverview(stated, '0'.repeat(32));
    expect((JSON.parse(text) as unknown[])[13]).toEqual([5, 1, 'a', null, null, true, false, null]);
    expect(entryStatus(roundTrip(stated), new Date())).toBe('unknown');
  });
});

describe('nudges for an unknown expiry', () => {
  const unknown = overview({ gitlab: { ...overview({}).gitlab, neverExpires: null } });
  const at = (days: number) => new Date(Date.parse(unknown.createdAt) + days * DAY);

  it('a day after it was stored, then every 30 days — once each, and never for a dated or never-expiring token', () => {
    expect(dueExpiryNudge(unknown, at(0), at(0.9))).toBeNull();
    expect(dueExpiryNudge(unknown, at(0.9), at(1.1))?.fireAt).toEqual(at(1));
    expect(dueExpiryNudge(unknown, at(1.1), at(30))).toBeNull();
    expect(dueExpiryNudge(unknown, at(30), at(31.5))?.fireAt).toEqual(at(31));
    // A long sleep shows one nudge, not a pile.
    expect(dueExpiryNudge(unknown, at(0), at(200))?.fireAt).toEqual(at(181));
    expect(dueExpiryNudge({ ...unknown, expiresAt: '2099-01-01' }, at(0), at(200))).toBeNull();
    expect(dueExpiryNudge({ ...unknown, gitlab: { ...unknown.gitlab, neverExpires: true } }, at(0), at(200))).toBeNull();
    expect(dueExpiryNudge({ ...unknown, revoked: true }, at(0), at(200))).toBeNull();
  });

  it('its words ask for the date and name no secret', () => {
    const text = expiryNudgeText(unknown);
    expect(text.title).toBe('When does this token expire?');
    expect(text.body).toContain('x on gitlab.com has no expiry date in Token Vault. Set it');
  });
});
