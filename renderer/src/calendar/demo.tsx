// A standalone page for looking at the calendar components: fake tokens, no vault, no IPC.
// ?now=ISO fixes the clock (for screenshots); ?n=10000 loads a big vault to feel its speed.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ExpiryCalendar } from './ExpiryCalendar';
import { ExpirySummary } from './ExpirySummary';
import type { CalendarToken, TokenStatus } from './model';

const params = new URLSearchParams(location.search);
const now = params.get('now') ? new Date(params.get('now') as string) : new Date();
const count = Number(params.get('n') ?? 50);

const NAMES = ['ci-deploy', 'registry-push', 'release-bot', 'renovate', 'terraform-state', 'docs-publish', 'backup-mirror', 'k8s-agent', 'sentry-hook', 'pages-build'];
const INSTANCES = ['https://gitlab.com', 'https://gitlab.example.com', null];
const KINDS = ['personal', 'project', 'group', 'deploy'];

function isoDay(offsetDays: number): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offsetDays)).toISOString().slice(0, 10);
}

// Deterministic spread: mostly ahead over ~5 months, some overdue, a busy day, a few without expiry.
function makeTokens(n: number): CalendarToken[] {
  const tokens: CalendarToken[] = [];
  for (let i = 0; i < n; i++) {
    // Spread evenly over -20…+150 days, shuffled so names do not march in date order.
    let offset: number | null = Math.floor((((i * 7919) % n) / n) * 170) - 20;
    if (i % 17 === 5) offset = null;
    if (i % 11 === 3) offset = 9; // a busy day: "+N more"
    if (i === 7) offset = 12; // a revoked token in view
    const expiresAt = offset === null ? null : isoDay(offset);
    const revoked = i % 23 === 7;
    const status: TokenStatus = revoked ? 'revoked' : offset === null ? 'unknown' : offset <= 0 ? 'expired' : offset <= 30 ? 'expiring' : 'active';
    tokens.push({
      id: `t${i}`,
      name: `${NAMES[i % NAMES.length]}-${Math.floor(i / NAMES.length) + 1}`,
      expiresAt,
      status,
      kind: KINDS[i % KINDS.length] as string,
      instance: INSTANCES[i % INSTANCES.length] ?? null,
    });
  }
  return tokens;
}

const tokens = makeTokens(count);
const started = performance.now();
const timing = window as unknown as { calendarRenderMs?: number };

function Demo() {
  const [opened, setOpened] = useState('');
  useEffect(() => {
    // After React's first commit and the paint that follows it.
    requestAnimationFrame(() => {
      timing.calendarRenderMs ??= performance.now() - started;
    });
  }, []);
  return (
    <>
      <div className="demo-block">
        <ExpirySummary tokens={tokens} now={now} onOpenCalendar={() => setOpened('calendar')} />
      </div>
      <p id="opened" data-testid="opened">
        {opened ? `Opened: ${opened}` : ''}
      </p>
      <ExpiryCalendar tokens={tokens} now={now} onOpenEntry={(id) => setOpened(id)} />
    </>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Demo />
  </StrictMode>,
);
