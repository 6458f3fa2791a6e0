import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REMINDER_POLL_MS, startReminderNotifier, type ReminderSource } from '../../electron/desktop/reminder-notifier';
import { buildLockedSchedule, type LockedSchedule } from '../../electron/reminders/locked-schedule';
import type { EntryOverview } from '../../electron/vault/types';

const DAY = 86_400_000;

function entry(id: string, name: string, expiresAt: string): EntryOverview {
  return {
    id, name, kind: 'personal', instance: 'https://gitlab.example.com', scopes: ['api'], expiresAt, description: '', usedIn: [],
    leadDays: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', lastVerifiedAt: null, lastUsedAt: null,
    revoked: false, gitlab: { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null },
    pendingRotation: null, followUp: null, history: [],
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

function setup(source: () => ReminderSource | null, readLockedSchedule?: () => LockedSchedule | null) {
  const notifications: FakeNotification[] = [];
  const onOpen = vi.fn();
  const onFailed = vi.fn();
  const notifier = startReminderNotifier({
    createNotification: (options) => {
      const n = new FakeNotification(options);
      notifications.push(n);
      return n as never;
    },
    isSupported: () => true,
    readSource: source,
    ...(readLockedSchedule ? { readLockedSchedule } : {}),
    onOpen,
    onFailed,
  });
  return { notifications, onOpen, onFailed, notifier };
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

  // Electron 42+ emits 'failed' (macOS, Windows) when the system refuses; an unsigned macOS build gets it every time.
  it('lets go of a notification the system refused, and tells the user once per run', () => {
    const source = { entries: [entry('e1', 'ci-deploy', '2026-12-10'), entry('e2', 'ops', '2026-12-10')], defaultLeadDays: [7] };
    const { notifications, onFailed, notifier } = setup(() => source);
    vi.advanceTimersByTime(REMINDER_POLL_MS);
    expect(notifications).toHaveLength(2);
    expect(notifier.held()).toBe(2);
    for (const n of notifications) n.emit('failed', {}, 'Notifications are not allowed for this application');
    expect(notifier.held()).toBe(0);
    expect(onFailed).toHaveBeenCalledTimes(1);
    expect(onFailed.mock.calls[0]![0]).toEqual({
      message: 'Token Vault cannot show reminder notifications',
      detail: expect.stringContaining('(Notifications are not allowed for this application)'),
    });
    expect(onFailed.mock.calls[0]![0].detail).toMatch(/calendar/);
    notifier.stop();
  });

  it('holds shown notifications until clicked or closed', () => {
    const source = { entries: [entry('e1', 'ci-deploy', '2026-12-10'), entry('e2', 'ops', '2026-12-10')], defaultLeadDays: [7] };
    const { notifications, onFailed, notifier } = setup(() => source);
    vi.advanceTimersByTime(REMINDER_POLL_MS);
    notifications[0]!.emit('click');
    expect(notifier.held()).toBe(1);
    notifications[1]!.emit('close');
    expect(notifier.held()).toBe(0);
    expect(onFailed).not.toHaveBeenCalled();
    notifier.stop();
  });

  // A trigger token never expires; rotate-every 30 days from its creation falls due 2026-12-03.
  it('notifies a rotation reminder of a never-expiring token once, on its due day, and its click opens the token', () => {
    const trigger: EntryOverview = { ...entry('t1', 'deploy-trigger', ''), expiresAt: null, kind: 'trigger', createdAt: '2026-11-03T00:00:00Z', facts: { rotateEveryDays: 30 } as never };
    const source = { entries: [trigger], defaultLeadDays: [7] };
    const { notifications, onOpen, notifier } = setup(() => source);
    vi.advanceTimersByTime(REMINDER_POLL_MS);
    vi.advanceTimersByTime(REMINDER_POLL_MS * 5);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.options.title).toBe('A token is due for rotation');
    expect(notifications[0]!.options.body).toBe('Rotate deploy-trigger on gitlab.example.com: its 30-day rotation reminder fell due today.');
    notifications[0]!.emit('click');
    expect(onOpen).toHaveBeenCalledWith({ id: 't1', name: 'deploy-trigger', expiresAt: '', daysLeft: 0, rotateBy: '2026-12-03' });
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

  describe('while locked, with the opt-in schedule', () => {
    const tokens = [entry('e1', 'ci-deploy', '2026-12-10'), entry('e2', 'registry-pull', '2026-12-04')];
    // Written at the last unlock, as main.ts does through app/locked-reminders.ts.
    const schedule = buildLockedSchedule(tokens, [7, 1], new Date('2026-12-01T00:00:00Z'));

    it('shows due reminders in words that name no token, and a click opens that entry after unlock', () => {
      let unlocked = false;
      const readLocked = vi.fn(() => schedule);
      const { notifications, onOpen, notifier } = setup(() => (unlocked ? { entries: tokens, defaultLeadDays: [7, 1] } : null), readLocked);
      // 00:00Z on the 3rd: the 7-day reminder of e1 and the 1-day reminder of e2.
      vi.advanceTimersByTime(REMINDER_POLL_MS);
      expect(notifications.map((n) => n.options)).toEqual([
        { title: 'A token expires soon', body: 'A token expires in 7 days. Unlock Token Vault to see which.' },
        { title: 'A token expires soon', body: 'A token expires within a day. Unlock Token Vault to see which.' },
      ]);
      expect(JSON.stringify(notifications.map((n) => n.options))).not.toMatch(/ci-deploy|registry-pull|gitlab/);
      expect(notifications.every((n) => n.shown)).toBe(true);
      notifications[0]!.emit('click');
      expect(onOpen).toHaveBeenCalledWith({ id: 'e1', name: '', expiresAt: '', daysLeft: 7 });
      // Not shown twice; and once unlocked, the vault's own entries are read, not the file.
      vi.advanceTimersByTime(REMINDER_POLL_MS * 3);
      expect(notifications).toHaveLength(2);
      unlocked = true;
      const reads = readLocked.mock.calls.length;
      vi.advanceTimersByTime(REMINDER_POLL_MS * 3);
      expect(readLocked.mock.calls.length).toBe(reads);
      notifier.stop();
    });

    it('without a schedule (the setting off, or the file malformed) shows nothing', () => {
      const { notifications, notifier } = setup(() => null, () => null);
      vi.advanceTimersByTime(REMINDER_POLL_MS * 3);
      expect(notifications).toHaveLength(0);
      notifier.stop();
    });

    it('does not show reminders that fell due before the app started', () => {
      vi.setSystemTime(new Date('2026-12-03T00:00:30Z'));
      const { notifications, notifier } = setup(() => null, () => schedule);
      vi.advanceTimersByTime(REMINDER_POLL_MS * 3);
      expect(notifications).toHaveLength(0);
      notifier.stop();
    });
  });
});
