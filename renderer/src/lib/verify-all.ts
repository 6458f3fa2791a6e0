// "Verify all": which tokens it checks and what the run found, in words. The checks
// themselves are gitlabVerify, one per token, paced by runPaced.
import type { Entry, ErrorFix, GitLabFinding } from '../../../electron/api';
import { codeOf, messageOf } from '../client';
import { showUnverified } from './entry';
import type { Outcome } from './paced';
import { count, verb } from './plural';

/** Two at a time with a pause: well under GitLab's per-user limits, and still quick for dozens. */
export const VERIFY_ALL_PACE = { concurrency: 2, pauseMs: 300 } as const;

/** The tokens of one GitLab instance that GitLab has never confirmed (live ones only). */
export const unverifiedOn = (entries: readonly Entry[], instance: string): Entry[] => entries.filter((e) => e.instance === instance && showUnverified(e));

/** GitLab's codes for a token that answered: it exists, and no longer works. */
const DEAD_CODES = new Set(['revoked', 'expired', 'rotation_lost']);

export interface VerifyAllSummary {
  confirmed: number;
  dead: number;
  failed: number;
  notChecked: number;
  /** GitLab's limit stopped the run early. */
  rateLimited: boolean;
  /** The address itself failed (hostWideFailure), which stopped the run. */
  hostFailed: boolean;
}

export const isRateLimited = (o: Outcome<{ finding: GitLabFinding }>): boolean => o.status === 'done' && o.value.finding.code === 'rate_limited';

/**
 * Failures of the address, not of a token: the host does not resolve, refuses, times out, shows
 * a certificate we do not trust, needs a proxy, or is not a GitLab. Every other check of that
 * address would meet the same, so the run stops on the first one.
 */
const HOST_WIDE = new Set(['unknown_host', 'refused', 'timeout', 'tls', 'proxy', 'bad_instance', 'html_instead_of_json', 'login_redirect']);

export interface HostFailure {
  message: string;
  fix: ErrorFix | null;
}

/** The host-wide failure this outcome is, or null (a token's own problem, or none). */
export function hostWideFailure(o: Outcome<{ finding: GitLabFinding }>): HostFailure | null {
  if (o.status === 'done') {
    const f = o.value.finding;
    return !f.ok && HOST_WIDE.has(f.code ?? '') ? { message: f.message, fix: f.fix ?? null } : null;
  }
  if (o.status === 'failed' && HOST_WIDE.has(codeOf(o.error) ?? '')) return { message: messageOf(o.error), fix: null };
  return null;
}

/** Stop starting checks: GitLab asked to slow down, or the address itself fails. */
export const stopsTheRun = (o: Outcome<{ finding: GitLabFinding }>): boolean => isRateLimited(o) || hostWideFailure(o) !== null;

export function summarize(outcomes: readonly Outcome<{ finding: GitLabFinding }>[]): VerifyAllSummary {
  const s: VerifyAllSummary = { confirmed: 0, dead: 0, failed: 0, notChecked: 0, rateLimited: false, hostFailed: false };
  for (const o of outcomes) {
    if (hostWideFailure(o)) s.hostFailed = true;
    if (o.status === 'skipped') s.notChecked += 1;
    else if (o.status === 'failed') s.failed += 1;
    else if (o.value.finding.ok) s.confirmed += 1;
    else if (DEAD_CODES.has(o.value.finding.code ?? '')) s.dead += 1;
    else {
      s.failed += 1;
      if (o.value.finding.code === 'rate_limited') s.rateLimited = true;
    }
  }
  return s;
}

/** The result in one sentence per kind of outcome, none for a kind that did not happen. */
export function summaryLines(s: VerifyAllSummary, cancelled: boolean): string[] {
  const lines: string[] = [];
  if (s.confirmed) lines.push(`GitLab confirmed ${count(s.confirmed, 'token')}.`);
  if (s.dead) lines.push(`${count(s.dead, 'token')} no longer ${verb(s.dead, 'works', 'work')} (revoked or expired on GitLab).`);
  if (s.failed) lines.push(`${count(s.failed, 'token')} could not be checked (why is ${s.hostFailed ? 'said' : 'listed'} below).`);
  const why = s.rateLimited ? 'GitLab asked to slow down (when to try again is listed below)' : s.hostFailed ? 'the GitLab address itself fails, so every check would fail the same way' : cancelled ? 'you cancelled' : 'stopped';
  if (s.notChecked) lines.push(`${count(s.notChecked, 'token')} ${verb(s.notChecked, 'was', 'were')} not checked: ${why}.`);
  return lines;
}
