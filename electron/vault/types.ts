// The shapes the vault stores and hands out. Pure types and input schemas: the GitLab,
// reminders, CLI and IPC layers all speak these, and none of them need SQLite to do so.
import { z } from 'zod';

import { TOKEN_KINDS, type TokenKind } from './token-kinds';
import { DEFAULT_VAULT_COLOUR, VAULT_COLOURS, VAULT_NAME_MAX, type VaultColour } from './vault-colours';

export { KIND_WORDS, TOKEN_KINDS, type TokenKind } from './token-kinds';

/** What happened to a token, newest last; shown as its history. Never holds a secret. */
export interface HistoryEvent {
  at: string; // ISO instant
  action: 'created' | 'imported' | 'edited' | 'verified' | 'rotated' | 'rotation-started' | 'rotation-unconfirmed' | 'revoked' | 'refused';
  note?: string;
}

/** GitLab's view of a token, as last synced by verify/rotate/create. */
export interface GitLabFacts {
  tokenId: number | null;
  userId: number | null;
  username: string | null;
  /** Project or group the token belongs to (id or full path), for project/group tokens. */
  target: string | null;
  accessLevel: number | null;
  active: boolean | null;
  revoked: boolean | null;
  /**
   * Whether the token has no expiry date, which only matters when `expiresAt` is null: true —
   * GitLab said so (expires_at null), or the person did in Edit; null — nobody knows yet (stored
   * while GitLab could not be asked, imported without a date): "Expiry unknown", which is not
   * "never expires". Optional for rows written before it existed: see overview-codec.ts.
   */
  neverExpires?: boolean | null;
}

/**
 * What only some kinds have (issue 22), sealed with the overview. The token's own id, its
 * project or group and its user stay in GitLabFacts (tokenId, target, userId/username: a deploy
 * token's username, a service account's user); these are the rest. Absent fields are unknown.
 */
export interface KindFacts {
  /** Whose it is on GitLab: a deploy token, runner, service account or webhook belongs to a project, a group or the instance. */
  owner?: 'project' | 'group' | 'instance';
  /** Runner: its tags and whether it is paused (the runner's id is gitlab.tokenId). */
  tags?: string[];
  paused?: boolean;
  /** Cluster agent: the agent the token belongs to (the token's own id is gitlab.tokenId). */
  agentId?: number;
  agentName?: string;
  /** Webhook: the hook's address (the hook's id is gitlab.tokenId). */
  hookUrl?: string;
  /** OAuth application: its public client id (application_id; the application's id is gitlab.tokenId). */
  clientId?: string;
  /** The stored token that manages this one on GitLab (made it; reads, rotates and revokes it): an entry id. */
  managedBy?: string;
  /** A rotation reminder for a secret that never expires: rotate every this many days (counted from its last rotation or creation). */
  rotateEveryDays?: number;
}

/**
 * A rotation in flight. Written before the rotate call; cleared in the same transaction that
 * stores the new secret. If it is still here later, GitLab may have rotated without us
 * hearing the answer ("unconfirmed"), and the old secret may no longer work.
 */
export interface PendingRotation {
  state: 'pending' | 'unconfirmed';
  startedAt: string;
  oldTokenId: number | null;
  requestedExpiresAt: string | null;
  /** The GitLab version the rotation was sent to: reuse detection (a family revoked) exists from 16.3. */
  gitlabVersion?: string | null;
}

/** One "where used" place after a rotation: ticked once it has the new token. */
export interface FollowUpPlace {
  place: string;
  done: boolean;
}

/**
 * What a rotation leaves to do: every "where used" place needs the new token. Kept (sealed in
 * the overview) until the last place is ticked off; the next rotation starts a fresh list.
 */
export interface RotationFollowUp {
  rotatedAt: string;
  places: FollowUpPlace[];
}

/** (Pure, so gitlab/ may use it too; see follow-up.ts.) The list a rotation at `at` leaves: every place untouched, or null when none are noted. */
export function startFollowUp(usedIn: readonly string[], at: Date): RotationFollowUp | null {
  const places = [...new Set(usedIn.map((p) => p.trim()).filter(Boolean))];
  return places.length ? { rotatedAt: at.toISOString(), places: places.map((place) => ({ place, done: false })) } : null;
}

/** Everything about a token except its secret. Sealed at rest; decrypted at unlock. */
export interface EntryOverview {
  id: string;
  name: string;
  kind: TokenKind;
  /** Normalised origin, e.g. "https://gitlab.com", or null when not a GitLab token. */
  instance: string | null;
  scopes: string[];
  /** YYYY-MM-DD; the token stops working at 00:00 UTC that day. */
  expiresAt: string | null;
  description: string;
  /** "Where used" checklist: CI variables, scripts, machines to update on rotation. */
  usedIn: string[];
  /** Reminder lead times in days; null means the vault's default. */
  leadDays: number[] | null;
  createdAt: string;
  updatedAt: string;
  lastVerifiedAt: string | null;
  lastUsedAt: string | null;
  /** Set when the user revoked it or GitLab says it is revoked. */
  revoked: boolean;
  gitlab: GitLabFacts;
  pendingRotation: PendingRotation | null;
  /** Places still to update after the last rotation; null when none are left (schema 4). */
  followUp: RotationFollowUp | null;
  /** The kind's own fields (KindFacts); absent or null when it has none. */
  facts?: KindFacts | null;
  history: HistoryEvent[];
  /** When it was moved to the Trash (restorable for TRASH_DAYS, then purged); absent while live. */
  trashedAt?: string;
}

export { TRASH_DAYS } from './trash-days';

export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 2000;
/** A token over 64 KiB is not a token; refuse rather than store a pasted file. */
export const SECRET_MAX_BYTES = 64 * 1024;

/** The schema's rules as plain predicates, shared with the fast check of a new entry (new-entry-check.ts). */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isRealDate = (s: string): boolean => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

const isoDate = z.string().regex(ISO_DATE, 'Dates are written YYYY-MM-DD.').refine(isRealDate, 'That date does not exist.');

export const entryNameSchema = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'A name is needed.').max(NAME_MAX, `Names are at most ${NAME_MAX} characters.`))
  .refine((s) => !CONTROL_CHARACTER.test(s), 'Names cannot contain control characters.');

export { addressForMessage } from './address-message';
import { addressForMessage } from './address-message';

export const instanceSchema = z
  .string()
  .transform((raw, ctx) => {
    const normalised = normaliseInstance(raw);
    if (!normalised) {
      ctx.addIssue({ code: 'custom', message: `"${addressForMessage(raw)}" is not a GitLab address; write it like https://gitlab.example.com.` });
      return z.NEVER;
    }
    return normalised;
  });

/** A "where used" place: a CI/CD variable, a file, a machine. */
export const PLACE_MAX = 500;
export const PLACES_MAX = 100;
const usedInPlace = z.string().trim().min(1).max(PLACE_MAX);

/** KindFacts as input: every field optional, unknown ones refused. */
export const kindFactsSchema = z
  .object({
    owner: z.enum(['project', 'group', 'instance']),
    tags: z.array(z.string().trim().min(1).max(255)).max(100),
    paused: z.boolean(),
    agentId: z.number().int().positive(),
    agentName: z.string().trim().min(1).max(255),
    hookUrl: z.string().trim().min(1).max(2048),
    clientId: z.string().trim().min(1).max(255),
    managedBy: z.string().min(1).max(64),
    rotateEveryDays: z.number().int().min(1).max(3660),
  })
  .partial()
  .strict();

/** In a patch, a null rotation reminder clears it (entry-input.ts mergeFacts). */
const kindFactsPatchSchema = kindFactsSchema.extend({ rotateEveryDays: z.number().int().min(1).max(3660).nullable() }).partial().strict();

export const SCOPE_MAX = 64;
export const SCOPES_MAX = 64;
export const LEAD_DAYS_MAX = 400;
export const LEAD_TIMES_MAX = 10;

/** One schema per editable field, shared by "new entry" (with defaults) and "patch" (without). */
const entryFields = {
  name: entryNameSchema,
  kind: z.enum(TOKEN_KINDS, { message: `Kind must be one of ${TOKEN_KINDS.join(', ')}.` }),
  instance: instanceSchema.nullable(),
  scopes: z.array(z.string().trim().min(1).max(SCOPE_MAX)).max(SCOPES_MAX),
  expiresAt: isoDate.nullable(),
  description: z.string().max(DESCRIPTION_MAX, `Descriptions are at most ${DESCRIPTION_MAX} characters.`),
  usedIn: z.array(usedInPlace).max(PLACES_MAX),
  leadDays: z.array(z.number().int().min(0).max(LEAD_DAYS_MAX)).max(LEAD_TIMES_MAX).nullable(),
  facts: kindFactsSchema.nullable(),
};

/** Input for a new entry; everything but the name is optional. */
export const newEntrySchema = z.object({
  name: entryFields.name,
  kind: entryFields.kind.default('other'),
  instance: entryFields.instance.default(null),
  scopes: entryFields.scopes.default([]),
  expiresAt: entryFields.expiresAt.default(null),
  description: entryFields.description.default(''),
  usedIn: entryFields.usedIn.default([]),
  leadDays: entryFields.leadDays.default(null),
  facts: entryFields.facts.default(null),
});
export type NewEntry = z.input<typeof newEntrySchema>;

/** Fields a user (or a GitLab sync) may change on an existing entry. */
export const entryPatchSchema = z.object(entryFields).partial().extend({
  facts: kindFactsPatchSchema.nullable().optional(),
  lastVerifiedAt: z.string().nullable().optional(),
  lastUsedAt: z.string().nullable().optional(),
  revoked: z.boolean().optional(),
  gitlab: z
    .object({
      tokenId: z.number().int().nullable(),
      userId: z.number().int().nullable(),
      username: z.string().nullable(),
      target: z.string().nullable(),
      accessLevel: z.number().int().nullable(),
      active: z.boolean().nullable(),
      revoked: z.boolean().nullable(),
      neverExpires: z.boolean().nullable(),
    })
    .partial()
    .optional(),
  pendingRotation: z
    .object({
      state: z.enum(['pending', 'unconfirmed']),
      startedAt: z.string(),
      oldTokenId: z.number().int().nullable(),
      requestedExpiresAt: z.string().nullable(),
      gitlabVersion: z.string().max(40).nullable().optional(),
    })
    .nullable()
    .optional(),
  followUp: z
    .object({
      rotatedAt: z.string(),
      places: z.array(z.object({ place: usedInPlace, done: z.boolean() })).min(1).max(100),
    })
    .nullable()
    .optional(),
});
export type EntryPatch = z.input<typeof entryPatchSchema>;

/** Vault-wide preferences, sealed like entries. */
export interface VaultSettings {
  autoLockMinutes: number;
  clipboardClearSeconds: number;
  defaultLeadDays: number[];
  autoBackup: boolean;
  /** Folder for automatic and manual backups; null = "backups" beside the vault file. */
  backupDir: string | null;
  keepBackups: number;
  /**
   * Opt-in: keep a plain schedule (entry ids and reminder instants only) beside the vault so
   * reminders can show while it is locked. See electron/reminders/locked-schedule.ts.
   */
  remindWhileLocked: boolean;
  /** The app asks allow/deny before the agent hands a secret to a program (git, run, copy). The headless agent cannot ask. */
  askBeforeRelease: boolean;
  /** The token git gets for an instance when several could answer: instance origin → entry id. */
  gitDefaults: Record<string, string>;
  /** What the person calls this vault ("Work"); null: from its file name (vault-label.ts). Travels with the vault. */
  vaultName: string | null;
  /** Its colour in the window, so two open vaults are told apart at a glance. */
  vaultColour: VaultColour;
}

export const DEFAULT_SETTINGS: VaultSettings = {
  autoLockMinutes: 5,
  clipboardClearSeconds: 20,
  defaultLeadDays: [60, 30, 7, 1],
  autoBackup: true,
  backupDir: null,
  keepBackups: 10,
  remindWhileLocked: false,
  askBeforeRelease: false,
  gitDefaults: {},
  vaultName: null,
  vaultColour: DEFAULT_VAULT_COLOUR,
};

export const settingsPatchSchema = z
  .object({
    autoLockMinutes: z.number().int().min(0).max(24 * 60),
    clipboardClearSeconds: z.number().int().min(0).max(600),
    defaultLeadDays: z.array(z.number().int().min(0).max(400)).max(10),
    autoBackup: z.boolean(),
    backupDir: z.string().min(1).max(4096).nullable(),
    keepBackups: z.number().int().min(1).max(1000),
    remindWhileLocked: z.boolean(),
    askBeforeRelease: z.boolean(),
    gitDefaults: z.record(z.string().min(1).max(2048), z.string().min(1).max(64)).refine((r) => Object.keys(r).length <= 1000, 'At most 1000 git defaults.'),
    vaultName: z
      .string()
      .trim()
      .max(VAULT_NAME_MAX, `A vault name is at most ${VAULT_NAME_MAX} characters.`)
      .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'A vault name cannot contain control characters.')
      .transform((s) => s || null)
      .nullable(),
    vaultColour: z.enum(VAULT_COLOURS),
  })
  .partial()
  .strict();

/** This machine: where plain http is acceptable (local GitLab emulators and tunnels). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * "gitlab.com", "https://gitlab.com/", "https://GitLab.example.com:8443/gitlab/" → the instance's
 * base URL: origin plus GitLab's relative URL root ("/gitlab"), without a trailing slash. A
 * pasted API address (".../api/v4/...") or a page of the web UI (".../-/...", sign-in) is cut
 * back to the root it lives under. Plain http is accepted only for loopback (local emulators).
 */
export function normaliseInstance(raw: string): string | null {
  const text = raw.trim();
  if (!text) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) return null;
  } else if (url.protocol !== 'https:') {
    return null;
  }
  if (!url.hostname.includes('.') && url.hostname !== 'localhost') return null;
  const root = url.pathname
    .replace(/\/(api\/v4|-|users\/sign_in|explore|dashboard)(\/.*)?$/, '')
    .replace(/\/+$/, '');
  return `${url.origin}${root}`;
}

/**
 * The instance a saved page address belongs to (a password manager's URL field): a page of the
 * web UI ("…/-/…") or the API keeps the relative URL root before it; any other page — most often
 * a project ("https://gitlab.com/acme/app") — stands for its host.
 */
export function instanceOfPage(raw: string): string | null {
  const instance = normaliseInstance(raw);
  if (!instance) return null;
  const marked = /\/(-|api\/v4)(\/|$)/.test(new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim()) ? raw.trim() : `https://${raw.trim()}`).pathname);
  return marked ? instance : new URL(instance).origin;
}

/** The relative URL root of a normalised instance ("" or "/gitlab"). */
export const instanceRoot = (instance: string): string => new URL(instance).pathname.replace(/\/+$/, '');
