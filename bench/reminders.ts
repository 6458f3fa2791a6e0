// How the reminders layer scales to a 10,000-token vault: status, month grid, reminder
// window, .ics export. Prints figures; run with `node --import tsx bench/reminders.ts`.
import { performance } from 'node:perf_hooks';
import { expiriesToIcs } from '../electron/reminders/ics-export';
import { monthGrid } from '../electron/reminders/month-grid';
import { dueReminders, expirySummary } from '../electron/reminders/schedule';
import { entryStatus } from '../electron/reminders/status';
import { upcomingExpiries } from '../electron/reminders/upcoming';
import type { EntryOverview } from '../electron/vault/types';

const N = 10_000;
const now = new Date('2026-11-25T10:00:00Z');
const entries: EntryOverview[] = Array.from({ length: N }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `token-${i}`,
  kind: 'project',
  instance: 'https://gitlab.example.com',
  scopes: ['api'],
  expiresAt: i % 20 === 0 ? null : new Date(now.getTime() + ((i * 7919) % 400 - 30) * 86_400_000).toISOString().slice(0, 10),
  description: '',
  usedIn: [],
  leadDays: null,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  lastVerifiedAt: null,
  lastUsedAt: null,
  revoked: i % 50 === 0,
  gitlab: { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null },
  pendingRotation: null, followUp: null,
  history: [],
}));

function time(label: string, fn: () => unknown, runs = 5): void {
  fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} median ${samples[Math.floor(runs / 2)]!.toFixed(1)} ms`);
}

console.log(`reminders, ${N} entries`);
time('entryStatus × N', () => entries.map((e) => entryStatus(e, now)));
time('upcomingExpiries (30 days)', () => upcomingExpiries(entries, now, 30));
time('monthGrid (Europe/Berlin)', () => monthGrid(entries, '2026-12', { timeZone: 'Europe/Berlin', now }));
time('dueReminders (one minute window)', () => dueReminders(entries, [60, 30, 7, 1], now, new Date(now.getTime() + 60_000)));
time('expirySummary (Pacific/Honolulu)', () => expirySummary(entries, now, 'Pacific/Honolulu'));
let bytes = 0;
time('expiriesToIcs', () => (bytes = expiriesToIcs(entries, { now }).length), 3);
console.log(`.ics size ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
