// Sync's state is kept decoded between syncs of an open vault (engine.ts loadLocal) and each
// entity's text is reused when the state is written again (local-state.ts): what is read back
// must still be exactly what was written, another process's write must be seen, a caller's
// changes must not leak into the next read, and nothing of it may outlive a lock.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDelta, type Delta, emptyState } from '../../../electron/sync/crdt';
import { loadLocal, syncNow } from '../../../electron/sync/engine';
import { decodeLocal, encodeLocal, type LocalSync } from '../../../electron/sync/local-state';
import { FolderPlace } from '../../../electron/sync/place';
import { setupSync } from '../../../electron/sync/setup';
import { Vault } from '../../../electron/vault/vault';
import { newVault, PASSWORD, tempDir } from '../../helpers/vault-fixture';

const opened: Vault[] = [];
afterEach(() => {
  for (const vault of opened.splice(0)) vault.close();
});

function delta(s: number, ents: Delta['ents']): Delta {
  return { d: 'dev-a', s, h: s * 1000, c: { 'dev-a': s - 1 }, derived: false, ents, rel: {} };
}

function localWith(state = emptyState()): LocalSync {
  return {
    version: 1,
    syncId: 'sync-1',
    deviceId: 'dev-a',
    deviceName: 'A',
    place: { kind: 'folder', where: '/nowhere' },
    gen: 1,
    keys: { 1: 'AAAA' },
    header: { deviceId: 'dev-a', syncId: 'sync-1', gen: 1, syncedAt: '2026-01-01T00:00:00.000Z' } as LocalSync['header'],
    forgotten: [],
    paused: false,
    releasesHere: [],
    needsPasswordFor: null,
    lastSync: null,
    refused: {},
    state,
  };
}

describe('encodeLocal', () => {
  it('reads back as JSON would give it, also after entities were encoded once and some replaced', () => {
    let state = applyDelta(emptyState(), delta(1, { 'e:1': { f: { name: 'one', secret: 'glpat-1', note: undefined } }, 'e:2': { f: { name: 'two "quoted" \u2028', secret: 'glpat-2' } } }));
    expect(decodeLocal(encodeLocal(localWith(state)))).toEqual(JSON.parse(JSON.stringify(localWith(state))));
    state = applyDelta(state, delta(2, { 'e:2': { f: { name: 'two renamed' } }, 'e:3': { del: true } }));
    const local = { ...localWith(state), lastSync: { at: 'x', ok: true, message: 'Synced.' } };
    const back = decodeLocal(encodeLocal(local));
    expect(back).toEqual(JSON.parse(JSON.stringify(local)));
    expect(back.state.ents['e:2']!.f.name![0]!.v).toBe('two renamed');
  });
});

describe('the decoded sync state kept with an open vault', () => {
  async function synced(): Promise<{ vault: Vault; file: string; folder: string }> {
    const dir = tempDir();
    const folder = path.join(dir, 'place');
    fs.mkdirSync(folder);
    const vault = await newVault(dir);
    opened.push(vault);
    vault.add({ name: 'first' }, 'glpat-first-000000000');
    await setupSync(vault, PASSWORD, new FolderPlace(folder), { kind: 'folder', where: folder }, 'A', true);
    await syncNow(vault, new FolderPlace(folder));
    return { vault, file: vault.path, folder };
  }

  it('hands out copies: a caller changing what it read does not change the next read', async () => {
    const { vault } = await synced();
    const read = loadLocal(vault)!;
    read.deviceName = 'changed by a caller';
    read.forgotten.push('someone');
    expect(loadLocal(vault)!.deviceName).toBe('A');
    expect(loadLocal(vault)!.forgotten).toEqual([]);
  });

  it('sees what another process wrote since', async () => {
    const { vault, file, folder } = await synced();
    expect(Object.keys(loadLocal(vault)!.state.ents).filter((k) => k.startsWith('e:'))).toHaveLength(1);
    const other = Vault.open(file);
    opened.push(other);
    await other.unlock(PASSWORD);
    other.add({ name: 'second' }, 'glpat-second-00000000');
    await syncNow(other, new FolderPlace(folder));
    expect(Object.keys(loadLocal(vault)!.state.ents).filter((k) => k.startsWith('e:'))).toHaveLength(2);
  });

  it('is dropped on lock: the merged state holds every secret in the clear', async () => {
    const { vault } = await synced();
    loadLocal(vault);
    expect(vault.syncMemo).not.toBeNull();
    vault.lock();
    expect(vault.syncMemo).toBeNull();
  });
});
