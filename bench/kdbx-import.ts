// Importing 10,000 tokens from a KeePassXC database, both ways a user can, on the same .kdbx
// (written by keepassxc-cli with a 500 ms key derivation), measured in the same run:
//   direct:    tokenvault import db.kdbx                      (nothing in clear on disk)
//   CSV route: keepassxc-cli export -f csv db.kdbx > x.csv ; tokenvault import x.csv
// plus keepassxc-cli opening the same file (ls -R) as the native reference for reading it.
// Wall time (median of several runs) and peak memory (max RSS, GNU time).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Measured, measure, median } from './measure';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const KDF_MS = 500;
const MASTER = 'bench master password';
const DB_PASSWORD = 'bench keepass password';
const CLI = path.resolve('dist/cli.cjs');

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The bench's KeePass XML: ENTRIES GitLab tokens in one group (also bench/kdbx-before-after.ts). */
export function keepassXml(): string {
  const uuid = () => randomBytes(16).toString('base64');
  const str = (key: string, value: string) => `<String><Key>${key}</Key><Value>${xmlEscape(value)}</Value></String>`;
  const entries = Array.from({ length: ENTRIES }, (_, i) => {
    const fields = [str('Title', `token-${String(i).padStart(5, '0')}`), str('UserName', `bot-${i}`), str('Password', `glpat-${randomBytes(15).toString('base64url')}`), str('URL', i % 3 ? 'https://gitlab.example.com' : 'https://gitlab.com'), str('Notes', `Scopes read_api; used by pipeline ${i}`)];
    return `<Entry><UUID>${uuid()}</UUID><Times><CreationTime>2025-01-02T03:04:05Z</CreationTime><Expires>True</Expires><ExpiryTime>2027-01-01T00:00:00Z</ExpiryTime></Times>${fields.join('')}</Entry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<KeePassFile><Meta><Generator>KeePassXC</Generator></Meta><Root><Group><UUID>${uuid()}</UUID><Name>Root</Name><Group><UUID>${uuid()}</UUID><Name>GitLab</Name>${entries.join('')}</Group></Group></Root></KeePassFile>\n`;
}

export async function runKdbxImportBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-bench-kdbx-'));
  const node = process.execPath;
  const xml = path.join(dir, 'export.xml');
  const kdbx = path.join(dir, 'tokens.kdbx');
  fs.writeFileSync(xml, keepassXml());
  measure('keepassxc-cli', ['import', '-q', '-p', '-t', String(KDF_MS), xml, kdbx], `${DB_PASSWORD}\n${DB_PASSWORD}\n`);
  fs.rmSync(xml);
  console.log(`\n== Import ${ENTRIES} tokens from a KeePassXC database (KDBX 3.1, AES-KDF at ${KDF_MS} ms, ${(fs.statSync(kdbx).size / 1024 / 1024).toFixed(2)} MiB), median of ${RUNS}`);

  let run = 0;
  const freshVault = () => {
    const vault = path.join(dir, `v${(run += 1)}.tokenvault`);
    measure(node, [CLI, '--vault', vault, 'init', '--decryption-time', String(KDF_MS)], `${MASTER}\n${MASTER}\n`);
    measure(node, [CLI, '--vault', vault, 'list'], `${MASTER}\n`); // the day's first unlock writes a backup: not timed
    return vault;
  };
  const direct: Measured[] = [];
  const exports: Measured[] = [];
  const csvImports: Measured[] = [];
  const reads: Measured[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const a = freshVault();
    direct.push(measure(node, [CLI, '--vault', a, 'import', kdbx], `${MASTER}\n${DB_PASSWORD}\n`));
    if (!direct[i]!.stdout.includes(`Imported ${ENTRIES} tokens.`)) throw new Error(`direct import: ${direct[i]!.stdout.slice(-300)}`);
    const csv = path.join(dir, `export-${i}.csv`);
    const exported = measure('keepassxc-cli', ['export', '-q', '-f', 'csv', kdbx], `${DB_PASSWORD}\n`);
    fs.writeFileSync(csv, exported.stdout);
    exports.push(exported);
    const b = freshVault();
    csvImports.push(measure(node, [CLI, '--vault', b, 'import', csv], `${MASTER}\n`));
    fs.rmSync(csv);
    reads.push(measure('keepassxc-cli', ['ls', '-q', '-R', '-f', kdbx], `${DB_PASSWORD}\n`));
  }
  const row = (name: string, ms: number, mib: number, note = '') =>
    console.log(`${name.padEnd(44)} ${ms.toFixed(0).padStart(8)} ${mib.toFixed(0).padStart(8)}  ${note}`);
  const directMs = median(direct.map((m) => m.ms));
  const routeMs = median(exports.map((m, i) => m.ms + csvImports[i]!.ms));
  const readMs = median(reads.map((m) => m.ms));
  console.log('route                                              ms  max MiB');
  row('direct: tokenvault import tokens.kdbx', directMs, Math.max(...direct.map((m) => m.maxRssMiB)), `ratio ${(directMs / routeMs).toFixed(2)} of the CSV route`);
  row('CSV route: keepassxc-cli export + import CSV', routeMs, Math.max(...exports.map((m) => m.maxRssMiB), ...csvImports.map((m) => m.maxRssMiB)));
  row('  of which keepassxc-cli export -f csv', median(exports.map((m) => m.ms)), Math.max(...exports.map((m) => m.maxRssMiB)));
  row('  of which tokenvault import export.csv', median(csvImports.map((m) => m.ms)), Math.max(...csvImports.map((m) => m.maxRssMiB)));
  row('reference: keepassxc-cli ls -R tokens.kdbx', readMs, Math.max(...reads.map((m) => m.maxRssMiB)), `direct import is ${(directMs / readMs).toFixed(2)}× keepassxc opening it (target ≤1.5 ${directMs / readMs <= 1.5 ? 'ok' : 'MISSED'})`);
  // CPU time (user + system, all threads): steadier than wall time on a machine others load.
  const directCpu = median(direct.map((m) => m.cpuMs));
  const readCpu = median(reads.map((m) => m.cpuMs));
  console.log(`CPU time: direct import ${directCpu.toFixed(0)} ms, keepassxc-cli ls ${readCpu.toFixed(0)} ms: ${(directCpu / readCpu).toFixed(2)}× (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  fs.rmSync(dir, { recursive: true, force: true });
}
