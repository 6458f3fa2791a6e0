// Child process for vault-memory-scan.test.ts: makes a vault, adds a token, unlocks it in a
// fresh Vault, lists, reads the secret, locks, collects garbage, then stops itself so the test
// can read every readable page of this process (/proc/<pid>/mem). Before locking it writes the
// vault key and subkeys to fd 3 and zeroes its own copies, so the only copies left to find are
// ones the vault failed to wipe.
import fs from 'node:fs';
import path from 'node:path';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';

const dir = process.argv[2]!;
const secret = `glpat-${'memscan'}-${'Zq81xYw3'}`;
const file = path.join(dir, 'v.tokenvault');
const created = await Vault.create(file, 'scan password', { kdf: TEST_KDF });
const entry = created.add({ name: 'scan-me', kind: 'other', description: 'overview text to be found' }, secret);
created.close();

const vault = Vault.open(file);
await vault.unlock('scan password');
vault.list();
vault.readSecret(entry.id);
// (Before the key ring, the keys were plain Uint8Arrays: read either, to show the older code's leaks too.)
const unlocked = (vault as unknown as { unlocked: { vaultKey?: Uint8Array; keys: { entryKey: Uint8Array; nameKey: Uint8Array; ring?: { copy(i: number): Uint8Array } } } }).unlocked;
for (const slot of [0, 1, 2]) {
  const { ring } = unlocked.keys;
  const view = ring ? ring.copy(slot) : [unlocked.vaultKey!, unlocked.keys.entryKey, unlocked.keys.nameKey][slot]!;
  fs.writeSync(3, view);
  if (ring) view.fill(0);
}
fs.closeSync(3);
vault.lock();
(globalThis as { gc?: () => void }).gc?.();
process.stdout.write('locked\n', () => process.kill(process.pid, 'SIGSTOP'));
setInterval(() => undefined, 1000);
