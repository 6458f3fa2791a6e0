// `calendar` run in process against a real vault file: the command's own behaviour, with a
// context that records what it prints (the spawned-CLI test covers the wiring).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { directAccess } from '../../electron/cli/direct-access';
import { registerCalendarCommands } from '../../electron/cli/calendar';
import type { CliContext } from '../../electron/cli/context';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';

const DAY = 86_400_000;
const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

let dir: string;
let vaultPath: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-calendar-'));
  vaultPath = path.join(dir, 'v.db');
  const vault = await Vault.create(vaultPath, 'pw', { kdf: TEST_KDF });
  vault.add({ name: 'broken-ci', expiresAt: dayFromNow(-3), instance: 'gitlab.com' }, 'glpat-secret-one');
  vault.add({ name: 'soon', expiresAt: dayFromNow(5), scopes: ['api'] }, 'glpat-secret-two');
  vault.add({ name: 'in-two-months', expiresAt: dayFromNow(60) }, 'glpat-secret-three');
  vault.add({ name: 'forever' }, 'glpat-secret-four');
  vault.add({ name: 'revoked-one', expiresAt: dayFromNow(-10) }, 'glpat-secret-five');
  const revoked = vault.list().find((e) => e.name === 'revoked-one');
  vault.update(revoked!.id, { revoked: true });
  vault.close();
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const out: string[] = [];
  const json: unknown[] = [];
  const opened: Vault[] = [];
  const openUnlocked = async () => {
    const v = Vault.open(vaultPath);
    await v.unlock('pw');
    opened.push(v);
    return v;
  };
  const ctx: CliContext = {
    vaultPath: () => vaultPath,
    noPassword: () => false,
    mayUseAgent: () => false,
    openUnlocked,
    agentTarget: async () => ({ vaultId: 'not-used', fileTag: 'not-used' }),
    agent: async () => null,
    access: async () => directAccess(await openUnlocked()),
    openDirect: async () => directAccess(await openUnlocked()),
    letGo: () => undefined,
    track: (v) => v,
    secureFiles: async () => {},
    prompt: { secret: async () => 'pw', confirm: async () => null },
    warn: () => undefined,
    out: (t) => out.push(t),
    json: (v) => json.push(v),
    progress: () => {},
  };
  const program = new Command().exitOverride();
  registerCalendarCommands(program, ctx);
  try {
    await program.parseAsync(['calendar', ...args], { from: 'user' });
  } finally {
    for (const v of opened) v.close();
  }
  return { out: out.join('\n'), json: json[0] as Record<string, Array<Record<string, unknown>>> };
}

describe('tokenvault calendar', () => {
  it('lists expired tokens first, marked EXPIRED, then what expires within 30 days', async () => {
    const { out } = await run();
    const lines = out.split('\n');
    expect(lines[0]).toBe('Expired (1) — these no longer work:');
    expect(lines[1]).toMatch(/^EXPIRED  \S+  broken-ci  \(stops .* local, 3 days ago\)  https:\/\/gitlab\.com$/);
    expect(lines[2]).toBe('Expiring within 30 days (1):');
    expect(lines[3]).toMatch(/^SOON     \S+  soon  \(stops .* local, in [45] days\)$/);
    expect(out).not.toMatch(/in-two-months|forever|revoked-one|glpat-/);
  });

  it('widens the window with --days and reports JSON with statuses', async () => {
    const { json } = await run('--days', '90', '--json');
    expect(json.expired?.map((i) => [i.name, i.status])).toEqual([['broken-ci', 'expired']]);
    expect(json.upcoming?.map((i) => [i.name, i.status])).toEqual([
      ['soon', 'expiring'],
      ['in-two-months', 'active'],
    ]);
    expect(json.upcoming?.[0]).toHaveProperty('stopsWorkingLocal');
  });

  it('refuses a --days that is not a positive whole number', async () => {
    await expect(run('--days', '0')).rejects.toThrow(/Days must be a whole number/);
    await expect(run('--days', 'x')).rejects.toThrow(/Days must be a whole number/);
  });

  it('writes an .ics with every expiry that a calendar parser reads back, secrets excluded', async () => {
    const file = path.join(dir, 'tokens.ics');
    const { out } = await run('--ics', file);
    expect(out).toContain(`Wrote 4 events to ${file}.`);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toMatch(/glpat-|gitlab\.com/);
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary).sort()).toEqual(
      ['broken-ci', 'in-two-months', 'revoked-one', 'soon'].map((n) => `Token expires: ${n}`),
    );
  });
});
