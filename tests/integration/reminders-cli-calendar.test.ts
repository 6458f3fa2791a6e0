// `tokenvault calendar`, black-box: the built CLI spawned with a real vault, in two time zones.
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

const SECRET = 'glpat-calendarSecret_0123456789';
const DAY = 86_400_000;
const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
let vaultFile: string;
let dir: string;

beforeAll(async () => {
  dir = tempDir('tv-cli-calendar-');
  const vault = await newVault(dir);
  vaultFile = vault.path;
  vault.add({ name: 'old-deploy', expiresAt: dayFromNow(-2), instance: 'gitlab.example.com', scopes: ['api'] }, SECRET);
  vault.add({ name: 'next-week', expiresAt: dayFromNow(6) }, `${SECRET}-2`);
  vault.add({ name: 'far', expiresAt: dayFromNow(200) }, `${SECRET}-3`);
  vault.close();
}, 120_000);

const calendar = (args: string[], tz = 'UTC') => runCli(['--vault', vaultFile, 'calendar', ...args], `${PASSWORD}\n`, { TZ: tz });

describe('tokenvault calendar (spawned)', () => {
  it('marks expired tokens and shows the cut-off on the local clock of Honolulu (UTC−10)', () => {
    const result = calendar([], 'Pacific/Honolulu');
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    const d = dayFromNow(6);
    const dayBefore = new Date(Date.parse(`${d}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
    expect(lines[0]).toBe('Expired (1) — these no longer work:');
    expect(lines[1]).toMatch(/^EXPIRED  \S+  old-deploy  \(stops \S+ 14:00 local, 2 days ago\)  https:\/\/gitlab\.example\.com$/);
    expect(lines[2]).toBe('Expiring within 30 days (1):');
    expect(lines[3]).toContain(`${d}  next-week  (stops ${dayBefore} 14:00 local`);
    expect(result.stdout).not.toContain('far');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('shows the same instant as the afternoon of the expiry day in Kiritimati (UTC+14), in JSON', () => {
    const result = calendar(['--json', '--days', '365'], 'Pacific/Kiritimati');
    expect(result.status, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.timeZone).toBe('Pacific/Kiritimati');
    expect(doc.expired.map((i: { name: string; status: string }) => [i.name, i.status])).toEqual([['old-deploy', 'expired']]);
    expect(doc.upcoming.map((i: { name: string }) => i.name)).toEqual(['next-week', 'far']);
    expect(doc.upcoming[0].stopsWorkingLocal).toBe(`${dayFromNow(6)}T14:00`);
  });

  it('exits 2 on a bad --days and 3 on a wrong password', () => {
    expect(calendar(['--days', '-5']).status).toBe(2);
    const wrong = runCli(['--vault', vaultFile, 'calendar'], 'nope\n');
    expect(wrong.status).toBe(3);
  });

  it('writes an .ics that ical.js reads: one event per expiry, alarms at 60/30/7/1 days', () => {
    const file = path.join(dir, 'expiries.ics');
    const result = calendar(['--ics', file, '--with-instance']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Wrote 3 events to ${file}.`);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET);
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
    expect(events.map((v) => new ICAL.Event(v).summary)).toEqual(['Token expires: old-deploy', 'Token expires: next-week', 'Token expires: far']);
    expect(events.map((v) => v.getAllSubcomponents('valarm').length)).toEqual([4, 4, 4]);
    expect(new ICAL.Event(events[0]!).description).toContain('Instance: https://gitlab.example.com');
  });
});
