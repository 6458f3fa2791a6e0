// `import --create` of 10,000 tokens against `keepassxc-cli import`, round by round: in each
// round keepassxc-cli, then every CLI build given, one after the other on the same files, so a
// load change on this shared machine hits them alike. Prints per round the CPU (GNU time,
// user + system of all threads) and wall time of each, and each build's ratio to keepassxc-cli
// in that round; then the median ratio. Before/after a change: build the old commit's dist/
// elsewhere in the tree and name both:
//   node --import tsx bench/import-create-rounds.ts .before/dist/cli.cjs dist/cli.cjs
// (no arguments: dist/cli.cjs alone). BENCH_ROUNDS sets the rounds (3).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measure, median } from './measure';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const KDF_MS = 500;
const PASSWORD = 'bench master password';
const builds = (process.argv.length > 2 ? process.argv.slice(2) : ['dist/cli.cjs']).map((cli) => path.resolve(cli));

// The same tokens as bench/vault-vs-keepassxc.ts: KeePassXC's CSV export for ours, its XML for keepassxc-cli.
const tokens = Array.from({ length: ENTRIES }, (_, i) => ({
  title: `token-${String(i).padStart(5, '0')}`,
  password: `glpat-${randomBytes(15).toString('base64url')}`,
  url: i % 3 === 0 ? 'https://gitlab.com' : 'https://gitlab.example.com',
  notes: `Scopes read_api, read_repository; used by pipeline ${i}`,
}));
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const uuid = () => randomBytes(16).toString('base64');
const str = (key: string, value: string) => `<String><Key>${key}</Key><Value>${xmlEscape(value)}</Value></String>`;
const xmlText = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<KeePassFile><Meta><Generator>tokenvault-bench</Generator></Meta><Root><Group><UUID>${uuid()}</UUID><Name>Root</Name>${tokens.map((t) => `<Entry><UUID>${uuid()}</UUID>${str('Title', t.title)}${str('UserName', '')}${str('Password', t.password)}${str('URL', t.url)}${str('Notes', t.notes)}</Entry>`).join('')}</Group></Root></KeePassFile>\n`;
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const csvText = `"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"\n${tokens.map((t) => ['Root', t.title, '', t.password, t.url, t.notes, '', '0', '', ''].map(q).join(',')).join('\n')}\n`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-bench-import-'));
const xml = path.join(dir, 'export.xml');
const csv = path.join(dir, 'export.csv');
fs.writeFileSync(xml, xmlText);
fs.writeFileSync(csv, csvText);
const twice = `${PASSWORD}\n${PASSWORD}\n`;
const ratios: number[][] = builds.map(() => []);
const wallRatios: number[][] = builds.map(() => []);
console.log(`import --create, ${ENTRIES} tokens, KDF ${KDF_MS} ms both sides, ${ROUNDS} rounds; builds: ${builds.map((b) => path.relative(process.cwd(), b)).join(', ')}`);
for (let round = 1; round <= ROUNDS; round++) {
  const kdbx = path.join(dir, `ref-${round}.kdbx`);
  const kp = measure('keepassxc-cli', ['import', '-q', '-p', '-t', String(KDF_MS), xml, kdbx], twice);
  const line = [`round ${round} (load ${os.loadavg()[0]!.toFixed(1)}): keepassxc-cli ${(kp.cpuMs / 1000).toFixed(2)} s CPU, ${(kp.ms / 1000).toFixed(2)} s wall`];
  builds.forEach((cli, i) => {
    const vault = path.join(dir, `ours-${round}-${i}.tokenvault`);
    const ours = measure(process.execPath, [cli, '--vault', vault, 'import', csv, '--create', '--decryption-time', String(KDF_MS)], twice);
    ratios[i]!.push(ours.cpuMs / kp.cpuMs);
    wallRatios[i]!.push(ours.ms / kp.ms);
    line.push(`build ${i + 1}: ${(ours.cpuMs / 1000).toFixed(2)} s CPU (${(ours.cpuMs / kp.cpuMs).toFixed(2)}×), ${(ours.ms / 1000).toFixed(2)} s wall (${(ours.ms / kp.ms).toFixed(2)}×)`);
  });
  console.log(line.join(' · '));
}
builds.forEach((cli, i) => {
  console.log(`${path.relative(process.cwd(), cli)}: median CPU ratio ${median(ratios[i]!).toFixed(2)}× (${ratios[i]!.map((r) => r.toFixed(2)).join(', ')}), wall ${median(wallRatios[i]!).toFixed(2)}× (${wallRatios[i]!.map((r) => r.toFixed(2)).join(', ')}); goal ≤ 1.0×`);
});
fs.rmSync(dir, { recursive: true, force: true });
