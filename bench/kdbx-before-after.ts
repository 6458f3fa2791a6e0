// `.kdbx` → vault, two builds of the CLI against keepassxc-cli on the same file, interleaved in
// one run (each round runs every command, in a rotating order, so load moves them alike):
//   BEFORE=/path/to/other/checkout/dist/cli.cjs node --import tsx bench/kdbx-before-after.ts
// AFTER defaults to this checkout's dist/cli.cjs (npm run build:cli first). ROUNDS (default 3).
// Each round also measures what the goal's floor is made of, on the same entries:
//   ls     keepassxc-cli ls -R: opening the file (its AES-KDF, decrypting, parsing), the reference;
//   csv    the newer build importing keepassxc-cli's CSV export of it into the same empty vault:
//          Node, our vault's Argon2 unlock, checking and sealing 10,000 rows — all a .kdbx import
//          does beyond opening the file;
//   merge  keepassxc-cli merge of the file into an empty database of its own (Argon2d, 500 ms):
//          KeePassXC's own way to bring one database's entries into another, a second key and
//          10,000 entries re-encrypted — the fair native reference for an import.
// The floor is ls + csv: a direct import cannot do less than open the file and do what the CSV
// import does. Prints, per round, CPU time (user + system of all threads, GNU time) and wall time,
// then the median ratios.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keepassXml } from './kdbx-import';
import { type Measured, measure, median } from './measure';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const KDF_MS = 500;
const MASTER = 'bench master password';
const DB_PASSWORD = 'bench keepass password';
const TARGET_PASSWORD = 'bench merge target password';
const builds = { before: process.env.BEFORE, after: process.env.AFTER ?? path.resolve('dist/cli.cjs') };
if (!builds.before) throw new Error('Set BEFORE to the other build\'s dist/cli.cjs.');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-bench-kdbx-ab-'));
const kdbx = path.join(dir, 'tokens.kdbx');
const csv = path.join(dir, 'tokens.csv');
const target = path.join(dir, 'target.kdbx');
fs.writeFileSync(path.join(dir, 'export.xml'), keepassXml());
measure('keepassxc-cli', ['import', '-q', '-p', '-t', String(KDF_MS), path.join(dir, 'export.xml'), kdbx], `${DB_PASSWORD}\n${DB_PASSWORD}\n`);
fs.writeFileSync(csv, measure('keepassxc-cli', ['export', '-q', '-f', 'csv', kdbx], `${DB_PASSWORD}\n`).stdout);
measure('keepassxc-cli', ['db-create', '-q', '-p', '-t', String(KDF_MS), target], `${TARGET_PASSWORD}\n${TARGET_PASSWORD}\n`);
// One empty vault made by the newer build, copied for every import (its first unlock's backup done).
const base = path.join(dir, 'base', 'v.tokenvault');
fs.mkdirSync(path.dirname(base));
measure(process.execPath, [builds.after, '--vault', base, 'init', '--decryption-time', String(KDF_MS)], `${MASTER}\n${MASTER}\n`);
measure(process.execPath, [builds.after, '--vault', base, 'list'], `${MASTER}\n`);

type Which = 'before' | 'after' | 'ls' | 'csv' | 'merge';
const runs: Record<Which, Measured[]> = { before: [], after: [], ls: [], csv: [], merge: [] };
const run = (which: Which, round: number): Measured => {
  if (which === 'ls') return measure('keepassxc-cli', ['ls', '-q', '-R', '-f', kdbx], `${DB_PASSWORD}\n`);
  if (which === 'merge') {
    const into = path.join(dir, `merge-${round}.kdbx`);
    fs.copyFileSync(target, into);
    return measure('keepassxc-cli', ['merge', '-q', into, kdbx], `${TARGET_PASSWORD}\n${DB_PASSWORD}\n`);
  }
  const vault = path.join(dir, `${which}-${round}`, 'v.tokenvault');
  fs.mkdirSync(path.dirname(vault));
  fs.copyFileSync(base, vault);
  const m = which === 'csv'
    ? measure(process.execPath, [builds.after, '--vault', vault, 'import', csv], `${MASTER}\n`)
    : measure(process.execPath, [builds[which]!, '--vault', vault, 'import', kdbx], `${MASTER}\n${DB_PASSWORD}\n`);
  if (!m.stdout.includes('Imported 10000 tokens.')) throw new Error(`${which}: ${m.stdout.slice(-300)}`);
  return m;
};
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const orders: Which[][] = [['before', 'ls', 'after', 'csv', 'merge'], ['after', 'merge', 'before', 'ls', 'csv'], ['ls', 'csv', 'merge', 'after', 'before']];
for (let round = 0; round < ROUNDS; round += 1) {
  for (const which of orders[round % orders.length]!) runs[which].push(run(which, round));
  const at = (which: Which) => runs[which][round]!;
  const ls = at('ls');
  const part = (which: 'before' | 'after') => `${which} ${s(at(which).cpuMs)} CPU (${(at(which).cpuMs / ls.cpuMs).toFixed(2)}×), ${s(at(which).ms)} wall (${(at(which).ms / ls.ms).toFixed(2)}×)`;
  console.log(`round ${round + 1}, load ${os.loadavg()[0]!.toFixed(1)}: keepassxc-cli ls ${s(ls.cpuMs)} CPU, ${s(ls.ms)} wall | ${part('before')} | ${part('after')} | csv import ${s(at('csv').cpuMs)} CPU | keepassxc-cli merge ${s(at('merge').cpuMs)} CPU, ${s(at('merge').ms)} wall`);
}
const list = (r: number[]) => r.map((x) => x.toFixed(2)).join(', ');
const cpuRange = (which: Which) => `${s(Math.min(...runs[which].map((m) => m.cpuMs)))}–${s(Math.max(...runs[which].map((m) => m.cpuMs)))}`;
for (const which of ['ls', 'csv', 'merge'] as const) console.log(`${which}: CPU ${cpuRange(which)}, median ${s(median(runs[which].map((m) => m.cpuMs)))}`);
const floor = runs.ls.map((m, i) => m.cpuMs + runs.csv[i]!.cpuMs);
console.log(`floor (ls + csv import): CPU ${list(floor.map((f) => f / 1000))} s, ${median(floor.map((f, i) => f / runs.ls[i]!.cpuMs)).toFixed(2)}× keepassxc-cli ls`);
for (const which of ['before', 'after'] as const) {
  const ratio = (to: (i: number) => number, key: 'cpuMs' | 'ms' = 'cpuMs') => runs[which].map((m, i) => m[key] / to(i));
  const cpu = ratio((i) => runs.ls[i]!.cpuMs);
  const wall = ratio((i) => runs.ls[i]!.ms, 'ms');
  console.log(
    `${which}: CPU ${cpuRange(which)}, ${median(cpu).toFixed(2)}× keepassxc-cli ls (${list(cpu)}), wall ${median(wall).toFixed(2)}× (${list(wall)}); ` +
      `${median(ratio((i) => floor[i]!)).toFixed(2)}× the floor (${list(ratio((i) => floor[i]!))}); ` +
      `${median(ratio((i) => runs.merge[i]!.cpuMs)).toFixed(2)}× keepassxc-cli merge (${list(ratio((i) => runs.merge[i]!.cpuMs))}), wall ${median(ratio((i) => runs.merge[i]!.ms, 'ms')).toFixed(2)}×`,
  );
}
fs.rmSync(dir, { recursive: true, force: true });
