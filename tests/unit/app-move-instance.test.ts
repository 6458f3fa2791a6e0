// "Change the address of all N tokens on <host>" (issue 24, item 9) main-side: one call moves
// every token named, keeping secrets and history; a bad address or an unknown id moves none.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moveToInstance } from '../../electron/app/move-instance';
import { createServices, type MainServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import type { EntryOverview, EntryPatch, HistoryEvent } from '../../electron/vault/types';
import { tempDir } from '../helpers/vault-fixture';

const WRONG = 'https://gitlab.exmaple.com';
const RIGHT = 'https://gitlab.example.com';

describe('moving every token of one GitLab address', () => {
  let dir: string;
  let services: MainServices;
  let ids: string[];
  beforeEach(async () => {
    dir = tempDir();
    services = createServices({
      vaultPath: join(dir, 'v.db'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined,
      emit: () => undefined, gitlab: null, kdf: TEST_KDF,
    });
    await services.api.vaultCreate({ password: 'pw' });
    ids = [];
    for (const name of ['ci-a', 'ci-b', 'ci-c']) {
      ids.push((await services.api.tokensAdd({ entry: { name, kind: 'personal', instance: WRONG }, secret: `glpat-${name}-0123456789abcdef` })).id);
    }
  });
  afterEach(async () => {
    await services.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves them all in one call; each keeps its secret and history, which notes the move', async () => {
    const { entries } = await services.api.tokensSetInstance({ ids, instance: 'gitlab.example.com' });
    expect(entries.map((e) => e.instance)).toEqual([RIGHT, RIGHT, RIGHT]);
    for (const [i, name] of ['ci-a', 'ci-b', 'ci-c'].entries()) {
      const entry = await services.api.tokensGet({ id: ids[i]! });
      expect(entry).toMatchObject({ name, instance: RIGHT, lastVerifiedAt: null });
      expect(entry.history.at(-1)).toMatchObject({ action: 'edited', note: expect.stringContaining(`from ${WRONG} to ${RIGHT}`) });
      expect(entry.history[0]).toMatchObject({ action: 'created' });
      expect(services.api.tokensReveal({ id: ids[i]! })).toMatchObject({ secret: `glpat-${name}-0123456789abcdef` });
    }
    // Undo is the same call back.
    await services.api.tokensSetInstance({ ids, instance: WRONG });
    expect((await services.api.tokensList({})).map((e) => e.instance)).toEqual([WRONG, WRONG, WRONG]);
  });

  it('refuses an address it cannot use, and an unknown id, moving none', async () => {
    await expect(Promise.resolve().then(() => services.api.tokensSetInstance({ ids, instance: 'ftp://gitlab.example.com' }))).rejects.toMatchObject({ code: 'BAD_INSTANCE' });
    await expect(Promise.resolve().then(() => services.api.tokensSetInstance({ ids: [...ids, '00000000-0000-4000-8000-000000000000'], instance: RIGHT }))).rejects.toThrow();
    expect((await services.api.tokensList({})).map((e) => e.instance)).toEqual([WRONG, WRONG, WRONG]);
  });
});

describe('all or none', () => {
  it('puts back the tokens already moved when one cannot be', () => {
    const stored = new Map<string, EntryOverview>(['a', 'b', 'c'].map((id) => [id, { id, instance: WRONG, lastVerifiedAt: '2026-12-01T00:00:00.000Z' } as EntryOverview]));
    const vault = {
      get: (id: string) => ({ ...stored.get(id)! }),
      update: (id: string, patch: EntryPatch, _event: HistoryEvent) => {
        if (id === 'c' && patch.instance === RIGHT) throw new Error('disk full');
        const next = { ...stored.get(id)!, ...patch } as EntryOverview;
        stored.set(id, next);
        return next;
      },
    };
    expect(() => moveToInstance(vault, ['a', 'b', 'c'], RIGHT, '2026-12-06T10:00:00.000Z')).toThrow('disk full');
    expect([...stored.values()].map((e) => [e.instance, e.lastVerifiedAt])).toEqual([
      [WRONG, '2026-12-01T00:00:00.000Z'],
      [WRONG, '2026-12-01T00:00:00.000Z'],
      [WRONG, '2026-12-01T00:00:00.000Z'],
    ]);
  });
});
