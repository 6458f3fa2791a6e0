// The opt-in schedule for reminders while locked, on disk: `<vault file>.reminders.json`,
// written from the unlocked vault (setting `remindWhileLocked`) and read by the notifier
// while locked. What it may hold, and why it is opt-in, is electron/reminders/locked-schedule.ts.
// Written whole to a temporary file and renamed over the old one, so a reader (or a crash)
// never meets half a schedule; removed as soon as the setting is off.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildLockedSchedule, parseLockedSchedule, type LockedSchedule } from '../reminders/locked-schedule';
import { fsyncDir, fsyncFile } from '../vault/files';
import type { EntryOverview, VaultSettings } from '../vault/types';

export function lockedSchedulePath(vaultPath: string): string {
  return `${vaultPath}.reminders.json`;
}

/**
 * Brings the file in line with the vault: rewritten from `entries` when the setting is on,
 * deleted when it is off. Returns what was written (null: nothing, the file is gone).
 */
export function syncLockedSchedule(
  vaultPath: string,
  entries: EntryOverview[],
  settings: Pick<VaultSettings, 'remindWhileLocked' | 'defaultLeadDays'>,
  now: Date = new Date(),
): LockedSchedule | null {
  const target = lockedSchedulePath(vaultPath);
  if (!settings.remindWhileLocked) {
    fs.rmSync(target, { force: true });
    return null;
  }
  const schedule = buildLockedSchedule(entries, settings.defaultLeadDays, now);
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    // Owner-only like the vault: the ids and instants are still about your tokens.
    fs.writeFileSync(temp, `${JSON.stringify(schedule)}\n`, { mode: 0o600, flag: 'wx' });
    fsyncFile(temp);
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fsyncDir(path.dirname(target));
  return schedule;
}

/** The schedule beside the vault; null when there is none or it is malformed (never trusted in part). */
export function readLockedSchedule(vaultPath: string): LockedSchedule | null {
  let text: string;
  try {
    text = fs.readFileSync(lockedSchedulePath(vaultPath), 'utf8');
  } catch {
    return null;
  }
  return parseLockedSchedule(text);
}
