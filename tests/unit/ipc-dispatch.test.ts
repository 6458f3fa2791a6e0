import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, type MethodName } from '../../electron/api';
import { ServiceError } from '../../electron/app/errors';
import { GitLabError } from '../../electron/gitlab/errors';
import { createHandlerTable, dispatch, type ApiServices } from '../../electron/ipc';

const entry = {
  id: 'e1', name: 'ci', kind: 'project', instance: 'https://gitlab.example.com', scopes: ['read_api'], expiresAt: '2027-01-01',
  description: '', usedIn: [], leadDays: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
  lastVerifiedAt: null, lastUsedAt: null, revoked: false,
  gitlab: { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null },
  pendingRotation: null, followUp: null, history: [], status: 'active',
};

/** Services that record which ran and answer fixed values, so dispatch is tested alone. */
function recordingServices(answers: Partial<Record<MethodName, unknown>> = {}) {
  const calls: Array<{ method: string; args: unknown }> = [];
  const services = Object.fromEntries(
    METHOD_NAMES.map((m) => [m, (args: unknown) => { calls.push({ method: m, args }); return answers[m] ?? {}; }]),
  ) as unknown as ApiServices;
  return { table: createHandlerTable(services), calls };
}

describe('dispatch refuses bad requests before any service runs', () => {
  const cases: Array<[string, string, unknown]> = [
    ['an unknown method', 'tokensSteal', {}],
    ['a method name from Object.prototype', 'toString', {}],
    ['a wrong type', 'tokensGet', { id: 42 }],
    ['a missing field', 'tokensGet', {}],
    ['an extra field', 'tokensGet', { id: 'e1', admin: true }],
    ['an oversized string', 'tokensGet', { id: 'x'.repeat(65) }],
    ['an oversized password', 'vaultUnlock', { password: 'p'.repeat(2000) }],
    ['an oversized paste', 'draftPaste', { secret: 'a'.repeat(64 * 1024 + 1) }],
    ['a __proto__ key', 'tokensUpdate', JSON.parse('{"id":"e1","patch":{"__proto__":{"polluted":true}}}')],
    ['a constructor key', 'tokensUpdate', { id: 'e1', patch: { constructor: { prototype: {} } } }],
    ['a nested extra field', 'tokensUpdate', { id: 'e1', patch: { name: 'x', secret: 'glpat-x' } }],
    ['arguments that are not an object', 'tokensList', 'all'],
    ['arguments that are an array', 'tokensGet', ['e1']],
    ['a null argument', 'tokensGet', null],
    ['a malformed date', 'gitlabRotate', { id: 'e1', expiresAt: 'next week' }],
    ['an out-of-range setting', 'settingsUpdate', { patch: { clipboardClearSeconds: -1 } }],
  ];
  for (const [what, method, args] of cases) {
    it(`refuses ${what}`, async () => {
      const { table, calls } = recordingServices();
      const answer = await dispatch(table, method, args);
      expect(answer.ok).toBe(false);
      if (!answer.ok) {
        expect(['INVALID_ARGS', 'UNKNOWN_METHOD']).toContain(answer.error.code);
        expect(answer.error.message.length).toBeGreaterThan(0);
      }
      expect(calls).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }
});

describe('dispatch runs valid requests', () => {
  it('passes parsed arguments and answers {ok, value}', async () => {
    const { table, calls } = recordingServices({ tokensGet: entry });
    const answer = await dispatch(table, 'tokensGet', { id: 'e1' });
    expect(answer).toEqual({ ok: true, value: entry });
    expect(calls).toEqual([{ method: 'tokensGet', args: { id: 'e1' } }]);
  });

  it('treats missing arguments as an empty object for no-argument calls', async () => {
    const { table } = recordingServices({ tokensList: [] });
    expect(await dispatch(table, 'tokensList', undefined)).toEqual({ ok: true, value: [] });
  });

  it('lets a user-facing error cross as {code, message}', async () => {
    const services = recordingServices().table;
    const failing = { ...services, tokensGet: async () => { throw Object.assign(new Error('No token has that name.'), { name: 'VaultError', code: 'NOT_FOUND' }); } };
    expect(await dispatch(failing, 'tokensGet', { id: 'e1' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No token has that name.' } });
  });

  it('carries the fix an error offers (edit the instance address), so the renderer never reads the sentence', async () => {
    const services = recordingServices().table;
    const failing = {
      ...services,
      gitlabRevoke: async () => { throw new GitLabError('unknown_host', 'The host gitlab.invalid could not be found; check the instance address and your network.', { checkAddress: true }); },
      gitlabRotate: async () => { throw new GitLabError('timeout', 'gitlab.example.com did not answer within 5 s.'); },
      draftVerify: async () => { throw new ServiceError('NO_INSTANCE', 'Say which GitLab this token is for first.', 'instance-address'); },
    };
    expect(await dispatch(failing, 'gitlabRevoke', { id: 'e1' })).toMatchObject({ ok: false, error: { code: 'unknown_host', fix: 'instance-address' } });
    expect(await dispatch(failing, 'draftVerify', {})).toMatchObject({ ok: false, error: { code: 'NO_INSTANCE', fix: 'instance-address' } });
    const timeout = await dispatch(failing, 'gitlabRotate', { id: 'e1', expiresAt: '2027-01-01' });
    expect(timeout).toEqual({ ok: false, error: { code: 'timeout', message: 'gitlab.example.com did not answer within 5 s.' } });
  });

  it('hides the message of an unexpected error, which may hold paths or internals', async () => {
    const services = recordingServices().table;
    const failing = { ...services, tokensList: async () => { throw new Error('ENOENT /home/me/secret-place'); } };
    const answer = await dispatch(failing, 'tokensList', {});
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('INTERNAL');
      expect(answer.error.message).not.toContain('/home/me');
    }
  });

  it('refuses to forward a result that breaks the contract, such as an entry carrying its secret', async () => {
    const { table } = recordingServices({ tokensGet: { ...entry, secret: 'glpat-leak' } });
    const answer = await dispatch(table, 'tokensGet', { id: 'e1' });
    expect(answer.ok).toBe(false);
    expect(JSON.stringify(answer)).not.toContain('glpat-leak');
  });
});

describe('createHandlerTable', () => {
  it('refuses services that leave a method out', () => {
    expect(() => createHandlerTable({} as ApiServices)).toThrow(/do not implement vaultStatus/);
  });
});
