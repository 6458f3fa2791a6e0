// Profiling helper (not a bench): one token changed in a synced vault of 10,000 tokens, then
// `syncNow` to a folder — what bench/sync.ts times as "write → replica", in CPU time per
// round, at the test KDF (the vault stays unlocked, so no derivation is in it).
// Run under `node --cpu-prof --import tsx bench/profile-sync-write.ts`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { syncNow } from '../electron/sync/engine';
import { FolderPlace } from '../electron/sync/place';
import { setupSync } from '../electron/sync/setup';
import { TEST_KDF } from '../electron/vault/kdf';
import { Vault } from '../electron/vault/vault';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 10_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-profile-sync-'));
const folder = path.join(dir, 'place');
fs.mkdirSync(folder);
const PASSWORD = 'profile password';
const vault = await Vault.create(path.join(dir, 'v.tokenvault'), PASSWORD, { kdf: TEST_KDF });
vault.addMany(Array.from({ length: ENTRIES }, (_, i) => ({ input: { name: `token-${i}`, instance: 'https://gitlab.example.com', scopes: ['read_api'] }, secret: `glpat-${randomBytes(15).toString('base64url')}` })));
const place = new FolderPlace(folder);
await setupSync(vault, PASSWORD, place, { kind: 'folder', where: folder }, 'A', true);
await syncNow(vault, place);
const ids = vault.list().map((e) => e.id);
const cpuMs = (a: NodeJS.CpuUsage) => { const b = process.cpuUsage(a); return (b.user + b.system) / 1000; };
for (let i = 0; i < 5; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  vault.update(ids[i]!, { description: `one change ${i}` });
  await syncNow(vault, place);
  console.log(`write → replica: ${cpuMs(c0).toFixed(0)} ms CPU, ${(performance.now() - t0).toFixed(0)} ms wall (load ${os.loadavg()[0]!.toFixed(1)})`);
}
vault.close();
fs.rmSync(dir, { recursive: true, force: true });
