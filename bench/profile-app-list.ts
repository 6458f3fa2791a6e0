// Profiling helper (not a bench): the app's own path for unlock → rows, without a browser —
// the same services and handler table main.ts binds to IPC (and the preview to HTTP), at the
// test KDF, 10,000 tokens: vaultUnlock, then tokensList through dispatch (the result checked
// against the API contract, as every answer is) and serialised as the preview sends it.
// Run under `node --cpu-prof --import tsx bench/profile-app-list.ts [vault file]`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHandlerTable, dispatch } from '../electron/ipc';
import { createServices } from '../electron/services';
import { TEST_KDF } from '../electron/vault/kdf';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-profile-app-'));
const file = process.argv[2] ?? path.join(dir, 'vault.tokenvault');
const PASSWORD = 'profile password';
const services = createServices({
  vaultPath: file,
  clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => true },
  openExternal: () => undefined,
  gitlab: null,
  emit: () => undefined,
  kdf: TEST_KDF,
});
const table = createHandlerTable(services.api);
const call = async (method: string, args: unknown = {}) => {
  const answer = await dispatch(table, method, args);
  if (!answer.ok) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
  return answer.value;
};
if (!fs.existsSync(file)) {
  await call('vaultCreate', { password: PASSWORD });
  const instances = ['https://gitlab.com', 'https://gitlab.example.com', 'https://code.internal.example'];
  services.session.unlocked().addMany(
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
  await call('vaultLock');
}
// Wall time on a loaded machine says little; CPU time (this process, all its threads: the
// unlock's includes Argon2 in its worker) says what the work costs.
const cpuMs = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user - a.user + b.system - a.system) / 1000;
for (let round = 0; round < 3; round++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await call('vaultUnlock', { password: PASSWORD });
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const rows = (await call('tokensList')) as unknown[];
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  const json = JSON.stringify({ ok: true, value: rows });
  const t3 = performance.now();
  const c3 = process.cpuUsage();
  console.log(
    `round ${round}: unlock ${(t1 - t0).toFixed(0)} ms (CPU ${cpuMs(c0, c1).toFixed(0)}), tokensList ${(t2 - t1).toFixed(0)} ms (CPU ${cpuMs(c1, c2).toFixed(0)}, ${rows.length} rows), JSON ${(t3 - t2).toFixed(0)} ms (CPU ${cpuMs(c2, c3).toFixed(0)}) ${(json.length / 1024).toFixed(0)} KiB`,
  );
  await call('vaultLock');
}

// The parts after Argon2, each timed alone in CPU time, best and median of 8 (the unlock's own
// figure above mixes in Argon2, the daily backup and the first run's compilation): opening every
// overview (the rows already read, as the unlock reads them during Argon2), the list call through
// dispatch (views, status, the contract check), and serialising its answer.
await call('vaultUnlock', { password: PASSWORD });
const vault = services.session.unlocked() as unknown as { selectOverviews(): unknown[]; prefetched: unknown; dataVersion: number; cacheComplete: boolean; list(): unknown[] };
const parts: Record<'open' | 'list call' | 'JSON', number[]> = { open: [], 'list call': [], JSON: [] };
for (let i = 0; i < 8; i++) {
  const rows = vault.selectOverviews();
  const c0 = process.cpuUsage();
  vault.prefetched = { version: vault.dataVersion, rows };
  vault.cacheComplete = false;
  vault.list();
  const c1 = process.cpuUsage();
  const value = await call('tokensList');
  const c2 = process.cpuUsage();
  JSON.stringify({ ok: true, value });
  const c3 = process.cpuUsage();
  parts.open.push(cpuMs(c0, c1));
  parts['list call'].push(cpuMs(c1, c2));
  parts.JSON.push(cpuMs(c2, c3));
}
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
console.log(Object.entries(parts).map(([name, xs]) => `${name} CPU best ${sorted(xs)[0]!.toFixed(0)} ms, median ${sorted(xs)[4]!.toFixed(0)} ms`).join('; '));
await call('vaultLock');
fs.rmSync(dir, { recursive: true, force: true });
