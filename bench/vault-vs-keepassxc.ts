// 10,000 entries, side by side with keepassxc-cli, both calibrated to a 500 ms key derivation,
// measured in the same run on the same machine: import, open+list, show one, add one, change
// the password (ours re-keys every entry), CLI start-up; wall time (median of several runs),
// peak memory (max RSS) and file sizes.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Measured, measure, median } from './measure';
import { vaultSizeProfile } from './vault-size';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const KDF_MS = 500;
const PASSWORD = 'bench master password';
const CLI = path.resolve('dist/cli.cjs');

type Summary = { ms: number; cpuMs: number; maxRssMiB: number };

function repeat(runs: number, once: (i: number) => Measured): Summary {
  const all = Array.from({ length: runs }, (_, i) => once(i));
  return { ms: median(all.map((m) => m.ms)), cpuMs: median(all.map((m) => m.cpuMs)), maxRssMiB: Math.max(...all.map((m) => m.maxRssMiB)) };
}

const tokens = Array.from({ length: ENTRIES }, (_, i) => ({
  title: `token-${String(i).padStart(5, '0')}`,
  password: `glpat-${randomBytes(15).toString('base64url')}`,
  url: i % 3 === 0 ? 'https://gitlab.com' : 'https://gitlab.example.com',
  notes: `Scopes read_api, read_repository; used by pipeline ${i}`,
}));

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const uuid = () => randomBytes(16).toString('base64');

function keepassXml(): string {
  const str = (key: string, value: string) => `<String><Key>${key}</Key><Value>${xmlEscape(value)}</Value></String>`;
  const entries = tokens.map((t) => `<Entry><UUID>${uuid()}</UUID>${str('Title', t.title)}${str('UserName', '')}${str('Password', t.password)}${str('URL', t.url)}${str('Notes', t.notes)}</Entry>`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<KeePassFile><Meta><Generator>tokenvault-bench</Generator></Meta><Root><Group><UUID>${uuid()}</UUID><Name>Root</Name>${entries.join('')}</Group></Root></KeePassFile>\n`;
}

function keepassCsv(): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rows = tokens.map((t) => ['Root', t.title, '', t.password, t.url, t.notes, '', '0', '', ''].map(q).join(','));
  return `"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"\n${rows.join('\n')}\n`;
}

export async function runVaultBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-bench-'));
  const xml = path.join(dir, 'export.xml');
  const csv = path.join(dir, 'export.csv');
  fs.writeFileSync(xml, keepassXml());
  fs.writeFileSync(csv, keepassCsv());
  const kdbx = path.join(dir, 'reference.kdbx');
  const ours = path.join(dir, 'ours.tokenvault');
  const kp = 'keepassxc-cli';
  const node = process.execPath;
  const pick = tokens[Math.floor(ENTRIES / 2)]!.title;
  const pw = `${PASSWORD}\n`;

  console.log(`\n== Vault: ${ENTRIES} entries, ours vs keepassxc-cli ${execFileSync(kp, ['--version'], { encoding: 'utf8' }).trim()}, KDF target ${KDF_MS} ms, median of ${RUNS}`);

  // Import = create a calibrated vault + bring in every entry. Like with like: one command on
  // each side (`import --create` / `keepassxc-cli import`), each a calibration (our probe, its
  // benchmark) and one key derivation, then the entries. The two-command way (init, then import:
  // a second start-up and a second Argon2 run, the import's unlock) is measured beside it.
  const kpImport = measure(kp, ['import', '-q', '-p', '-t', String(KDF_MS), xml, kdbx], `${PASSWORD}\n${PASSWORD}\n`);
  const ourCreate = measure(node, [CLI, '--vault', ours, 'import', csv, '--create', '--decryption-time', String(KDF_MS)], `${PASSWORD}\n${PASSWORD}\n`);
  const twoStep = path.join(dir, 'two-step.tokenvault');
  const ourInit = measure(node, [CLI, '--vault', twoStep, 'init', '--decryption-time', String(KDF_MS)], `${PASSWORD}\n${PASSWORD}\n`);
  const ourImport = measure(node, [CLI, '--vault', twoStep, 'import', csv], pw);
  fs.rmSync(twoStep);
  // The first unlock of the day writes the daily backup; take it out of the timed runs below.
  measure(node, [CLI, '--vault', ours, 'list'], pw);

  const rows: [string, Summary, Summary][] = [
    ['import (create + 10k)', ourCreate, kpImport],
    ['  init, then import (2 commands)', { ms: ourInit.ms + ourImport.ms, cpuMs: ourInit.cpuMs + ourImport.cpuMs, maxRssMiB: Math.max(ourInit.maxRssMiB, ourImport.maxRssMiB) }, kpImport],
    ['open + list', repeat(RUNS, () => measure(node, [CLI, '--vault', ours, 'list'], pw)), repeat(RUNS, () => measure(kp, ['ls', '-q', '-R', '-f', kdbx], pw))],
    ['show one', repeat(RUNS, () => measure(node, [CLI, '--vault', ours, 'show', pick], pw)), repeat(RUNS, () => measure(kp, ['show', '-q', kdbx, pick], pw))],
    [
      'add one',
      repeat(RUNS, (i) => measure(node, [CLI, '--vault', ours, 'add', `added-${i}`, '--kind', 'personal'], `${PASSWORD}\nglpat-new-${i}\n`)),
      repeat(RUNS, (i) => measure(kp, ['add', '-q', '-p', kdbx, `added-${i}`], `${PASSWORD}\nglpat-new-${i}\n`)),
    ],
    [
      // Ours: unlock (two Argon2 runs in all: the unlock, whose proof stands for the current
      // password, and the new key), a new vault key re-sealing every entry, truncating
      // checkpoint. keepassxc-cli: unlock, re-encrypt the file under the new password.
      'change password (10k)',
      repeat(RUNS, () => measure(node, [CLI, '--vault', ours, 'passwd', '--decryption-time', String(KDF_MS), '--keep-old-backups'], `${PASSWORD}\n${PASSWORD}\n${PASSWORD}\n`)),
      repeat(RUNS, () => measure(kp, ['db-edit', '-q', '-p', kdbx], `${PASSWORD}\n${PASSWORD}\n${PASSWORD}\n`)),
    ],
    ['CLI start-up (--help/--version)', repeat(RUNS, () => measure(node, [CLI, '--help'], '')), repeat(RUNS, () => measure(kp, ['--version'], ''))],
  ];
  // Node's own start-up in the same run: the floor under any command written for Node.
  const nodeFloor = repeat(RUNS, () => measure(node, ['-e', '0'], ''));

  // Sanity: both sides really hold every entry.
  const ourCount = JSON.parse(measure(node, [CLI, '--vault', ours, 'list', '--json'], pw).stdout).length;
  const kpCount = measure(kp, ['ls', '-q', '-R', '-f', kdbx], pw).stdout.trim().split('\n').length;

  const target: Record<string, number> = { 'add one': 0.25, 'open + list': 1.0, 'show one': 1.0, 'import (create + 10k)': 1.0 };
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (wall-time ratios stretch with load; the CPU-time ratio is the steadier one)`);
  console.log('operation                         ours ms  keepassxc ms  ratio   target      ours MiB  keepassxc MiB  CPU ms ours / keepassxc  CPU ratio');
  for (const [name, us, them] of rows) {
    const ratio = us.ms / them.ms;
    const goal = target[name];
    const verdict = goal === undefined ? '' : ratio <= goal ? `≤${goal} ok` : `≤${goal} MISSED`;
    console.log(
      `${name.padEnd(32)} ${us.ms.toFixed(0).padStart(8)} ${them.ms.toFixed(0).padStart(13)} ${ratio.toFixed(2).padStart(6)}  ${verdict.padEnd(11)} ${us.maxRssMiB.toFixed(0).padStart(6)} ${them.maxRssMiB.toFixed(0).padStart(13)}  ${`${us.cpuMs.toFixed(0)} / ${them.cpuMs.toFixed(0)}`.padStart(23)}  ${(us.cpuMs / them.cpuMs).toFixed(2).padStart(9)}`,
    );
  }
  const size = (f: string) => fs.statSync(f).size / 1024 / 1024;
  const help = rows.find(([name]) => name.startsWith('CLI start-up'))![1].ms;
  const helpCpu = rows.find(([name]) => name.startsWith('CLI start-up'))![1].cpuMs;
  console.log(`CLI start-up: --help ${help.toFixed(0)} ms, bare \`node -e 0\` ${nodeFloor.ms.toFixed(0)} ms: ${(help - nodeFloor.ms).toFixed(0)} ms above Node's floor (target ≤ 20); CPU ${helpCpu.toFixed(0)} ms vs ${nodeFloor.cpuMs.toFixed(0)} ms`);
  const sizeRatio = size(ours) / size(kdbx);
  console.log(`entries: ours ${ourCount}, keepassxc ${kpCount} · file size: ours ${size(ours).toFixed(2)} MiB, keepassxc ${size(kdbx).toFixed(2)} MiB, ratio ${sizeRatio.toFixed(2)} (target ≤3 ${sizeRatio <= 3 ? 'ok' : 'MISSED'})`);
  console.log(`keepassxc: ${(fs.statSync(kdbx).size / kpCount).toFixed(1)} bytes per entry. Where our file's bytes go (bench/vault-size.ts):`);
  for (const line of vaultSizeProfile(ours)) console.log(`  ${line}`);
  fs.rmSync(dir, { recursive: true, force: true });
}
