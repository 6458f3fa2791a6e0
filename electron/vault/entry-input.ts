// Checks what callers hand the vault and turns it into stored overviews. Every refusal is a
// VaultError('INVALID_INPUT') with the schema's own sentence, raised before anything is written.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { VaultError } from './errors';
import { fastNewEntry } from './new-entry-check';
import { type EntryOverview, entryPatchSchema, type HistoryEvent, type KindFacts, newEntrySchema, SECRET_MAX_BYTES, type EntryPatch, type NewEntry } from './types';

const HISTORY_KEPT = 100;

export function invalidInput(message: string): VaultError {
  return new VaultError('INVALID_INPUT', message);
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw invalidInput(`${where}${issue?.message ?? 'That input is not valid.'}`);
}

export type ValidEntry = z.output<typeof newEntrySchema>;

export function validateNewEntry(input: NewEntry): ValidEntry {
  // The plain-code check answers the usual input; zod the rest, and words every refusal.
  return fastNewEntry(input) ?? parseOrThrow(newEntrySchema, input);
}

export function validatePatch(patch: EntryPatch): z.output<typeof entryPatchSchema> {
  return parseOrThrow(entryPatchSchema, patch);
}

export function validateSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length === 0) throw invalidInput('The secret is empty; nothing was stored.');
  if (Buffer.byteLength(secret, 'utf8') > SECRET_MAX_BYTES) {
    throw invalidInput('The secret is over 64 KiB; that is not a token, so nothing was stored.');
  }
}

/** `createdAt`: when an imported entry was first made elsewhere; a bad or future instant is ignored. */
export function buildOverview(entry: ValidEntry, action: 'created' | 'imported', createdAt?: string): EntryOverview {
  const nowMs = Date.now();
  const now = new Date(nowMs).toISOString();
  const madeAt = createdAt ? Date.parse(createdAt) : Number.NaN;
  const made = Number.isFinite(madeAt) && madeAt <= nowMs ? new Date(madeAt).toISOString() : now;
  const { facts } = entry;
  // Spelled out, not spread (an import builds 10,000 of them): the entry's fields in their order.
  const fields = { name: entry.name, kind: entry.kind, instance: entry.instance, scopes: entry.scopes, expiresAt: entry.expiresAt, description: entry.description, usedIn: entry.usedIn, leadDays: entry.leadDays };
  return {
    id: randomUUID(),
    ...fields,
    // Present only when there are any, as an overview read back from disk has them (sync compares the two).
    ...(facts && Object.keys(facts).length ? { facts } : {}),
    createdAt: made,
    updatedAt: now,
    lastVerifiedAt: null,
    lastUsedAt: null,
    revoked: false,
    gitlab: { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null },
    pendingRotation: null,
    followUp: null,
    history: [{ at: now, action }],
  };
}

/** A kind's facts after a patch: given fields replace, a null one (the rotation reminder) is removed. */
function mergeFacts(current: KindFacts, patch: Record<string, unknown>): KindFacts {
  const merged: Record<string, unknown> = { ...current, ...patch };
  for (const [key, value] of Object.entries(merged)) if (value === null || value === undefined) delete merged[key];
  return merged as KindFacts;
}

/**
 * True when a plain edit (no note, no new secret) leaves every field as it was. Such an edit is
 * not recorded: no history line, no updatedAt moved. Otherwise saving an unchanged form would
 * count, for sync, as an edit a concurrent deletion had not seen, and bring the token back.
 */
export function editChangesNothing(current: EntryOverview, next: EntryOverview, event: HistoryEvent): boolean {
  if (event.action !== 'edited' || event.note) return false;
  const strip = ({ updatedAt: _u, history: _h, ...rest }: EntryOverview) => withoutAbsent(rest);
  return isDeepStrictEqual(strip(current), strip(next));
}

/** A field set to null reads as one never set (a patch may spell out `gitlab.neverExpires: null`). */
function withoutAbsent(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAbsent);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, withoutAbsent(v)]));
}

/** The next version of an entry: patch applied, timestamps moved on, the event recorded. */
export function applyPatch(current: EntryOverview, patch: z.output<typeof entryPatchSchema>, event: HistoryEvent): EntryOverview {
  const { gitlab, facts, ...rest } = patch;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<EntryOverview>;
  // Timestamps are stored to the millisecond; keep updatedAt strictly increasing so the row's
  // clear updated_at column always matches the sealed overview.
  const now = Math.max(Date.now(), Date.parse(current.updatedAt) + 1);
  // A kind's fields merge like GitLab's facts: setting a rotation reminder keeps the runner's tags.
  const { facts: before, ...unchanged } = current;
  const after = facts === undefined ? before : facts === null ? null : mergeFacts(before ?? {}, facts);
  return {
    ...unchanged,
    ...defined,
    // Written explicitly from the first change on, so a row is read as old (overview-codec.ts) only while it is.
    gitlab: { ...current.gitlab, neverExpires: current.gitlab.neverExpires ?? null, ...(gitlab ?? {}) },
    ...(after && Object.keys(after).length ? { facts: after } : {}),
    updatedAt: new Date(now).toISOString(),
    history: [...current.history, event].slice(-HISTORY_KEPT),
  };
}
