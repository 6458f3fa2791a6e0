// Profiling helper (not a bench): builds a 10,000-entry vault at the test KDF, then times
// open → unlock → list in a fresh process. Run under `node --cpu-prof --import tsx`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_KDF } from '../electron/vault/kdf';
import { Vault } from '../electron/vault/vault';

const file = process.argv[2] ?? path.join(os.tmpdir(), 'tv-profile-list.tokenvault');
const PASSWORD = 'profile password';
if (!fs.existsSync(file)) {
  const vault = await Vault.create(file, PASSWORD, { kdf: TEST_KDF });
  const instances = ['https://gitlab.com', 'https://gitlab.example.com', 'https://code.internal.example'];
  vault.addMany(
    Array.from({ length: 10_000 }, (_, i) => ({
      input: {
        name: `project-${i}-${['ci', 'deploy', 'registry', 'script'][i % 4]}`,
        kind: (['personal', 'project', 'group', 'deploy'] as const)[i % 4],
        instance: instances[i % 3],
        scopes: [['read_api'], ['read_repository'], ['api'], ['read_registry']][i % 4],
        expiresAt: new Date(Date.UTC(2027, 0, 1) + (i % 400) * 86_400_000).toISOString().slice(0, 10),
        usedIn: [`host-${i % 50}`],
      },
      secret: `glpat-bench-${i.toString(36).padStart(20, '0')}`,
    })),
  );
  vault.close();
  console.log(`made ${file}: ${(fs.statSync(file).size / 1024 / 1024).toFixed(2)} MiB`);
}
const t0 = performance.now();
const vault = Vault.open(file);
await vault.unlock(PASSWORD);
const t1 = performance.now();
const rows = vault.list();
const t2 = performance.now();
const json = JSON.stringify(rows);
const t3 = performance.now();
// Minimum of 5 cold lists (the cache dropped each time): the least disturbed by a loaded machine.
const cold: number[] = [];
for (let i = 0; i < 5; i++) {
  (vault as unknown as { cacheComplete: boolean }).cacheComplete = false;
  const started = performance.now();
  vault.list();
  cold.push(performance.now() - started);
}
console.log(`cold list, min of 5: ${Math.min(...cold).toFixed(0)} ms`);
console.log(`unlock ${(t1 - t0).toFixed(0)} ms, list ${(t2 - t1).toFixed(0)} ms (${rows.length}), JSON ${(t3 - t2).toFixed(0)} ms ${(json.length / 1024).toFixed(0)} KiB, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
vault.close();
