// Audit of an account with 10,000 tokens on the emulator, over real HTTP: wall time, requests,
// and whether the client stayed inside the emulated rate limit. Run 1 uses gitlab.com's
// limit (2,000 a minute). Run 2 squeezes the limit to 40 requests per 5-second window, so the
// client must pace itself on RateLimit-Remaining/Reset instead of drawing 429s.
// `node --import tsx bench/gitlab-audit.ts`, or through bench/run.ts.
import { pathToFileURL } from 'node:url';
import { auditAccount } from '../electron/gitlab/audit';
import { GitLabClient } from '../electron/gitlab/client';
import { addDays, isoDay } from '../electron/gitlab/tokens';
import type { EntryOverview } from '../electron/vault/types';
import { start } from '../tests/gitlab-emulator/server';

const TOKENS = 10_000;

async function auditOnce(label: string, limit: { requests: number; windowSeconds: number }): Promise<void> {
  const em = await start({ settings: { rateLimitRequests: limit.requests, rateLimitWindowSeconds: limit.windowSeconds } });
  const today = isoDay(new Date());
  const owner = em.addUser('bench');
  for (let i = 0; i < TOKENS; i++) {
    em.state.issue({
      kind: 'personal',
      userId: owner.id,
      name: `token-${i}`,
      scopes: i % 7 === 0 ? ['api'] : ['read_api'],
      expiresAt: addDays(today, 1 + (i % 365)),
      lastUsedAt: i % 3 === 0 ? null : new Date().toISOString(),
      revoked: i % 50 === 0,
    });
  }
  const auditor = em.issueToken({ username: 'bench', name: 'auditor', scopes: ['read_api'] });
  // The vault side: 200 stored tokens linked by GitLab id.
  const entries: EntryOverview[] = [...em.state.tokens.values()].slice(0, 200).map((t) => ({
    id: `e${t.id}`, name: t.name, kind: 'personal', instance: em.url, scopes: t.scopes, expiresAt: t.expiresAt, description: '', usedIn: [], leadDays: null,
    createdAt: t.createdAt, updatedAt: t.createdAt, lastVerifiedAt: null, lastUsedAt: null, revoked: false,
    gitlab: { tokenId: t.id, userId: owner.id, username: 'bench', target: null, accessLevel: null, active: true, revoked: false }, pendingRotation: null, followUp: null, history: [],
  }));

  let requests = 0;
  const client = new GitLabClient({ instance: em.url, env: {}, onResponse: () => (requests += 1) });
  const t0 = performance.now();
  const report = await auditAccount(client, auditor.secret, entries);
  const ms = performance.now() - t0;
  await client.close();
  await em.stop();

  const within = em.stats.rateLimited === 0 && em.stats.peakInWindow <= limit.requests;
  console.log(`gitlab audit — ${label}`);
  console.log(`  tokens on GitLab        ${report.rows.filter((r) => r.tokenId !== null).length} (${TOKENS} + the auditor's own; above 10,000 GitLab omits totals, so pages are followed by x-next-page)`);
  console.log(`  wall time               ${(ms / 1000).toFixed(2)} s`);
  const pages = Math.ceil((TOKENS + 1) / 100);
  console.log(`  HTTP requests           ${requests} (${pages} list pages of 100; and ${requests - pages} others: the token itself and the impersonation list)`);
  console.log(`  rate limit              ${limit.requests} per ${limit.windowSeconds} s; peak ${em.stats.peakInWindow} in one window; 429s ${em.stats.rateLimited}`);
  console.log(`  stayed within limit     ${within ? 'yes' : 'NO'}`);
  console.log(`  findings                ${Object.entries(report.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

export async function runGitlabAuditBench(): Promise<void> {
  await auditOnce("gitlab.com's limit", { requests: 2000, windowSeconds: 60 });
  await auditOnce('tight limit, client must pace itself', { requests: 40, windowSeconds: 5 });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runGitlabAuditBench();
