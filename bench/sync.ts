// Sync at 10,000 tokens, against keepassxc-cli merge in the same run:
//  - merging: `tokenvault sync now` on a vault with 1,000 changes of its own while another
//    device's replica holds 1,000 others, vs `keepassxc-cli merge` of two 10,000-entry
//    databases with 1,000 entries changed on each side (same KDF time on both); goal ≤ 0.5×;
//  - one token changed: bytes written to the replica, growth of the git remote, and the time
//    from the write to its replica file (goal ≤ 1 s);
//  - all replicas together against the vault file (goal ≤ 2×).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syncNow } from '../electron/sync/engine';
import { GitPlace } from '../electron/sync/git-place';
import { FolderPlace } from '../electron/sync/place';
import { gitCloneFor } from '../electron/sync/places';
import { findSyncId, joinSync, setupSync } from '../electron/sync/setup';
import { Vault } from '../electron/vault/vault';
import { measure, median } from './measure';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 10_000);
const CHANGED = Math.floor(ENTRIES / 10);
const KDF_MS = 500;
const PASSWORD = 'bench master password';
const CLI = path.resolve('dist/cli.cjs');

function timed(command: string, args: string[], input: string, env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const result = spawnSync(command, args, { input, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.slice(0, 3).join(' ')} failed (${result.status}): ${result.stderr.slice(0, 300)}`);
  return performance.now() - started;
}

const sizeOf = (dir: string): number =>
  fs.readdirSync(dir, { withFileTypes: true, recursive: true }).reduce((sum, d) => (d.isFile() ? sum + fs.statSync(path.join(d.parentPath, d.name)).size : sum), 0);

function keepassXml(uuids: string[], changed: Set<number>, tag: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const str = (k: string, v: string) => `<String><Key>${k}</Key><Value>${esc(v)}</Value></String>`;
  const time = (i: number) => (changed.has(i) ? '2026-12-01T00:00:00Z' : '2026-01-01T00:00:00Z');
  const entries = uuids.map(
    (uuid, i) =>
      `<Entry><UUID>${uuid}</UUID><Times><LastModificationTime>${time(i)}</LastModificationTime><CreationTime>2026-01-01T00:00:00Z</CreationTime></Times>${str('Title', `token-${i}`)}${str('Password', changed.has(i) ? `glpat-${tag}-${i}` : `glpat-base-${i}`)}${str('Notes', changed.has(i) ? `changed on ${tag}` : '')}</Entry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<KeePassFile><Meta><Generator>bench</Generator></Meta><Root><Group><UUID>${randomBytes(16).toString('base64')}</UUID><Name>Root</Name>${entries.join('')}</Group></Root></KeePassFile>\n`;
}

export async function runSyncBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-bench-sync-'));
  const bare = path.join(dir, 'remote.git');
  execFileSync('git', ['init', '--quiet', '--bare', bare]);
  const url = `file://${bare}`;
  const config = { kind: 'git' as const, where: url };
  const pathA = path.join(dir, 'a.tokenvault');
  const pathB = path.join(dir, 'b.tokenvault');
  const placeA = new GitPlace(url, gitCloneFor(pathA));
  const placeB = new GitPlace(url, gitCloneFor(pathB));

  const a = await Vault.create(pathA, PASSWORD, { targetMs: KDF_MS });
  a.addMany(Array.from({ length: ENTRIES }, (_, i) => ({ input: { name: `token-${i}`, instance: 'https://gitlab.example.com', scopes: ['read_api'] }, secret: `glpat-${randomBytes(15).toString('base64url')}` })));
  await setupSync(a, PASSWORD, placeA, config, 'A', true);
  await syncNow(a, placeA);
  const b = await Vault.create(pathB, PASSWORD, { targetMs: KDF_MS });
  await joinSync(b, PASSWORD, placeB, config, await findSyncId(placeB), 'B');
  await syncNow(b, placeB, { joining: true });
  await syncNow(a, placeA);

  // 1,000 changed on each side, then B's go out; A's merge is timed through the CLI (one unlock).
  const ids = a.list().map((e) => e.id);
  for (let i = 0; i < CHANGED; i++) b.update(ids[i]!, { description: `changed on B ${i}` });
  for (let i = 0; i < CHANGED; i++) a.update(ids[ENTRIES - 1 - i]!, { description: `changed on A ${i}` });
  await syncNow(b, placeB);
  a.close();
  const env = { ...process.env, XDG_RUNTIME_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tv-bench-run-')) };
  const ours = measure(process.execPath, [CLI, '--vault', pathA, 'sync', 'now'], `${PASSWORD}\n`, env);

  const uuids = Array.from({ length: ENTRIES }, () => randomBytes(16).toString('base64'));
  const kdbx = (name: string, changed: Set<number>) => {
    const xml = path.join(dir, `${name}.xml`);
    fs.writeFileSync(xml, keepassXml(uuids, changed, name));
    const file = path.join(dir, `${name}.kdbx`);
    timed('keepassxc-cli', ['import', '-q', '-p', '-t', String(KDF_MS), xml, file], `${PASSWORD}\n${PASSWORD}\n`);
    return file;
  };
  const kA = kdbx('a', new Set(Array.from({ length: CHANGED }, (_, i) => ENTRIES - 1 - i)));
  const kB = kdbx('b', new Set(Array.from({ length: CHANGED }, (_, i) => i)));
  const reference = measure('keepassxc-cli', ['merge', '-q', '-s', kA, kB], `${PASSWORD}\n`);

  // One token changed at 10,000: what it costs the place.
  const reopened = Vault.open(pathA);
  await reopened.unlock(PASSWORD);
  await syncNow(reopened, placeA);
  const folder = placeA.root;
  const replicaBefore = sizeOf(path.join(folder));
  const gitBefore = sizeOf(bare);
  const writes: number[] = [];
  const writeCpu: number[] = [];
  const folderOnly = new FolderPlace(folder);
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    reopened.update(ids[i]!, { description: `one change ${i}` });
    const before = sizeOf(folder);
    const started = performance.now();
    const cpu = process.cpuUsage();
    await syncNow(reopened, folderOnly);
    const used = process.cpuUsage(cpu);
    writes.push(performance.now() - started);
    writeCpu.push((used.user + used.system) / 1000);
    bytes = Math.max(bytes, sizeOf(folder) - before);
    await placeA.publish(path.relative(folder, path.join(folder, fs.readdirSync(folder).find((f) => f.startsWith('tokenvault-'))!)), 'bench');
  }
  const gitGrowth = (sizeOf(bare) - gitBefore) / 5;
  const replicas = sizeOf(path.join(folder, fs.readdirSync(folder).find((f) => f.startsWith('tokenvault-'))!));
  reopened.close();
  const vaultBytes = fs.statSync(pathA).size;

  console.log(`\n== Sync: ${ENTRIES} tokens, ${CHANGED} changed on each of two devices (KDF ${KDF_MS} ms on both sides)`);
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (wall times stretch with load; CPU time far less)`);
  console.log(`merge: tokenvault sync now ${ours.ms.toFixed(0)} ms · keepassxc-cli merge ${reference.ms.toFixed(0)} ms · ratio ${(ours.ms / reference.ms).toFixed(2)}× (goal ≤ 0.5×); CPU ${ours.cpuMs.toFixed(0)} vs ${reference.cpuMs.toFixed(0)} ms, ${(ours.cpuMs / reference.cpuMs).toFixed(2)}×`);
  console.log(`one token changed: ${(bytes / 1024).toFixed(1)} KiB written to the replica, git remote +${(gitGrowth / 1024).toFixed(1)} KiB per change; write → replica ${median(writes).toFixed(0)} ms wall, ${median(writeCpu).toFixed(0)} ms CPU, median of 5 (goal ≤ 1000 ms)`);
  console.log(`replicas together ${(replicas / 1048576).toFixed(1)} MiB · vault file ${(vaultBytes / 1048576).toFixed(1)} MiB · ratio ${(replicas / vaultBytes).toFixed(2)}× (goal ≤ 2×); before the last changes ${(replicaBefore / 1048576).toFixed(1)} MiB with the clone's .git`);
  fs.rmSync(dir, { recursive: true, force: true });
}
