// What any program of the user can do to a sync folder it can write: plant a device of its own
// whose header is one generation past every other, carrying a random sync key wrapped under a
// password the attacker chose. Nothing the vault already trusts vouches for that key.
import fs from 'node:fs';
import path from 'node:path';
import { deriveKey, TEST_KDF } from '../../electron/vault/kdf';
import { loadSodium } from '../../electron/vault/sodium';
import { DEVICE_FILE, REPLICA_FORMAT, SYNC_FOLDER, wrapSyncKey, type DeviceHeader } from '../../electron/sync/replica-format';

export const FORGED_DEVICE = 'aaaaaaaaaaaaaaaa';

export interface Planted {
  /** The replica folder (root/tokenvault-<syncId>). */
  dir: string;
  syncId: string;
  gen: number;
  /** The attacker's sync key: what it would read the victim's re-written replica with. */
  key: Uint8Array;
}

export const headerOf = (dir: string, device: string): DeviceHeader => JSON.parse(fs.readFileSync(path.join(dir, device, DEVICE_FILE), 'utf8')) as DeviceHeader;

export async function plantForgedHeader(root: string, password: string): Promise<Planted> {
  const folder = fs.readdirSync(root).find((f) => SYNC_FOLDER.test(f));
  if (!folder) throw new Error(`no sync folder in ${root}`);
  const syncId = SYNC_FOLDER.exec(folder)![1]!;
  const dir = path.join(root, folder);
  const sodium = await loadSodium();
  const gen = Math.max(...fs.readdirSync(dir).map((d) => headerOf(dir, d).gen)) + 1;
  const key = sodium.randombytes_buf(32);
  const salt = sodium.randombytes_buf(16);
  const kek = deriveKey(sodium, password, { ...TEST_KDF, salt });
  fs.mkdirSync(path.join(dir, FORGED_DEVICE), { recursive: true });
  const header: DeviceHeader = {
    format: REPLICA_FORMAT,
    syncId,
    deviceId: FORGED_DEVICE,
    gen,
    kdf: { alg: 'argon2id13', opsLimit: TEST_KDF.opsLimit, memLimitBytes: TEST_KDF.memLimitBytes, salt: Buffer.from(salt).toString('base64') },
    wrappedKey: wrapSyncKey(sodium, kek, syncId, gen, key),
    syncedAt: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(dir, FORGED_DEVICE, DEVICE_FILE), JSON.stringify(header));
  return { dir, syncId, gen, key };
}
