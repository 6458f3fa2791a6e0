// What the side-by-side benches share: run a command under GNU time for its wall time and peak
// memory, and take medians. One copy, so every ratio in a run is measured the same way.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Measured {
  ms: number;
  /** User + system CPU time of the command and its threads: on a machine other sessions load, far steadier than the wall time. */
  cpuMs: number;
  maxRssMiB: number;
  stdout: string;
}

/** Runs a command under GNU time for its peak memory and CPU time; fails loudly if the command fails. */
export function measure(command: string, args: string[], input: string, env: NodeJS.ProcessEnv = process.env): Measured {
  const rssFile = path.join(os.tmpdir(), `tv-bench-rss-${process.pid}`);
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', rssFile, command, ...args], { input, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(0, 500)}`);
  const [rssKiB, user, system] = fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { ms, cpuMs: (user! + system!) * 1000, maxRssMiB: rssKiB! / 1024, stdout: result.stdout };
}

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

let perfWorks: boolean | null = null;

/**
 * As measure(), but the CPU time to the microsecond: GNU time prints user and system time cut
 * to 10 ms, too coarse for start-up figures a few ms apart. `perf stat`'s task-clock (the
 * command's threads and children, from the kernel's own accounting) when perf runs here; GNU
 * time otherwise (cpuBy says which). The wall time includes perf's own start, the same for
 * every command compared.
 */
export function measureCpu(command: string, args: string[], input: string, env: NodeJS.ProcessEnv = process.env): Measured & { cpuBy: 'perf' | 'time' } {
  perfWorks ??= spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', 'true'], { encoding: 'utf8' }).status === 0;
  if (!perfWorks) return { ...measure(command, args, input, env), cpuBy: 'time' };
  const statFile = path.join(os.tmpdir(), `tv-bench-perf-${process.pid}`);
  const started = performance.now();
  const result = spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', '-o', statFile, '--', command, ...args], { input, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(0, 500)}`);
  const line = fs.readFileSync(statFile, 'utf8').split('\n').find((l) => l.includes('task-clock'));
  const cpuMs = Number(line?.split(',')[0]);
  if (!Number.isFinite(cpuMs)) throw new Error(`perf stat gave no task-clock for ${command}: ${line}`);
  return { ms, cpuMs, maxRssMiB: Number.NaN, stdout: result.stdout, cpuBy: 'perf' };
}
