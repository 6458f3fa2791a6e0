// tokensFirstScreen: the window's first list after an unlock asks for a screen's worth of rows
// and the whole list's size, then the whole list. Same order as tokensList, never a secret, and
// checked against the contract like every answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methods, type MethodName } from '../../electron/api';
import { fastAccept } from '../../electron/contract-check';
import { createHandlerTable, dispatch, type HandlerTable } from '../../electron/ipc';
import { createServices, type MainServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';

const PASSWORD = 'correct horse battery staple';
const secretOf = (i: number) => `glpat-first-screen-${String(i).padStart(6, '0')}`;

describe('tokensFirstScreen', () => {
  let dir: string;
  let services: MainServices;
  let table: HandlerTable;
  const call = async (m: MethodName, args: unknown = {}) => dispatch(table, m, args);
  const value = async <T>(m: MethodName, args: unknown = {}) => {
    const r = await call(m, args);
    if (!r.ok) throw new Error(`${m}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tv-first-screen-'));
    services = createServices({
      vaultPath: join(dir, 'vault.db'),
      clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => true, clearSelectionIfUnchanged: () => true },
      openExternal: () => undefined, emit: () => undefined, gitlab: null, kdf: TEST_KDF,
    });
    table = createHandlerTable(services.api);
    await value('vaultCreate', { password: PASSWORD });
    // Added out of name order, mixed case, one in the Trash: the order is the list's, not insertion's.
    const names = Array.from({ length: 150 }, (_, i) => `${i % 2 ? 'Svc' : 'svc'}-${String((i * 37) % 150).padStart(3, '0')}`);
    services.session.unlocked().addMany(names.map((name, i) => ({ input: { name, kind: 'project' as const }, secret: secretOf(i) })));
    const trashed = services.session.unlocked().list().find((e) => e.name.endsWith('-000'))!;
    await value('tokensRemove', { id: trashed.id });
    await value('vaultLock');
    await value('vaultUnlock', { password: PASSWORD });
  });
  afterEach(async () => {
    await services.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the first rows of the whole list, in its order, and the whole list\'s count', async () => {
    const first = await value<{ entries: Array<{ id: string; name: string }>; total: number }>('tokensFirstScreen', { limit: 60 });
    const whole = await value<Array<{ id: string; name: string }>>('tokensList');
    expect(whole).toHaveLength(149);
    expect(first.total).toBe(149);
    expect(first.entries).toHaveLength(60);
    expect(first.entries).toEqual(whole.slice(0, 60));
    expect(first.entries.map((e) => e.name)).not.toContain('svc-000');
  });

  it('a limit above the list gives the whole list', async () => {
    const first = await value<{ entries: unknown[]; total: number }>('tokensFirstScreen', { limit: 500 });
    expect(first.entries).toEqual(await value('tokensList'));
    expect(first.total).toBe(149);
  });

  it('never carries a secret', async () => {
    const answer = JSON.stringify(await call('tokensFirstScreen', { limit: 500 }));
    for (let i = 0; i < 150; i++) expect(answer).not.toContain(secretOf(i));
    expect(answer).not.toContain('glpat-');
  });

  it('is held to the contract: its answer compiles to the fast check and passes it; limits out of range are refused before the vault is read', async () => {
    const check = fastAccept(methods.tokensFirstScreen.result);
    expect(check).not.toBeNull();
    const answer = await value('tokensFirstScreen', { limit: 60 });
    expect(check!(answer)).toBe(true);
    expect(methods.tokensFirstScreen.result.safeParse(answer).success).toBe(true);
    // A stray field (a secret, say) is refused by both.
    const leaky = { ...(answer as object), secret: 'x' };
    expect(check!(leaky)).toBe(false);
    expect(methods.tokensFirstScreen.result.safeParse(leaky).success).toBe(false);
    for (const args of [{ limit: 0 }, { limit: 501 }, { limit: 1.5 }, {}, { limit: 10, extra: 1 }]) {
      expect(await call('tokensFirstScreen', args)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    }
  });

  it('is refused while locked', async () => {
    await value('vaultLock');
    expect(await call('tokensFirstScreen', { limit: 60 })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });
});
