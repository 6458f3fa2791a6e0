// `.kdbx` → vault, two builds of the CLI against keepassxc-cli opening the same file, interleaved
// in one run (each round runs all three, in a rotating order, so load moves them alike):
//   BEFORE=/path/to/other/checkout/dist/cli.cjs node --import tsx bench/kdbx-before-after.ts
// AFTER defaults to this checkout's dist/cli.cjs (npm run build:cli first). Prints, per round,
// CPU time (user + system of all threads, GNU time) and wall time with each ratio to
// `keepassxc-cli ls` in the same round, then the median ratios. ROUNDS (default 3).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keepassXml } from './kdbx-import';
import { type Measured, measure, median } from './measure';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const KDF_MS = 500;
const MASTER = 'bench master password';
const DB_PASSWORD = 'bench keepass password';
const builds = { before: process.env.BEFORE, after: process.env.AFTER ?? path.resolve('dist/cli.cjs') };
if (!builds.before) throw new Error('Set BEFORE to the other build\'s dist/cli.cjs.');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-bench-kdbx-ab-'));
const kdbx = path.join(dir, 'tokens.kdbx');
fs.writeFileSync(path.join(dir, 'export.xml'), keepassXml());
measure('keepassxc-cli', ['import', '-q', '-p', '-t', String(KDF_MS), path.join(dir, 'export.xml'), kdbx], `${DB_PASSWORD}\n${DB_PASSWORD}\n`);
// One empty vault made by the newer build, copied for every import (its first unlock's backup done).
const base = path.join(dir, 'base', 'v.tokenvault');
fs.mkdirSync(path.dirname(base));
measure(process.execPath, [builds.after, '--vault', base, 'init', '--decryption-time', String(KDF_MS)], `${MASTER}\n${MASTER}\n`);
measure(process.execPath, [builds.after, '--vault', base, 'list'], `${MASTER}\n`);

type Which = 'before' | 'after' | 'ls';
const runs: Record<Which, Measured[]> = { before: [], after: [], ls: [] };
const run = (which: Which, round: number): Measured => {
  if (which === 'ls') return measure('keepassxc-cli', ['ls', '-q', '-R', '-f', kdbx], `${DB_PASSWORD}\n`);
  const vault = path.join(dir, `${which}-${round}`, 'v.tokenvault');
  fs.mkdirSync(path.dirname(vault));
  fs.copyFileSync(base, vault);
  const m = measure(process.execPath, [builds[which]!, '--vault', vault, 'import', kdbx], `${MASTER}\n${DB_PASSWORD}\n`);
  if (!m.stdout.includes('Imported 10000 tokens.')) throw new Error(`${which}: ${m.stdout.slice(-300)}`);
  return m;
};
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
for (let round = 0; round < ROUNDS; round += 1) {
  const orders: Which[][] = [['before', 'ls', 'after'], ['after', 'before', 'ls'], ['ls', 'after', 'before']];
  for (const which of orders[round % 3]!) runs[which].push(run(which, round));
  const ls = runs.ls[round]!;
  const part = (which: 'before' | 'after') => {
    const m = runs[which][round]!;
    return `${which} ${s(m.cpuMs)} CPU (${(m.cpuMs / ls.cpuMs).toFixed(2)}×), ${s(m.ms)} wall (${(m.ms / ls.ms).toFixed(2)}×)`;
  };
  console.log(`round ${round + 1}, load ${os.loadavg()[0]!.toFixed(1)}: keepassxc-cli ls ${s(ls.cpuMs)} CPU, ${s(ls.ms)} wall | ${part('before')} | ${part('after')}`);
}
for (const which of ['before', 'after'] as const) {
  const cpu = runs[which].map((m, i) => m.cpuMs / runs.ls[i]!.cpuMs);
  const wall = runs[which].map((m, i) => m.ms / runs.ls[i]!.ms);
  const list = (r: number[]) => r.map((x) => x.toFixed(2)).join(', ');
  console.log(`${which}: CPU ${median(cpu).toFixed(2)}× keepassxc-cli ls (${list(cpu)}), wall ${median(wall).toFixed(2)}× (${list(wall)}); CPU ${s(Math.min(...runs[which].map((m) => m.cpuMs)))}–${s(Math.max(...runs[which].map((m) => m.cpuMs)))}`);
}
fs.rmSync(dir, { recursive: true, force: true });
