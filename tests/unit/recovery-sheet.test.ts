// The recovery sheet (issue 24, item 15): what is on it, and the master password only when asked.
import { describe, expect, it } from 'vitest';
import { recoverySheet } from '../../renderer/src/lib/recovery-sheet';

const facts = { vaultName: 'Acme production', vaultFile: '/home/ana/.config/Token Vault/vault.tokenvault', backupsFolder: '/media/usb/tv-backups', createdAt: new Date('2026-03-01T10:00:00Z') };

describe('recovery sheet', () => {
  it('names the vault, its file and backups, and says how to restore', () => {
    const sheet = recoverySheet(facts, null);
    const text = JSON.stringify(sheet);
    expect(sheet.title).toBe('Recovery sheet — Acme production');
    expect(text).toContain('File: /home/ana/.config/Token Vault/vault.tokenvault');
    expect(text).toContain('Backups: /media/usb/tv-backups');
    expect(text).toContain('Restore from a backup…');
  });

  it('carries no password unless asked, and the one typed when asked', () => {
    expect(recoverySheet(facts, null).passwordLine).toBeNull();
    expect(JSON.stringify(recoverySheet(facts, null))).not.toMatch(/password: \S/i);
    expect(recoverySheet(facts, 'quiet ferns under copper rain').passwordLine).toBe('quiet ferns under copper rain');
  });
});
