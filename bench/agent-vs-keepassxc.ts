// Through the unlocked agent vs keepassxc-cli on 10,000 entries, in the same run: `show` and
// `add` with no key derivation on our path (keepassxc-cli derives its key every time, as the
// CLI without an agent does), and the wall time of `git credential fill` through our helper.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from './measure';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const KDF_MS = 500;
const PASSWORD = 'bench master password';
const CLI = path.resolve('dist/cli.mjs');
const TARGET = 0.05;

function timed(command: string, args: string[], input: string, env: NodeJS.ProcessEnv = process.env): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { input, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.slice(0, 4).join(' ')} failed (${result.status}): ${result.stderr.slice(0, 300)}`);
  return { ms, stdout: result.stdout };
}

interface BenchToken {
  title: string;
  password: string;
  url: string;
}

function writeCsv(file: string, tokens: BenchToken[]): void {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rows = tokens.map((t) => ['Root', t.title, '', t.password, t.url, '', '', '0', '', ''].map(q).join(','));
  fs.writeFileSync(file, `"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"\n${rows.join('\n')}\n`);
}

function writeKeepassXml(file: string, tokens: BenchToken[]): void {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const str = (key: string, value: string) => `<String><Key>${key}</Key><Value>${esc(value)}</Value></String>`;
  const uuid = () => randomBytes(16).toString('base64');
  const entries = tokens.map((t) => `<Entry><UUID>${uuid()}</UUID>${str('Title', t.title)}${str('Password', t.password)}${str('URL', t.url)}</Entry>`);
  fs.writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n<KeePassFile><Meta><Generator>tokenvault-bench</Generator></Meta><Root><Group><UUID>${uuid()}</UUID><Name>Root</Name>${entries.join('')}</Group></Root></KeePassFile>\n`);
}

/** The agent serving this bench's runtime folder: found by its command line and environment in /proc. */
function agentRssMiB(runtime: string): number | null {
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes(CLI) || !cmdline.includes('agent')) continue;
      if (!fs.readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`XDG_RUNTIME_DIR=${runtime}`)) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) return Number(rss[1]) / 1024;
    } catch {
      // A process that ended meanwhile, or not ours to read.
    }
  }
  return null;
}

const repeat = (once: (i: number) => number) => median(Array.from({ length: RUNS }, (_, i) => once(i)));

export async function runAgentBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-bench-agent-'));
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-bench-run-'));
  const ours = path.join(dir, 'ours.tokenvault');
  const kdbx = path.join(dir, 'reference.kdbx');
  const csv = path.join(dir, 'export.csv');
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtime, TOKENVAULT_VAULT: ours, DISPLAY: '', WAYLAND_DISPLAY: '' };
  const node = process.execPath;
  const tokens = Array.from({ length: ENTRIES }, (_, i) => ({
    title: `token-${String(i).padStart(5, '0')}`,
    password: `glpat-${randomBytes(15).toString('base64url')}`,
    url: i % 3 === 0 ? 'https://gitlab.com' : 'https://gitlab.example.com',
  }));
  writeCsv(csv, tokens);
  const xml = path.join(dir, 'export.xml');
  writeKeepassXml(xml, tokens);
  const pick = `token-${String(Math.floor(ENTRIES / 2)).padStart(5, '0')}`;
  const pw = `${PASSWORD}\n`;

  console.log(`\n== Agent: ${ENTRIES} entries, through the unlocked agent vs keepassxc-cli (KDF ${KDF_MS} ms on both), median of ${RUNS}`);
  timed('keepassxc-cli', ['import', '-q', '-p', '-t', String(KDF_MS), xml, kdbx], `${PASSWORD}\n${PASSWORD}\n`);
  timed(node, [CLI, 'init', '--decryption-time', String(KDF_MS)], `${PASSWORD}\n${PASSWORD}\n`, env);
  timed(node, [CLI, 'import', csv], pw, env);
  timed(node, [CLI, 'unlock', '--minutes', '30'], pw, env);
  const agentRss = agentRssMiB(runtime);
  // From here on a script that relies on the agent (cli.md): piped input holds only the secret.
  env.TOKENVAULT_NO_PASSWORD = '1';
  try {
    timed(node, [CLI, 'show', pick], '', env); // warm the agent's overview cache, as a session would be
    const results: [string, number, number][] = [
      ['show one (agent)', repeat(() => timed(node, [CLI, 'show', pick], '', env).ms), repeat(() => timed('keepassxc-cli', ['show', '-q', kdbx, pick], pw).ms)],
      [
        'add one (agent)',
        repeat((i) => timed(node, [CLI, 'add', `agent-added-${i}`], `glpat-agent-${i}\n`, env).ms),
        repeat((i) => timed('keepassxc-cli', ['add', '-q', '-p', kdbx, `agent-added-${i}`], `${PASSWORD}\nglpat-agent-${i}\n`).ms),
      ],
    ];
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-bench-home-'));
    const gitEnv = { ...env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
    const gitArgs = ['-c', 'credential.helper=', '-c', `credential.helper=!"${node}" "${CLI}" git-credential`, 'credential', 'fill'];
    // 3,334 tokens share gitlab.com: git gets the one marked as that instance's default.
    timed(node, [CLI, 'git-credential', 'default', 'token-00000'], '', env);
    const fill = repeat(() => {
      const run = timed('git', gitArgs, 'protocol=https\nhost=gitlab.com\n\n', gitEnv);
      if (!run.stdout.includes('password=glpat-')) throw new Error('git credential fill got no token');
      return run.ms;
    });
    const nodeStart = repeat(() => timed(node, ['-e', '0'], '').ms);

    console.log('operation                     ours ms  keepassxc ms  ratio   target');
    for (const [name, us, them] of results) {
      const ratio = us / them;
      // The floor: no command written for Node can start faster than Node itself.
      const floor = nodeStart / them;
      console.log(`${name.padEnd(28)} ${us.toFixed(0).padStart(8)} ${them.toFixed(0).padStart(13)} ${ratio.toFixed(3).padStart(6)}  ≤${TARGET} ${ratio <= TARGET ? 'ok' : 'MISSED'} (floor: \`node -e 0\` = ${floor.toFixed(3)}×)`);
    }
    console.log(`bare \`node -e 0\` (Node's own start-up, the floor for any tokenvault command): ${nodeStart.toFixed(0)} ms`);
    console.log(`git credential fill (helper through the agent): ${fill.toFixed(0)} ms wall, ${(fill - nodeStart).toFixed(0)} ms above bare Node`);
    console.log(`agent resident memory right after unlock (${ENTRIES} entries): ${agentRss === null ? 'not found' : `${agentRss.toFixed(0)} MiB`} (target ≤ 150 MiB); after serving the commands above: ${agentRssMiB(runtime)?.toFixed(0) ?? 'not found'} MiB`);
    fs.rmSync(home, { recursive: true, force: true });
  } finally {
    spawnSync(node, [CLI, 'lock'], { env });
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(runtime, { recursive: true, force: true });
  }
}
