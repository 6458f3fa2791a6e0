// Renderer performance with 10,000 tokens, in Debian's Chromium against the preview server:
// time from pressing Enter on the unlock form to the first list rows, search keystroke
// latency (input event → list updated; target < 16 ms), and the gzipped JS the window
// loads at start (target < 300 KB). Run: node --import tsx bench/renderer.ts
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'vite';
import type { Entry } from '../electron/api';
import { filterEntries, warmSearchIndex } from '../renderer/src/lib/filter';
import { DEFAULT_FILTERS } from '../renderer/src/store';
import { RENDERER_DIST, startPreview } from '../scripts/preview-server';
import { TEST_KDF } from '../electron/vault/kdf';
import type { MainServices } from '../electron/services';
import { recordSteps, type StepRecord } from '../electron/vault/step-timing';

const COUNT = 10_000;
const PASSWORD = 'bench password for ten thousand tokens';
const QUERY = 'project-1234-ci';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

function bundleSizes(): { initialKb: number; totalKb: number } {
  const html = readFileSync(join(RENDERER_DIST, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!));
  let initialBytes = 0;
  let totalBytes = 0;
  for (const name of readdirSync(join(RENDERER_DIST, 'assets'))) {
    if (!name.endsWith('.js')) continue;
    const gz = gzipSync(readFileSync(join(RENDERER_DIST, 'assets', name)), { level: 9 }).length;
    totalBytes += gz;
    if (initial.has(`assets/${name}`)) initialBytes += gz;
  }
  return { initialKb: initialBytes / 1024, totalKb: totalBytes / 1024 };
}

function pureFilterLatency(entries: Entry[]): number[] {
  // As in the app: the search text is built once when the list loads, not on a keystroke.
  warmSearchIndex(entries);
  const times: number[] = [];
  for (let i = 1; i <= QUERY.length; i++) {
    const t0 = performance.now();
    filterEntries(entries, { ...DEFAULT_FILTERS, query: QUERY.slice(0, i) });
    times.push(performance.now() - t0);
  }
  return times;
}

/** This process's main thread's CPU time (Linux: /proc, in 10 ms ticks): the preview's services, never Argon2's worker. */
function mainThreadCpuMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; cat: string; args?: { name?: string } }

/** Marks the page sets (store.ts, Unlock.tsx) and this bench sets, in the order of the path. */
const PAGE_STEPS: Array<[string, string]> = [
  ['tv:bench-enter', 'Enter pressed'],
  ['unlock:start', 'unlock call sent (the form\'s submit)'],
  ['unlock:end', 'unlock call answered (main side below)'],
  ['tv:unlock-answered', 'its answer read'],
  ['tv:first-screen-asked', 'first-screen call sent (status stored, workspace rendered, its effect run)'],
  ['firstScreen:firstByte', 'first-screen call: first byte (main side below)'],
  ['firstScreen:end', 'first-screen call: last byte'],
  ['tv:first-screen-received', 'first screen parsed (JSON in the page)'],
  ['tv:first-screen-stored', 'first screen stored'],
  ['tv:list-asked', 'list call sent (status stored, workspace rendered, its effect run)'],
  ['list:firstByte', 'list call: first byte (main side below)'],
  ['list:end', 'list call: last byte'],
  ['tv:list-received', 'list parsed (JSON in the page)'],
  ['tv:entries-stored', 'entries stored'],
  ['tv:bench-rows', 'first rows in the DOM (React render)'],
  ['tv:bench-painted', 'first rows painted (style, layout, paint)'],
];

/**
 * Enter → first rows painted, split per step: the page's own marks and the two calls' resource
 * timings for wall time, Chromium's trace for the page's main-thread CPU in each step (each task's
 * thread time, shared out over the steps it overlaps), and the main side's own step records
 * (electron/vault/step-timing.ts) for its wall and CPU.
 */
async function unlockToFirstRows(browser: Browser, page: Page, services: MainServices): Promise<{ text: string; beyondKdfMs: number; kdfMs: number; totalMs: number; mainCpuMs: number; pageCpuMs: number }> {
  const steps: StepRecord[] = [];
  recordSteps(steps);
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const mainCpu0 = mainThreadCpuMs();
  const page0 = await page.evaluate(async () => {
    performance.clearMarks();
    performance.clearResourceTimings();
    const form = document.querySelector('form') as HTMLFormElement;
    const rows = new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (document.querySelector('[role="option"]')) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    performance.mark('tv:bench-enter');
    form.requestSubmit();
    await rows;
    performance.mark('tv:bench-rows');
    // The frame that shows them: after the next animation frame's paint, the first task.
    await new Promise<void>((resolve) => requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    }));
    performance.mark('tv:bench-painted');
    const at: Record<string, number> = {};
    for (const m of performance.getEntriesByType('mark')) at[m.name] ??= m.startTime;
    const entry = (name: string) => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((r) => r.name.endsWith(name));
    const unlock = entry('/api/vaultUnlock');
    const list = entry('/api/tokensList');
    if (unlock) Object.assign(at, { 'unlock:start': unlock.startTime, 'unlock:end': unlock.responseEnd });
    const first = entry('/api/tokensFirstScreen');
    if (first) Object.assign(at, { 'firstScreen:firstByte': first.responseStart, 'firstScreen:end': first.responseEnd });
    if (list) Object.assign(at, { 'list:firstByte': list.responseStart, 'list:end': list.responseEnd });
    return { at, listBytes: (first ?? list)?.transferSize ?? NaN };
  });
  const mainCpuRead = mainThreadCpuMs() - mainCpu0;
  recordSteps(null);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  const kdfMs = (services.session.unlocked() as unknown as { lastDerivationMs: number }).lastDerivationMs;

  // The page's clock against the trace's: the bench's first mark is in both.
  const events = trace.traceEvents;
  const enterMark = events.find((e) => e.name === 'tv:bench-enter' && e.cat.includes('blink.user_timing'));
  const rendererMain = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === enterMark?.pid);
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.pid === rendererMain?.pid && e.tid === rendererMain?.tid && e.dur !== undefined);
  const toTrace = (pageMs: number) => (enterMark?.ts ?? NaN) + (pageMs - (page0.at['tv:bench-enter'] ?? NaN)) * 1000;
  const cpuBetween = (fromMs: number, toMs: number) => {
    const a = toTrace(fromMs);
    const b = toTrace(toMs);
    let us = 0;
    for (const t of tasks) {
      const overlap = Math.min(b, t.ts + t.dur!) - Math.max(a, t.ts);
      if (overlap > 0 && t.dur! > 0) us += (t.tdur ?? t.dur!) * (overlap / t.dur!);
    }
    return us / 1000;
  };

  const lines: string[] = [];
  const f = (n: number) => n.toFixed(0).padStart(6);
  lines.push(`Unlock → first rows, step by step (wall ms · page main-thread CPU ms; the main side's steps nested under the call they answer):`);
  // Steps after the rows were painted (the whole list, asked for once the first screen shows) are not on the path.
  const lean = page0.at['tv:first-screen-stored'] !== undefined;
  const wholeListKeys = ['tv:list-asked', 'list:firstByte', 'list:end', 'tv:list-received', 'tv:entries-stored'];
  const present = PAGE_STEPS.filter(([key]) => page0.at[key] !== undefined && !(lean && wholeListKeys.includes(key)));
  const t0 = page0.at['tv:bench-enter']!;
  // The main side's steps, grouped under the call whose answer they made (by their order in the process).
  const unlockSteps = steps.filter((s) => !s.name.includes(':') || s.name.startsWith('vaultUnlock'));
  const isWholeList = (s: StepRecord) => s.name.startsWith('list call') || s.name.startsWith('tokensList');
  // With a first screen, the whole list is asked for once its rows are painted: its main-side steps are off the path.
  const afterRows = lean ? steps.filter(isWholeList) : [];
  const listSteps = steps.filter((s) => !afterRows.includes(s) && (isWholeList(s) || s.name.startsWith('first screen call') || s.name.startsWith('tokensFirstScreen')));
  const otherSteps = steps.filter((s) => !unlockSteps.includes(s) && !listSteps.includes(s) && !afterRows.includes(s));
  for (let i = 1; i < present.length; i++) {
    const [key, label] = present[i]!;
    const from = page0.at[present[i - 1]![0]]!;
    const to = page0.at[key]!;
    lines.push(`  ${f(to - from)} · ${f(cpuBetween(from, to))}  ${label}   [at ${(to - t0).toFixed(0)} ms]`);
    const nested = key === 'unlock:end' ? unlockSteps : key === 'list:firstByte' || key === 'firstScreen:firstByte' ? listSteps : [];
    for (const s of nested) lines.push(`          main: ${s.name}: ${s.wallMs.toFixed(1)} ms wall, ${s.cpuMs.toFixed(1)} ms CPU (process)`);
  }
  if (afterRows.length) lines.push(`  main, the whole list asked for after the rows were painted (off the path; its CPU counted below if it ran before the bench read it): ${afterRows.map((s) => `${s.name} ${s.cpuMs.toFixed(1)} ms CPU`).join('; ')}`);
  if (otherSteps.length) lines.push(`  main, other calls meanwhile: ${otherSteps.map((s) => `${s.name} ${s.wallMs.toFixed(1)} ms`).join('; ')}`);
  const totalMs = page0.at['tv:bench-painted']! - t0;
  const argonWait = steps.find((s) => s.name.startsWith('wait for Argon2'));
  // Beyond the KDF: the wall time from Enter to painted rows less Argon2's own time in its worker.
  const beyondKdfMs = totalMs - kdfMs;
  const pageCpu = cpuBetween(t0, page0.at['tv:bench-painted']!);
  // Less the whole list's steps that ran after the rows were painted but before the read above.
  const mainCpu = mainCpuRead - afterRows.reduce((sum, s) => sum + s.cpuMs, 0);
  // Main-side CPU beyond the KDF: the main thread's over the whole path (Argon2 runs in its worker).
  lines.push(`  total ${totalMs.toFixed(0)} ms: Argon2id ${kdfMs.toFixed(0)} ms in its worker (awaited ${argonWait?.wallMs.toFixed(0) ?? '?'} ms) → ${beyondKdfMs.toFixed(0)} ms beyond the KDF (goal ≤ 200 ms: ${beyondKdfMs <= 200 ? 'met' : 'not met'})`);
  lines.push(`  CPU beyond the KDF: main side ${mainCpu.toFixed(0)} ms (this process's main thread, Playwright's client in it); the page's own main thread ${pageCpu.toFixed(0)} ms; list answer ${(page0.listBytes / 1024).toFixed(0)} KiB`);
  return { text: lines.join('\n'), beyondKdfMs, kdfMs, totalMs, mainCpuMs: mainCpu, pageCpuMs: pageCpu };
}

export async function runRendererBench(): Promise<void> {
  console.log(`\n== Renderer: ${COUNT} tokens in Chromium ==`);
  await build({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
  const sizes = bundleSizes();
  console.log(`JS loaded at start, gzipped: ${sizes.initialKb.toFixed(1)} KB (target < 300 KB); all chunks incl. the lazy password-strength dictionaries: ${sizes.totalKb.toFixed(1)} KB`);

  const dir = mkdtempSync(join(tmpdir(), 'tv-bench-renderer-'));
  const preview = await startPreview({
    vaultPath: join(dir, 'vault.db'),
    clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => true },
    openExternal: () => undefined,
    gitlab: null,
    kdf: TEST_KDF,
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const api = preview.services.api;
    await api.vaultCreate({ password: PASSWORD });
    const instances = ['https://gitlab.com', 'https://gitlab.example.com', 'https://code.internal.example'];
    preview.services.session.unlocked().addMany(
      Array.from({ length: COUNT }, (_, i) => ({
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
    const entries = await api.tokensList({});
    const pure = pureFilterLatency(entries);
    console.log(`filterEntries alone (Node), per keystroke: median ${ms(pct(pure, 50))}, max ${ms(Math.max(...pure))}`);
    await api.vaultLock({});

    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    // tsx compiles with keepNames, whose __name helper the page functions below would call.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto(preview.url);
    // Each round is a first unlock of the day (its backups removed before it): what a person sees
    // each morning, and the case with the most work. The middle round by total is shown in full.
    const rounds: Array<Awaited<ReturnType<typeof unlockToFirstRows>>> = [];
    const count = Number(process.env.BENCH_UNLOCKS ?? 3);
    for (let round = 0; round < count; round++) {
      if (round > 0) {
        await (preview.services as Partial<{ backgroundSettled(): Promise<void> }>).backgroundSettled?.();
        await api.vaultLock({});
        await page.getByLabel('Master password').waitFor();
      }
      rmSync(join(dir, 'backups'), { recursive: true, force: true });
      await page.getByLabel('Master password').fill(PASSWORD);
      // A person takes a few seconds to type the password: where the app starts its Argon2 worker
      // when the unlock screen shows, it is loaded by Enter (at most 10 s is waited for it).
      const kdfWorker = (await import('../electron/vault/kdf-worker')) as { kdfWorkerWaiting?: () => boolean };
      for (let i = 0; i < 200 && kdfWorker.kdfWorkerWaiting && !kdfWorker.kdfWorkerWaiting(); i++) await new Promise((r) => setTimeout(r, 50));
      rounds.push(await unlockToFirstRows(browser, page, preview.services));
    }
    const byTotal = [...rounds].sort((a, b) => a.beyondKdfMs - b.beyondKdfMs);
    console.log(byTotal[Math.floor((byTotal.length - 1) / 2)]!.text);
    console.log(`  each round, beyond the KDF (wall · main CPU · page CPU): ${rounds.map((r) => `${r.beyondKdfMs.toFixed(0)} · ${r.mainCpuMs.toFixed(0)} · ${r.pageCpuMs.toFixed(0)} ms (KDF ${r.kdfMs.toFixed(0)})`).join('; ')}`);

    const keystrokes = await page.evaluate(async (query) => {
      const input = document.querySelector('input[type="search"]') as HTMLInputElement;
      const count = document.querySelector('[data-testid="result-count"]') as HTMLElement;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const times: number[] = [];
      // React renders a discrete input event's update in a microtask, so by the next task the
      // list is updated; a MessageChannel task comes right after, without timer clamping.
      const nextTask = () => new Promise<void>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      });
      const type = async (value: string) => {
        const t0 = performance.now();
        setValue.call(input, value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await nextTask();
        times.push(performance.now() - t0);
        if (count.textContent === null) throw new Error('The result count vanished.');
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      };
      for (let i = 1; i <= query.length; i++) await type(query.slice(0, i));
      for (let i = query.length - 1; i >= 0; i--) await type(query.slice(0, i));
      return times;
    }, QUERY);
    console.log(`Search keystroke → list updated (${keystrokes.length} keystrokes typing and deleting "${QUERY}"): median ${ms(pct(keystrokes, 50))}, p95 ${ms(pct(keystrokes, 95))}, max ${ms(Math.max(...keystrokes))} (target < 16 ms)`);
  } finally {
    await browser.close();
    await preview.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runRendererBench();
