// OS notifications for expiry and rotation reminders while the app runs. The maths is the reminders
// module's (dueReminders: which fall due between two instants); this file only asks it every
// minute and turns each due reminder into a notification whose click opens the token.
// Locked, there is nothing to read, unless the user opted in to the locked schedule (ids and
// instants only, see reminders/locked-schedule.ts): then the notification names no token and
// its click leads to unlock, then that token. Otherwise missed reminders are the unlock summary's job.
import type { Notification, NotificationConstructorOptions } from 'electron';
import { daysLeft, describeTimeLeft } from '../reminders/expiry';
import { dueLockedReminders, lockedReminderText, type LockedSchedule } from '../reminders/locked-schedule';
import { dueReminders, dueRotations } from '../reminders/schedule';
import { dueExpiryNudges } from '../reminders/unknown-expiry';
import type { EntryOverview } from '../vault/types';

export const REMINDER_POLL_MS = 60_000;

export interface ReminderSource {
  entries: EntryOverview[];
  defaultLeadDays: number[];
}

/** What a click hands on: the payload of the contract's `reminderDue` event. */
export interface DueTokenReminder {
  id: string;
  name: string;
  expiresAt: string;
  daysLeft: number;
  /** Set for a rotation reminder (a never-expiring token's rotate-every): the day it fell due. */
  rotateBy?: string;
}

export interface ReminderNotifierOptions {
  /** `(o) => new Notification(o)` in main.ts. */
  createNotification: (options: NotificationConstructorOptions) => Pick<Notification, 'on' | 'show'>;
  /** Notification.isSupported. */
  isSupported: () => boolean;
  /** The unlocked vault's entries and default lead days; null while locked. */
  readSource: () => ReminderSource | null;
  /**
   * The opt-in locked schedule (app/locked-reminders.ts readLockedSchedule); asked only while
   * readSource() is null. Absent or returning null: no reminders while locked.
   */
  readLockedSchedule?: () => LockedSchedule | null;
  /** Show the window and open this token (main.ts emits `reminderDue`); from a locked reminder, name and expiresAt are ''. */
  onOpen: (reminder: DueTokenReminder) => void;
  /**
   * The system refused a notification (macOS and Windows report 'failed'; an unsigned macOS
   * build gets it for every one). Called once per run, with notificationsFailedText's words.
   */
  onFailed?: (text: { message: string; detail: string }) => void;
  now?: () => Date;
  pollMs?: number;
}

export interface ReminderNotifier {
  /** Looks for reminders due since the last check; also run by the timer. */
  check(): void;
  stop(): void;
  /** How many shown notifications are held for their click handlers (released on click, close or failure). */
  held(): number;
}

/** What the user is told, once, when the system will not show reminders. */
export function notificationsFailedText(error: string): { message: string; detail: string } {
  return {
    message: 'Token Vault cannot show reminder notifications',
    detail:
      `The system refused them (${error || 'no reason given'}). On macOS this happens to builds that are not signed, ` +
      'and when notifications for Token Vault are turned off in System Settings. The calendar and the summary shown at unlock still list every token that expires.',
  };
}

export function reminderNotificationText(reminder: DueTokenReminder, entry: Pick<EntryOverview, 'instance'>, now: Date): NotificationConstructorOptions {
  const where = entry.instance ? ` on ${new URL(entry.instance).host}` : '';
  return {
    title: reminder.daysLeft < 1 ? 'A token expires today' : 'A token expires soon',
    // Names and dates only: never a secret, never a scope list.
    body: `${reminder.name}${where} expires ${describeTimeLeft(reminder.expiresAt, now)}.`,
  };
}

/** A token whose expiry is unknown: no reminder can fire for it, so it asks for the date. */
export function expiryNudgeText(entry: Pick<EntryOverview, 'name' | 'instance'>): NotificationConstructorOptions {
  const where = entry.instance ? ` on ${new URL(entry.instance).host}` : '';
  return { title: 'When does this token expire?', body: `${entry.name}${where} has no expiry date in Token Vault. Set it, so you are reminded before it stops working.` };
}

/** A never-expiring token's rotate-every reminder: names and the interval only, never a secret. */
export function rotationNotificationText(entry: Pick<EntryOverview, 'name' | 'instance' | 'facts'>): NotificationConstructorOptions {
  const where = entry.instance ? ` on ${new URL(entry.instance).host}` : '';
  return { title: 'A token is due for rotation', body: `Rotate ${entry.name}${where}: its ${entry.facts?.rotateEveryDays ?? ''}-day rotation reminder fell due today.` };
}

/** A locked reminder's words: lockedReminderText, and a title that names nothing either. */
export function lockedNotificationText(leadDays: number): NotificationConstructorOptions {
  return { title: leadDays < 1 ? 'A token expires today' : 'A token expires soon', body: lockedReminderText(leadDays) };
}

export function startReminderNotifier(options: ReminderNotifierOptions): ReminderNotifier {
  const now = options.now ?? (() => new Date());
  let lastChecked = now();
  // Electron drops click handlers of notifications that were garbage-collected; hold them
  // until clicked or closed.
  const shown = new Set<Pick<Notification, 'on' | 'show'>>();
  let toldAboutFailure = false;

  const check = () => {
    const at = now();
    const from = lastChecked;
    lastChecked = at;
    const source = options.readSource();
    if (!options.isSupported()) return;
    if (!source) {
      const schedule = options.readLockedSchedule?.() ?? null;
      for (const due of schedule ? dueLockedReminders(schedule, from, at) : []) {
        // Ids only: the vault, locked, cannot say which token; unlock will.
        notify(lockedNotificationText(due.leadDays), { id: due.entryId, name: '', expiresAt: '', daysLeft: due.leadDays });
      }
      return;
    }
    const byId = new Map(source.entries.map((entry) => [entry.id, entry]));
    for (const due of dueReminders(source.entries, source.defaultLeadDays, from, at)) {
      const entry = byId.get(due.entryId);
      if (!entry?.expiresAt) continue;
      const reminder: DueTokenReminder = { id: entry.id, name: entry.name, expiresAt: entry.expiresAt, daysLeft: Math.floor(daysLeft(entry.expiresAt, at)) };
      notify(reminderNotificationText(reminder, entry, at), reminder);
    }
    for (const due of dueRotations(source.entries, from, at)) {
      const entry = byId.get(due.entryId);
      if (!entry) continue;
      notify(rotationNotificationText(entry), { id: entry.id, name: entry.name, expiresAt: '', daysLeft: 0, rotateBy: due.rotateBy });
    }
    for (const nudge of dueExpiryNudges(source.entries, from, at)) {
      const entry = byId.get(nudge.entryId);
      if (!entry) continue;
      // expiresAt '' with a name: the click opens the token to set its date (App.tsx says so).
      notify(expiryNudgeText(entry), { id: entry.id, name: entry.name, expiresAt: '', daysLeft: 0 });
    }
  };

  function notify(text: NotificationConstructorOptions, reminder: DueTokenReminder): void {
    const notification = options.createNotification(text);
    shown.add(notification);
    notification.on('click', () => {
      shown.delete(notification);
      options.onOpen(reminder);
    });
    notification.on('close', () => shown.delete(notification));
    // A notification the system refused will never be clicked or closed: let it go, and say so once.
    notification.on('failed', (_event, error) => {
      shown.delete(notification);
      if (toldAboutFailure) return;
      toldAboutFailure = true;
      options.onFailed?.(notificationsFailedText(error));
    });
    notification.show();
  }

  const timer = setInterval(check, options.pollMs ?? REMINDER_POLL_MS);
  timer.unref?.();
  return { check, stop: () => clearInterval(timer), held: () => shown.size };
}
