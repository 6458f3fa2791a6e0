// `team log` and the app's Activity: the team's audit log as this copy can prove it — every
// device folder in the place checked (audit-check.ts) against the member list that holds, plus
// this device's own entries not yet published. Nothing is fetched: a folder place is read as it
// is, a git place as of the last team sync. Reading moves the pins forward, so a log cut short
// later is noticed.
import { loadSodium } from '../vault/sodium';
import type { ActivityAction } from '../vault/activity-journal';
import { needLocal } from '../sync/engine';
import { placeFor } from '../sync/places';
import { ReplicaStore } from '../sync/replica-store';
import { checkDeviceLog, type LogRow, type Pin } from './audit-check';
import { type JournalVault, openBatch, parseLogFile, readJournal, startJournal, type TeamJournal } from './audit-log';
import { fingerprint, unb64 } from './identity';
import { needIdentity } from './identity-store';
import { nameIn } from './replica-check';
import { currentChain, keysFor, type TeamVault } from './team-sync';
import { needTeam } from './team-state';

export interface TeamLogOptions {
  /** Only entries about this token (by id, or by the name it had then). */
  token?: { id: string | null; name: string };
  /** Only entries at or after this instant (ISO). */
  since?: string;
}

export interface TeamLogView {
  teamName: string;
  /** Oldest first. */
  rows: LogRow[];
  /** Each refused or missing part of the log, in a sentence that names who and what. */
  problems: string[];
}

/** What each action is called in the log's words. */
export const ACTION_WORDS: Record<ActivityAction, string> = {
  added: 'added',
  imported: 'imported',
  'moved-in': 'moved in from a personal vault',
  changed: 'changed',
  'secret-replaced': 'replaced the secret',
  rotated: 'rotated',
  revoked: 'revoked',
  trashed: 'moved to the Trash',
  restored: 'restored from the Trash',
  deleted: 'deleted for good',
  copied: 'copied',
  shown: 'showed the secret',
  git: 'handed to git',
  run: 'handed to a program (run)',
  gitlab: 'sent to GitLab for a program',
  'member-added': 'added a member',
  'member-removed': 'removed a member',
  'member-role': 'changed a member\'s role',
};

export async function teamLog(vault: TeamVault, options: TeamLogOptions = {}): Promise<TeamLogView> {
  const sodium = await loadSodium();
  const team = needTeam(vault);
  const identity = needIdentity(vault);
  const local = needLocal(vault);
  startJournal(vault);
  const store = new ReplicaStore(placeFor(local.place, vault.path).root, team.teamId);
  const chain = currentChain(sodium, store, team);
  const { head } = chain;
  const keys = keysFor(sodium, chain, identity, team.me);
  for (const [gen, key] of Object.entries(local.keys)) if (!keys.has(Number(gen))) keys.set(Number(gen), unb64(key));
  const journal = readJournal(vault) as TeamJournal;
  const pins = journal.pins ?? {};
  const label = (device: string) => {
    if (device === local.deviceId) return 'this device';
    const named = local.state.ents[`device:${device}`]?.f.name?.[0]?.v;
    return `device ${typeof named === 'string' && named ? `"${named}"` : device.slice(0, 8)}`;
  };

  const rows: LogRow[] = [];
  const problems: string[] = [];
  const nextPins: Record<string, Pin> = {};
  for (const device of store.devices()) {
    const own = device === local.deviceId;
    const pin = own ? (journal.outbox ? null : (journal.published ?? null)) : (pins[device] ?? null);
    const result = checkDeviceLog({ sodium, teamId: team.teamId, head, keys, folder: store.deviceFolder(device), device, label: label(device), pin });
    rows.push(...result.rows);
    problems.push(...result.problems);
    if (!own && result.pin && (!pin || result.pin.batch >= pin.batch)) nextPins[device] = result.pin;
  }
  // A log this copy read before whose whole folder is gone now.
  for (const [device, pin] of Object.entries(pins)) if (!store.devices().includes(device)) problems.push(`The log of ${label(device)} is gone from the place, though this copy read it up to batch ${pin.batch} before: its folder was deleted.`);

  // This device's own entries not in the place yet: the batch made but not written, and the journal.
  const me = { author: nameIn(head, team.me) === `someone (${team.me.slice(0, 8)})` ? identity.name : nameIn(head, team.me), authorKey: team.me, fingerprint: fingerprint(sodium, identity), standing: 'member' as const, device: local.deviceId, pending: true };
  const unsent = [...(journal.outbox ? outboxEntries(journal, keys, team.teamId, local.deviceId, sodium) : []), ...journal.pending];
  rows.push(...unsent.map((e) => ({ ...e, ...me })));

  if (Object.keys(nextPins).length)
    vault.updatePrivate('team_journal', (blob) => {
      const current = blob ? (JSON.parse(Buffer.from(blob).toString('utf8')) as TeamJournal) : null;
      if (!current) return { blob: null, result: null };
      const merged = { ...(current.pins ?? {}) };
      for (const [d, p] of Object.entries(nextPins)) if (!merged[d] || merged[d]!.batch <= p.batch) merged[d] = p;
      return { blob: new Uint8Array(Buffer.from(JSON.stringify({ ...current, pins: merged }))), result: null };
    });

  const wanted = options.token;
  const filtered = rows.filter((r) => (!options.since || r.at >= options.since) && (!wanted || (wanted.id !== null && r.entryId === wanted.id) || (!!wanted.name && !r.action.startsWith('member-') && (r.entryName ?? '').toLowerCase() === wanted.name.toLowerCase())));
  filtered.sort((a, b) => a.at.localeCompare(b.at) || a.author.localeCompare(b.author) || a.n - b.n);
  return { teamName: team.teamName, rows: filtered, problems };
}

function outboxEntries(journal: TeamJournal, keys: ReadonlyMap<number, Uint8Array>, teamId: string, device: string, sodium: Parameters<typeof openBatch>[0]) {
  const file = parseLogFile(journal.outbox!.name);
  const key = file ? keys.get(file.gen) : undefined;
  const opened = file && key ? openBatch(sodium, key, teamId, device, file.gen, file.batch, unb64(journal.outbox!.bytes)) : null;
  return opened?.batch.entries ?? [];
}

export type { JournalVault };
