// The Settings form's text → a settings patch, or an error per field that says which part
// could not be read. Nothing is sent to main until every field reads.
import type { Settings } from '../../../electron/api';
import { readLeadDays } from './lead-days';

export interface SettingsText {
  autoLock: string;
  clipboard: string;
  lead: string;
  backupDir: string;
  keep: string;
}
export type SettingsField = keyof SettingsText;
export type SettingsErrors = Partial<Record<SettingsField, string>>;

function wholeNumber(text: string, min: number, max: number, unit: string): { value: number } | { error: string } {
  const t = text.trim();
  if (!t) return { error: `Enter a number of ${unit} (${min}–${max}).` };
  if (!/^\d+$/.test(t)) return { error: `“${t}” is not a whole number of ${unit}; enter ${min}–${max}.` };
  const n = Number(t);
  if (n < min || n > max) return { error: `${t} is out of range; enter ${min}–${max} ${unit}.` };
  return { value: n };
}

export function readSettingsForm(text: SettingsText): { patch: Omit<Settings, 'autoBackup' | 'remindWhileLocked' | 'askBeforeRelease' | 'gitDefaults' | 'vaultName' | 'vaultColour'> } | { errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const autoLock = wholeNumber(text.autoLock, 0, 1440, 'minutes');
  const clipboard = wholeNumber(text.clipboard, 0, 600, 'seconds');
  const keep = wholeNumber(text.keep, 1, 1000, 'backups');
  const lead = readLeadDays(text.lead);
  const dir = text.backupDir.trim();
  if ('error' in autoLock) errors.autoLock = autoLock.error;
  if ('error' in clipboard) errors.clipboard = clipboard.error;
  if ('error' in keep) errors.keep = keep.error;
  if (!lead.ok) errors.lead = lead.error;
  // The folder itself is checked main-side (it must exist or be creatable, and be writable).
  if (dir && !/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(dir)) errors.backupDir = 'Enter a full path (starting with / or a drive letter), or leave it blank to keep backups beside the vault.';
  if ('error' in autoLock || 'error' in clipboard || 'error' in keep || !lead.ok || errors.backupDir) return { errors };
  return { patch: { autoLockMinutes: autoLock.value, clipboardClearSeconds: clipboard.value, keepBackups: keep.value, defaultLeadDays: lead.days, backupDir: dir || null } };
}
