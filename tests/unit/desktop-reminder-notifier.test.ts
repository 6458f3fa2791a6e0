import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REMINDER_POLL_MS, startReminderNotifier, type ReminderSource } from '../../electron/desktop/reminder-notifier';
import type { EntryOverview } from '../../electron/vault/types';

const DAY = 86_400_000;

function entry(id: string, name: string, expiresAt: string): EntryOverview {
  return {
    id, name, kind: 'personal', instance: 'https://gitlab.example.com', scopes: ['api'], expiresAt, description: '', usedIn: [],
    leadDays: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', lastVerifiedAt: null, lastUsedAt: null,
    revoked: false, gitlab: { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null },
    pendingRotation: null, history: [],
  };
}

class FakeNotification extends EventEmitter {
  shown = false;
  constructor(readonly options: { title?: string; body?: string }) {
    super();
  }
  show() {
    this.shown = true;
  }
}

function setup(source: () => ReminderSource | null) {
  const notifications: FakeNotification[] = [];
  const onOpen = vi.fn();
  const notifier = startReminderNotifier({
    createNotification: (options) => {
      const n = new FakeNotification(options);
      notifications.push(n);
      return n as never;
    },
    isSupported: () => true,
    readSource: source,
    onOpen,
  });
  return { notifications, onOpen, notifier };
}

describe('startReminderNotifier', () => {
  // 7-day reminder for a token expiring 2026-12-10 fires at 2026-12-03T00:00Z.
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-02T23:59:30Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('shows a notification when a reminder falls due, once, and its click opens the token', () => {
    const source = { entries: [entry('e1', 'ci-deploy', '2026-12-10')], defaultLeadDays: [7] };
    const { notifications, onOpen, notifier } = setup(() => source);
    vi.advanceTimersByTime(REMINDER_POLL_MS);
    vi.advanceTimersByTime(REMINDER_POLL_MS * 5);
    expect(notifications).toHaveLength(1);
    const [shown] = notifications;
    expect(shown!.shown).toBe(true);
    expect(shown!.options.body).toBe('ci-deploy on gitlab.example.com expires in 6 days.');
    shown!.emit('click');
    expect(onOpen).toHaveBeenCalledWith({ id: 'e1', name: 'ci-deploy', expiresAt: '2026-12-10', daysLeft: 6 });
    notifier.stop();
  });

  it('shows nothing while locked', () => {
    const { notifications, notifier } = setup(() => null);
    vi.advanceTimersByTime(REMINDER_POLL_MS * 3);
    expect(notifications).toHaveLength(0);
    notifier.stop();
  });

  it('does not fire reminders that were already past when the app started', () => {
    const source = { entries: [entry('e1', 'old', '2026-12-05')], defaultLeadDays: [7] };
    const { notifications, notifier } = setup(() => source);
    vi.advanceTimersByTime(REMINDER_POLL_MS);
    expect(Date.now() - new Date('2026-11-28T00:00:00Z').getTime()).toBeGreaterThan(4 * DAY);
    expect(notifications).toHaveLength(0);
    notifier.stop();
  });
});
