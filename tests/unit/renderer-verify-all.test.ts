import { describe, expect, it } from 'vitest';
import type { Entry, GitLabFinding } from '../../electron/api';
import { runPaced, type Outcome } from '../../renderer/src/lib/paced';
import { ApiCallError } from '../../renderer/src/client';
import { hostWideFailure, isRateLimited, stopsTheRun, summarize, summaryLines, unverifiedOn } from '../../renderer/src/lib/verify-all';

/** A job per item that finishes only when the test says so, to watch what runs at once. */
function gate() {
  const running = new Set<number>();
  const started: number[] = [];
  let peak = 0;
  const release = new Map<number, (ok: boolean) => void>();
  const job = (n: number) =>
    new Promise<number>((resolve, reject) => {
      running.add(n);
      started.push(n);
      peak = Math.max(peak, running.size);
      release.set(n, (ok) => {
        running.delete(n);
        if (ok) resolve(n * 10);
        else reject(new Error(`job ${n} failed`));
      });
    });
  return { job, running, started, release, peak: () => peak };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('runPaced: a small concurrency limit and a pause between jobs', () => {
  it('never runs more than `concurrency` jobs at once, pauses before each worker\'s next job, and reports progress', async () => {
    const g = gate();
    const pauses: number[] = [];
    const progress: string[] = [];
    const run = runPaced([1, 2, 3, 4, 5], g.job, { concurrency: 2, pauseMs: 300, sleep: async (ms) => void pauses.push(ms), onProgress: (d, t) => progress.push(`${d}/${t}`) });
    await flush();
    expect(g.started).toEqual([1, 2]);
    g.release.get(1)!(true);
    await flush();
    expect(g.started).toEqual([1, 2, 3]);
    expect(pauses).toEqual([300]);
    for (const n of [2, 3, 4, 5]) {
      await flush();
      g.release.get(n)!(n !== 4);
    }
    const outcomes = await run;
    expect(g.peak()).toBe(2);
    // One pause before every job but each worker's first: 5 jobs, 2 workers, 3 pauses.
    expect(pauses).toEqual([300, 300, 300]);
    expect(progress).toEqual(['1/5', '2/5', '3/5', '4/5', '5/5']);
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'done', 'failed', 'done']);
    expect(outcomes[0]).toEqual({ status: 'done', value: 10 });
  });

  it('starts no job after a cancel; the running ones finish and the rest are skipped', async () => {
    const g = gate();
    const abort = new AbortController();
    const run = runPaced([1, 2, 3, 4], g.job, { concurrency: 2, pauseMs: 0, signal: abort.signal });
    await flush();
    abort.abort();
    g.release.get(1)!(true);
    g.release.get(2)!(true);
    const outcomes = await run;
    expect(g.started).toEqual([1, 2]);
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'skipped', 'skipped']);
  });

  it('stops starting jobs once `stopAfter` says so (GitLab\'s limit reached)', async () => {
    const started: number[] = [];
    const outcomes = await runPaced([1, 2, 3, 4], async (n) => (started.push(n), n), { concurrency: 1, pauseMs: 0, stopAfter: (o) => o.status === 'done' && o.value === 2 });
    expect(started).toEqual([1, 2]);
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'skipped', 'skipped']);
  });

  it('refuses a concurrency below 1 or a negative pause, and runs nothing for no items', async () => {
    await expect(runPaced([1], async (n) => n, { concurrency: 0, pauseMs: 0 })).rejects.toThrow('concurrency must be a whole number of at least 1.');
    await expect(runPaced([1], async (n) => n, { concurrency: 1, pauseMs: -1 })).rejects.toThrow('pauseMs must be zero or more.');
    expect(await runPaced([], async (n: number) => n, { concurrency: 2, pauseMs: 10 })).toEqual([]);
  });
});

const finding = (ok: boolean, code: string | null): { finding: GitLabFinding } => ({ finding: { ok, code, message: '', name: null, scopes: null, expiresAt: null, username: null, active: null } });

describe('Verify all: what it checks and how it sums up', () => {
  it('picks the live, never-verified GitLab tokens of one instance only', () => {
    const base = { kind: 'personal', instance: 'https://a.example', lastVerifiedAt: null, status: 'active' } as const;
    const entries = [
      { ...base, id: '1' },
      { ...base, id: '2', lastVerifiedAt: '2026-01-01T00:00:00.000Z' },
      { ...base, id: '3', instance: 'https://b.example' },
      { ...base, id: '4', status: 'revoked' },
      { ...base, id: '5', kind: 'other' },
      { ...base, id: '6', status: 'expiring' },
    ] as unknown as Entry[];
    expect(unverifiedOn(entries, 'https://a.example').map((e) => e.id)).toEqual(['1', '6']);
  });

  it('counts confirmed, dead, failed and not checked, and says so in words', () => {
    const outcomes: Outcome<{ finding: GitLabFinding }>[] = [
      { status: 'done', value: finding(true, null) },
      { status: 'done', value: finding(true, null) },
      { status: 'done', value: finding(false, 'revoked') },
      { status: 'done', value: finding(false, 'unreachable') },
      { status: 'failed', error: new Error('x') },
      { status: 'skipped' },
    ];
    const s = summarize(outcomes);
    expect(s).toEqual({ confirmed: 2, dead: 1, failed: 2, notChecked: 1, rateLimited: false, hostFailed: false });
    expect(summaryLines(s, true)).toEqual([
      'GitLab confirmed 2 tokens.',
      '1 token no longer works (revoked or expired on GitLab).',
      '2 tokens could not be checked (why is listed below).',
      '1 token was not checked: you cancelled.',
    ]);
  });

  it('stops on GitLab\'s rate limit and says to try again later', () => {
    const limited = { status: 'done', value: finding(false, 'rate_limited') } as const;
    expect(isRateLimited(limited)).toBe(true);
    expect(isRateLimited({ status: 'done', value: finding(false, 'revoked') })).toBe(false);
    const s = summarize([limited, { status: 'skipped' }, { status: 'skipped' }]);
    expect(summaryLines(s, false)).toEqual(['1 token could not be checked (why is listed below).', '2 tokens were not checked: GitLab asked to slow down (when to try again is listed below).']);
  });

  it('stops on a failure of the address itself (unknown host, refused, TLS), not on a token\'s own problem, and says why the rest were not checked', () => {
    const unknown = { status: 'done', value: { finding: { ...finding(false, 'unknown_host').finding, message: 'The host gitlab.invalid could not be found; check the instance address and your network.', fix: 'instance-address' as const } } } as const;
    expect(hostWideFailure(unknown)).toEqual({ message: 'The host gitlab.invalid could not be found; check the instance address and your network.', fix: 'instance-address' });
    for (const code of ['refused', 'tls', 'timeout', 'proxy', 'bad_instance']) expect(stopsTheRun({ status: 'done', value: finding(false, code) })).toBe(true);
    for (const code of ['revoked', 'expired', 'insufficient_scope', 'unrecognised', 'server_error']) expect(stopsTheRun({ status: 'done', value: finding(false, code) })).toBe(false);
    expect(stopsTheRun({ status: 'done', value: finding(true, null) })).toBe(false);
    expect(hostWideFailure({ status: 'failed', error: new ApiCallError('refused', '127.0.0.1:9 refused the connection.') })).toEqual({ message: '127.0.0.1:9 refused the connection.', fix: null });
    expect(hostWideFailure({ status: 'failed', error: new ApiCallError('NOT_FOUND', 'No such token.') })).toBeNull();
    const s = summarize([unknown, unknown, ...Array.from({ length: 13 }, () => ({ status: 'skipped' }) as const)]);
    expect(s).toMatchObject({ failed: 2, notChecked: 13, hostFailed: true });
    expect(summaryLines(s, false)).toEqual(['2 tokens could not be checked (why is said below).', '13 tokens were not checked: the GitLab address itself fails, so every check would fail the same way.']);
  });

  it('runs no further check after the first host-wide failure (two at a time: at most the one beside it)', async () => {
    const asked: number[] = [];
    const outcomes = await runPaced(Array.from({ length: 15 }, (_, i) => i), async (i) => {
      asked.push(i);
      return finding(false, 'unknown_host');
    }, { concurrency: 2, pauseMs: 0, stopAfter: stopsTheRun });
    expect(asked.length).toBeLessThanOrEqual(2);
    expect(outcomes.filter((o) => o.status === 'skipped')).toHaveLength(15 - asked.length);
  });
});
