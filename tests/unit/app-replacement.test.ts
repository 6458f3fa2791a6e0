// Issue 24 items 1 and 11, the main side: a replacement made in the wizard is stored into the
// token it replaces (same id, history, where-used, the old secret kept), never beside it as a
// second token of another name; a paste the vault already holds is named at once, and the
// refusal to store it carries the holder's id across the IPC boundary for "Open it".
import { describe, expect, it } from 'vitest';
import type { GitLabPort } from '../../electron/app/gitlab-port';
import { createHandlerTable, dispatch } from '../../electron/ipc';
import { appWithVault } from '../helpers/app-services';

const DEAD = 'glpat-dead-deployer-00000000';
const NEW = 'glpat-new-deployer-000000000';

/** GitLab that knows the new token only. */
const gitlab = {
  inspect: async (_instance: string, secret: string) =>
    secret === NEW
      ? { finding: { ok: true, code: null, message: 'ok', name: 'old-deployer', scopes: ['read_api'], expiresAt: '2031-05-06', username: 'eve', active: true }, facts: { tokenId: 99, userId: 7 } }
      : { finding: { ok: false, code: 'revoked', message: 'revoked', name: null, scopes: null, expiresAt: null, username: null, active: null }, facts: {} },
} as unknown as GitLabPort;

describe('a replacement from the wizard', () => {
  const app = appWithVault(gitlab);

  it('goes into the dead token: same id and name, history and places kept, the old secret kept, no second token', async () => {
    const dead = await app.services.api.tokensAdd({ entry: { name: 'old-deployer', kind: 'personal', instance: 'https://gitlab.example.com', scopes: ['read_api'], usedIn: ['deploy job'] }, secret: DEAD });
    await app.services.api.tokensUpdate({ id: dead.id, patch: { description: 'deploys the site' } });
    app.services.session.unlocked().update(dead.id, { revoked: true });
    await app.services.api.draftSave({ fields: { step: 'paste', name: 'old-deployer', kind: 'personal', instance: 'https://gitlab.example.com', scopes: ['read_api'], expiresAt: '2031-05-06', usedIn: ['deploy job'], replaces: dead.id } });
    await app.services.api.draftPaste({ secret: NEW });
    await app.services.api.draftVerify({});
    const stored = await app.services.api.draftStore({});
    expect(stored).toMatchObject({ id: dead.id, name: 'old-deployer', revoked: false, expiresAt: '2031-05-06', usedIn: ['deploy job'], gitlab: { tokenId: 99 } });
    expect(stored.followUp?.places).toEqual([{ place: 'deploy job', done: false }]);
    expect(stored.history.map((e) => e.action)).toEqual(['created', 'edited', 'edited', 'rotated']);
    expect((await app.services.api.tokensList({})).map((e) => e.name)).toEqual(['old-deployer']);
    expect(app.services.api.tokensReveal({ id: dead.id })).toMatchObject({ secret: NEW });
    expect(await app.services.api.tokensOldSecrets({ id: dead.id })).toHaveLength(1);
  });

  it('pasting the dead token itself is refused as the one already held', async () => {
    const dead = await app.services.api.tokensAdd({ entry: { name: 'old-deployer' }, secret: DEAD });
    await app.services.api.draftSave({ fields: { step: 'paste', name: 'old-deployer', replaces: dead.id } });
    expect(await app.services.api.draftPaste({ secret: DEAD })).toMatchObject({ storedAs: null });
    await expect(Promise.resolve().then(() => app.services.api.draftStore({}))).rejects.toMatchObject({ code: 'SECRET_SAME' });
  });
});

describe('a token already stored', () => {
  const app = appWithVault(gitlab);

  it('is named at paste, in the wizard and in Add an existing token, and the store refusal carries the holder id over IPC', async () => {
    const held = await app.services.api.tokensAdd({ entry: { name: 'deploy' }, secret: NEW });
    await app.services.api.tokensUpdate({ id: held.id, patch: { name: 'ci-deploy-api' } });
    expect(await app.services.api.existingPaste({ secret: ` ${NEW}\n` })).toMatchObject({ storedAs: { id: held.id, name: 'ci-deploy-api', inTrash: false } });
    expect(await app.services.api.draftPaste({ secret: NEW })).toMatchObject({ storedAs: { id: held.id, name: 'ci-deploy-api' } });
    const answer = await dispatch(createHandlerTable(app.services.api), 'existingStore', { name: 'again', kind: 'personal' });
    expect(answer).toEqual({ ok: false, error: { code: 'ALREADY_STORED', message: 'That token is already stored as "ci-deploy-api"; nothing was stored.', entryId: held.id } });
    expect(JSON.stringify(answer)).not.toContain(NEW);
    await app.services.api.tokensRemove({ id: held.id });
    expect(await app.services.api.existingPaste({ secret: NEW })).toMatchObject({ storedAs: { id: held.id, inTrash: true } });
  });
});
