// `tokenvault sync now` and `sync status` after someone who can write the sync folder planted a
// device whose device.json names a newer key generation: today's sync must not say "Synced",
// must not ask for "the new password", and must name what is wrong and what to do.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DeviceHeader, SYNC_FOLDER, wrapSyncKey } from '../../electron/sync/replica-format';
import { ReplicaStore } from '../../electron/sync/replica-store';
import { deriveKey } from '../../electron/vault/kdf';
import { loadSodium } from '../../electron/vault/sodium';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';

const PW = 'sync master password';

async function plant(folder: string): Promise<void> {
  const syncId = SYNC_FOLDER.exec(fs.readdirSync(folder).find((n) => SYNC_FOLDER.test(n))!)![1]!;
  const sodium = await loadSodium();
  const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
  const kdf = { alg: 'argon2id13' as const, opsLimit: 1, memLimitBytes: 8192 };
  const kek = deriveKey(sodium, 'the planted password', { ...kdf, salt });
  const header: DeviceHeader = {
    format: 'tokenvault-replica/1',
    syncId,
    deviceId: 'feedfacefeedface',
    gen: 5,
    kdf: { ...kdf, salt: Buffer.from(salt).toString('base64') },
    wrappedKey: wrapSyncKey(sodium, kek, syncId, 5, sodium.randombytes_buf(32)),
    syncedAt: new Date().toISOString(),
  };
  new ReplicaStore(folder, syncId).writeHeader(header.deviceId, header);
}

describe('tokenvault sync with a planted newer key', () => {
  it('says "Not fully synced" with KEY_NOT_VOUCHED and what to do, exits 4, and sync status says the same', async () => {
    const dir = tempDir('tv-cli-stall-');
    const runtime = tempDir('tv-run-');
    fs.chmodSync(runtime, 0o700);
    const folder = path.join(dir, 'Sync');
    fs.mkdirSync(folder);
    const a = path.join(dir, 'a.tokenvault');
    const cli = (args: string[], input: string) => runCli(['--vault', a, ...args], input, { XDG_RUNTIME_DIR: runtime });
    expect(cli(['init', '--decryption-time', '100'], `${PW}\n${PW}\n`).status).toBe(0);
    expect(cli(['sync', 'setup', '--folder', folder, '--name', 'laptop'], `${PW}\n`).status).toBe(0);
    await plant(folder);

    const now = cli(['sync', 'now'], `${PW}\n`);
    expect(now.stdout).not.toMatch(/^Synced/m);
    expect(now.stdout).toMatch(/^Not fully synced with the folder .* \(KEY_NOT_VOUCHED; see below\)/m);
    expect(now.stderr).toMatch(/generation 5\) that the key this device holds does not vouch for/);
    expect(now.stderr).toMatch(/tokenvault sync join/);
    expect(now.stderr).not.toMatch(/--new-password/);
    expect(now.status).toBe(4);

    const status = JSON.parse(cli(['sync', 'status', '--json'], `${PW}\n`).stdout);
    expect(status).toMatchObject({ needsPassword: false, lastSync: { ok: false, code: 'KEY_NOT_VOUCHED' } });
    expect(status.refused.join(' ')).toMatch(/does not vouch for/);
  }, 300_000);
});
