// Reminders while the vault is locked.
//
// Locked, the app holds no key and cannot read a single name or date. We chose an OPT-IN
// schedule that the main process may keep in plain text beside the vault: entry ids (random,
// meaningless outside the vault) and the instants reminders fire — never a name, instance,
// scope or kind. The notification it shows says only "A token expires in 7 days; unlock Token
// Vault to see which", and clicking it opens the unlock screen, then that entry.
// What it still reveals to someone who reads the file: how many tokens exist with an expiry,
// and when reminders fire (so, roughly, the expiry dates). That is why it is off by default;
// off, nothing is written and the unlock summary catches up on whatever was missed.
// The schedule is rewritten at every unlock and whenever entries change while unlocked.
import { z } from 'zod';
import type { EntryOverview } from '../vault/types';
import { remindersFor } from './schedule';

export const LOCKED_SCHEDULE_VERSION = 1;

export const lockedScheduleSchema = z
  .object({
    version: z.literal(LOCKED_SCHEDULE_VERSION),
    items: z.array(
      z
        .object({
          entryId: z.string().min(1).max(100),
          leadDays: z.number().int().min(0).max(400),
          fireAt: z.iso.datetime(),
        })
        .strict(),
    ),
  })
  .strict();

export type LockedSchedule = z.infer<typeof lockedScheduleSchema>;

/** Reminders still to come after `now`, as ids and instants only. */
export function buildLockedSchedule(entries: EntryOverview[], defaultLeadDays: number[], now: Date): LockedSchedule {
  const items = entries
    .flatMap((e) => remindersFor(e, defaultLeadDays))
    .filter((r) => r.fireAt.getTime() > now.getTime())
    .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime())
    .map((r) => ({ entryId: r.entryId, leadDays: r.leadDays, fireAt: r.fireAt.toISOString() }));
  return { version: LOCKED_SCHEDULE_VERSION, items };
}

/** Reads a stored schedule; anything malformed is treated as no schedule, never trusted in part. */
export function parseLockedSchedule(text: string): LockedSchedule | null {
  try {
    const parsed = lockedScheduleSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Items with `from < fireAt <= to`. */
export function dueLockedReminders(schedule: LockedSchedule, from: Date, to: Date): LockedSchedule['items'] {
  return schedule.items.filter((i) => {
    const t = Date.parse(i.fireAt);
    return t > from.getTime() && t <= to.getTime();
  });
}

/** The only words a locked reminder may show. */
export function lockedReminderText(leadDays: number): string {
  const when = leadDays === 0 ? 'today' : leadDays === 1 ? 'within a day' : `in ${leadDays} days`;
  return `A token expires ${when}. Unlock Token Vault to see which.`;
}
