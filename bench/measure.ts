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
