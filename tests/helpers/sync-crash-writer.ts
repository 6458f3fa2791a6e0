// Child process for the sync crash test: adds a token, syncs, and says so only after the sync
// returned; again and again until the parent SIGKILLs it at a random moment.
import fs from 'node:fs';
import { syncNow } from '../../electron/sync/engine';
import { FolderPlace } from '../../electron/sync/place';
import { loadSodium, Vault } from '../../electron/vault/vault';

const [file, password, folder, trial] = process.argv.slice(2) as [string, string, string, string];
await loadSodium();
const vault = Vault.open(file);
await vault.unlock(password);
const place = new FolderPlace(folder);
for (let n = 0; ; n++) {
  const name = `t${trial}-${n}`;
  vault.add({ name }, `glpat-${trial}-${n}`);
  await syncNow(vault, place);
  fs.writeSync(1, `synced ${name}\n`);
}
