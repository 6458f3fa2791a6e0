// The contract between the renderer and the main side: every call the UI can make, with
// strict runtime schemas for its arguments and its result. Like Signal Desktop's SQL channel,
// there is ONE channel: a call is a method name plus one argument object, answered as
// {ok, value | error}. Adding a call is adding an entry to `methods`; preload, ipc.ts, the
// browser preview and the tests all derive from it. The renderer imports types only.
import { z } from 'zod';
import { TOKEN_KINDS } from './vault/types';
import { VAULT_COLOURS } from './vault/vault-colours';
import { invitePreviewSchema, rotationOutcomeSchema, teamIdentitySchema, teamLogSchema, teamRoleSchema, teamStatusSchema, teamSyncNoticeSchema, type TeamRotationProgress, type TeamSyncNotice } from './api-team';

export type { ExposedToken, RotationOutcomeView, TeamIdentity, TeamLogRow, TeamLogView, TeamMember, TeamRotationProgress, TeamStatus, TeamSyncNotice } from './api-team';

export const API_CHANNEL = 'tokenvault:call';
export const EVENT_CHANNEL = 'tokenvault:event';

// Bounded strings everywhere: an oversized argument is refused before any service sees it.
const text = (max: number) => z.string().max(max);
const id = z.string().min(1).max(64);
const password = z.string().min(1).max(1024);
/** A pasted token: generous (people paste odd things) but bounded; the service explains what is wrong. */
const pastedSecret = z.string().max(64 * 1024);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const isoInstant = z.string().max(40);
const instance = text(2048);
const scope = z.string().min(1).max(64);
const scopes = z.array(scope).max(64);
const usedIn = z.array(z.string().min(1).max(500)).max(100);
const leadDays = z.array(z.number().int().min(0).max(400)).max(10);
const filePath = z.string().min(1).max(4096);
const tokenKind = z.enum(TOKEN_KINDS);
const noArgs = z.object({}).strict();
/** The most rows tokensFirstScreen hands out: a screen's worth, never the list. */
export const FIRST_SCREEN_MAX = 500;
/** The credentials (not access tokens) GitLab's API lets one create (issue 22; gitlab/credential-create.ts). */
export const CREATABLE_KINDS = ['deploy', 'trigger', 'runner', 'agent', 'service-account', 'oauth-app', 'webhook'] as const;

// ---- Shapes that cross back to the renderer (strict: a stray field such as a secret is refused) ----

export const historyEventSchema = z
  .object({
    at: isoInstant,
    action: z.enum(['created', 'imported', 'edited', 'verified', 'rotated', 'rotation-started', 'rotation-unconfirmed', 'revoked', 'refused']),
    note: text(2000).optional(),
  })
  .strict();

/** A kind's own fields (vault/types.ts KindFacts). */
const kindFacts = z
  .object({
    owner: z.enum(['project', 'group', 'instance']),
    tags: z.array(text(255)).max(100),
    paused: z.boolean(),
    agentId: z.number().int(),
    agentName: text(255),
    hookUrl: text(2048),
    clientId: text(255),
    managedBy: text(64),
    rotateEveryDays: z.number().int().min(1).max(3660),
  })
  .partial()
  .strict();

/** The fields a user edits; shared by the stored entry, "add" and "update". */
const entryFields = {
  name: text(200),
  kind: tokenKind,
  instance: instance.nullable(),
  scopes,
  expiresAt: isoDay.nullable(),
  description: text(2000),
  usedIn,
  leadDays: leadDays.nullable(),
  facts: kindFacts.nullable().optional(),
};

export const entrySchema = z
  .object({
    id,
    ...entryFields,
    createdAt: isoInstant,
    updatedAt: isoInstant,
    lastVerifiedAt: isoInstant.nullable(),
    lastUsedAt: isoInstant.nullable(),
    revoked: z.boolean(),
    gitlab: z
      .object({
        tokenId: z.number().int().nullable(),
        userId: z.number().int().nullable(),
        username: text(255).nullable(),
        target: text(2048).nullable(),
        accessLevel: z.number().int().nullable(),
        active: z.boolean().nullable(),
        revoked: z.boolean().nullable(),
        /** No expiry date, and known to have none (GitLab said so, or the person did); absent/null with no date: unknown. */
        neverExpires: z.boolean().nullable().optional(),
      })
      .strict(),
    pendingRotation: z
      .object({
        state: z.enum(['pending', 'unconfirmed']),
        startedAt: isoInstant,
        oldTokenId: z.number().int().nullable(),
        requestedExpiresAt: z.string().max(40).nullable(),
        gitlabVersion: z.string().max(40).nullable().optional(),
      })
      .strict()
      .nullable(),
    /** After a rotation: the "where used" places, each ticked once it has the new token; null when none are left. */
    followUp: z
      .object({
        rotatedAt: isoInstant,
        places: z.array(z.object({ place: text(500), done: z.boolean() }).strict()).min(1).max(100),
      })
      .strict()
      .nullable(),
    history: z.array(historyEventSchema).max(10_000),
    /** Derived main-side by reminders/status.ts, so the list, calendar and CLI agree ('unknown': expiry unknown; 'never': no expiry date). */
    status: z.enum(['active', 'expiring', 'expired', 'revoked', 'unknown', 'never']),
    /** Set while it is in the Trash (trashList): when it was deleted; it is purged TRASH_DAYS later. */
    trashedAt: isoInstant.optional(),
  })
  .strict();
export type Entry = z.infer<typeof entrySchema>;

/** An earlier secret of a token, kept when it was replaced: never the secret itself. */
export const oldSecretSchema = z.object({ id, replacedAt: isoInstant, expiresAt: isoDay.nullable(), scopes: z.array(text(64)).max(64) }).strict();
export type OldSecret = z.infer<typeof oldSecretSchema>;

const vaultColour = z.enum(VAULT_COLOURS);

export const vaultStatusSchema = z
  .object({
    exists: z.boolean(),
    unlocked: z.boolean(),
    path: filePath,
    autoLockMinutes: z.number().int().nullable(),
    /** Which vault, for the title, header and unlock screen: its own name (or one from the file name) and colour; while locked, as last seen here. */
    name: text(255),
    colour: vaultColour,
  })
  .strict();
export type VaultStatus = z.infer<typeof vaultStatusSchema>;

/** Quick unlock on this computer (electron/quick-unlock/): the setting, and whether the OS can protect it. */
export const quickUnlockSettingsSchema = z
  .object({
    enabled: z.boolean(),
    hours: z.number().int().min(1).max(72),
    /** Touch ID where the Mac offers it, a confirm elsewhere; null when this computer cannot (see refusal). */
    method: z.enum(['touch-id', 'confirm']).nullable(),
    refusal: text(500).nullable(),
  })
  .strict();
export type QuickUnlockSettingsView = z.infer<typeof quickUnlockSettingsSchema>;

/** What the unlock screen may offer: quick unlock until a time, or the sentence saying why it ended. */
export const quickUnlockOfferSchema = z.union([
  z.object({ method: z.enum(['touch-id', 'confirm']), until: isoInstant }).strict(),
  z.object({ ended: text(500) }).strict(),
  z.null(),
]);
export type QuickUnlockOfferView = z.infer<typeof quickUnlockOfferSchema>;

export const settingsSchema = z
  .object({
    autoLockMinutes: z.number().int().min(0).max(1440),
    clipboardClearSeconds: z.number().int().min(0).max(600),
    defaultLeadDays: leadDays,
    autoBackup: z.boolean(),
    backupDir: filePath.nullable(),
    keepBackups: z.number().int().min(1).max(1000),
    /** Opt-in plain schedule beside the vault (ids and reminder instants) for reminders while locked. */
    remindWhileLocked: z.boolean(),
    /** The desktop app asks allow/deny before a secret leaves for git or a script (the headless agent cannot ask). */
    askBeforeRelease: z.boolean(),
    /** instance origin → entry id: the token git gets when several could answer. */
    gitDefaults: z.record(text(2048), id).refine((r) => Object.keys(r).length <= 1000),
    /** The vault's own name (null: from its file name) and colour; sealed in the vault, so they travel with it. */
    vaultName: text(60).nullable(),
    vaultColour,
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

/**
 * What the person can do about an error or a failed check, for the UI to offer as a button
 * without reading the sentence: 'instance-address' — the sentence says to check the GitLab
 * address (unknown host, refused, not a GitLab API, another instance's token): edit it.
 */
export const errorFixSchema = z.enum(['instance-address']);
export type ErrorFix = z.infer<typeof errorFixSchema>;

/** What GitLab said about a token, in the words the UI shows. */
export const gitlabFindingSchema = z
  .object({
    ok: z.boolean(),
    /** A diagnosis code (expired, revoked, unreachable…) when not ok. */
    code: text(64).nullable(),
    message: text(500),
    fix: errorFixSchema.optional(),
    name: text(255).nullable(),
    scopes: scopes.nullable(),
    expiresAt: isoDay.nullable(),
    username: text(255).nullable(),
    active: z.boolean().nullable(),
  })
  .strict();
export type GitLabFinding = z.infer<typeof gitlabFindingSchema>;

/** With no expiresAt: true — it has no expiry date ("Never expires"); null — not known yet ("Expiry unknown"). A date makes it false. */
const neverExpires = z.boolean().nullable().optional();
export const newEntryArgsSchema = z.object({ ...entryFields, neverExpires }).partial().required({ name: true }).strict();
export const entryPatchArgsSchema = z
  .object({ ...entryFields, neverExpires, facts: kindFacts.extend({ rotateEveryDays: z.number().int().min(1).max(3660).nullable() }).partial().strict().nullable().optional() })
  .partial()
  .strict();

/** Where the pasted token differs from what the user entered: whose value the vault stores. */
const differenceChoice = z.enum(['gitlab', 'mine']);
export type DifferenceChoice = z.infer<typeof differenceChoice>;

/** The create → copy → store wizard's state, kept main-side so closing the wizard loses nothing. */
export const draftFieldsSchema = z
  .object({
    step: z.enum(['purpose', 'details', 'scopes', 'expiry', 'create', 'paste', 'store', 'where']),
    purpose: text(64),
    name: text(200),
    kind: tokenKind,
    instance: instance,
    target: text(2048),
    scopes,
    expiresAt: isoDay.nullable(),
    description: text(255),
    usedIn,
    /** Per differing field, "Use GitLab's" or "Keep mine"; unset means the default (drafts.ts). Cleared by a new paste. */
    choices: z.object({ name: differenceChoice, expiresAt: differenceChoice, scopes: differenceChoice }).partial().strict(),
    /** A replacement for this (dead) token: stored into it, keeping its name, history and where-used, instead of beside it. */
    replaces: id,
    /** The other credential kinds' own fields, kept with the draft (the wizard's Details step). */
    owner: z.enum(['project', 'group', 'instance']),
    username: text(255),
    tags: z.array(z.string().min(1).max(255)).max(50),
    paused: z.boolean(),
    agentId: z.number().int().positive().nullable(),
    hookId: z.number().int().positive().nullable(),
    redirectUri: text(2048),
    usingId: id,
  })
  .partial()
  .strict();
export type DraftFields = z.infer<typeof draftFieldsSchema>;

/** A field where GitLab's answer about the pasted token differs from what the user entered, and whose value will be stored. */
export const draftDifferenceSchema = z.discriminatedUnion('field', [
  z.object({ field: z.literal('name'), mine: text(200), gitlab: text(255), use: differenceChoice }).strict(),
  z.object({ field: z.literal('expiresAt'), mine: isoDay.nullable(), gitlab: isoDay.nullable(), use: differenceChoice }).strict(),
  z.object({ field: z.literal('scopes'), mine: scopes, gitlab: scopes, use: differenceChoice }).strict(),
]);
export type DraftDifference = z.infer<typeof draftDifferenceSchema>;

/** An Edit left unsaved: the token's id and the form's fields, kept across a lock (app/edit-drafts.ts). Never a secret. */
export const editDraftSchema = z
  .object({
    id,
    fields: z
      .object({
        name: text(200),
        instance: text(2048),
        kind: tokenKind,
        description: text(2000),
        expiresAt: text(10),
        neverExpires: z.boolean(),
        scopes: text(4000),
        usedIn: text(60_000),
        leadDays: text(200),
        /** "Rotate every N days" as typed (a secret without an expiry date only). */
        rotateEvery: text(200),
      })
      .strict(),
  })
  .strict();
export type EditDraft = z.infer<typeof editDraftSchema>;

export const draftSchema = z
  .object({
    fields: draftFieldsSchema,
    /** The secret stays main-side; the renderer sees only that there is one and its prefix. */
    hasSecret: z.boolean(),
    secretPrefix: text(16).nullable(),
    detectedKind: text(100).nullable(),
    finding: gitlabFindingSchema.nullable(),
    /** Warnings about the paste itself (a deploy token where a personal one was meant…). */
    mismatches: z.array(text(300)).max(20),
    /** Where GitLab's answer differs from the fields: the user picks whose value is stored. */
    differences: z.array(draftDifferenceSchema).max(3),
    /** Why the pasted token is gone, when it went without the user's doing (it could not be kept across a lock). */
    notice: text(300).nullable(),
    /** The pasted token is already in the vault (found by its keyed tag): which token holds it, and whether that one is in the Trash. */
    storedAs: z.object({ id, name: text(200), inTrash: z.boolean() }).strict().nullable(),
    updatedAt: isoInstant,
  })
  .strict();
export type Draft = z.infer<typeof draftSchema>;

export const backupInfoSchema = z
  .object({
    file: filePath,
    name: text(255),
    createdAt: isoInstant,
    reason: text(64),
    sizeBytes: z.number().int().min(0),
    /** The backup holds another vault than the one open (another vault id): restoring it replaces this vault with that one. */
    otherVault: z.boolean().optional(),
  })
  .strict();
export type BackupInfo = z.infer<typeof backupInfoSchema>;

export const auditRowSchema = z
  .object({
    tokenId: z.number().int(),
    name: text(255),
    scopes,
    expiresAt: isoDay.nullable(),
    active: z.boolean(),
    revoked: z.boolean(),
    lastUsedAt: isoInstant.nullable(),
    /** The vault entry holding this token, if any. */
    entryId: id.nullable(),
    /** 'name': the entry was never verified and matched by its exact name ("in vault, not yet verified"). */
    matchedBy: z.enum(['tokenId', 'name']).nullable(),
  })
  .strict();
export type AuditRow = z.infer<typeof auditRowSchema>;

const auditKind = z.enum(['project', 'group', 'deploy', 'trigger', 'runner', 'agent', 'webhook', 'service-account']);

/** Every credential of one project or group beside the vault (gitlab/owner-audit.ts); never a secret. */
export const ownerAuditSchema = z
  .object({
    instance,
    owner: z.object({ kind: z.enum(['project', 'group']), target: text(2048), id: z.number().int().nullable() }).strict(),
    version: text(64).nullable(),
    checkedAt: isoInstant,
    lists: z.array(z.object({ kind: auditKind, status: z.enum(['read', 'refused', 'too_old', 'failed']), count: z.number().int().min(0), truncated: z.boolean(), message: text(1000).nullable() }).strict()).max(16),
    rows: z
      .array(
        z
          .object({
            kind: auditKind,
            gitlabId: z.number().int().nullable(),
            name: text(255),
            state: z.enum(['in_vault', 'only_on_gitlab', 'only_in_vault', 'not_checked']),
            expiresAt: isoDay.nullable(),
            expiringSoon: z.boolean(),
            liveOnGitLab: z.boolean().nullable(),
            detail: text(500).nullable(),
            entryId: id.nullable(),
            entryName: text(200).nullable(),
            note: text(1000).nullable(),
          })
          .strict(),
      )
      .max(90_000),
    counts: z.object({ in_vault: z.number().int(), only_on_gitlab: z.number().int(), only_in_vault: z.number().int(), not_checked: z.number().int(), expiring_soon: z.number().int() }).strict(),
  })
  .strict();
export type OwnerAudit = z.infer<typeof ownerAuditSchema>;
export type OwnerAuditRow = OwnerAudit['rows'][number];

export const calendarItemSchema = z
  .object({ id, name: text(200), instance: instance.nullable(), expiresAt: isoDay, daysLeft: z.number().int(), revoked: z.boolean() })
  .strict();
export type CalendarItem = z.infer<typeof calendarItemSchema>;

/** What an import would do, before it does it: counts and names only, never a secret or the file's text. */
export const importPreviewSchema = z
  .object({
    fileName: text(255),
    format: z.enum(['csv', 'json', 'kdbx']),
    /** The file is locked (a KeePassXC database): ask for its password, then importUnlockFile. */
    needsPassword: z.boolean(),
    total: z.number().int().min(0),
    /** Rows that would be stored as they are. */
    ready: z.number().int().min(0),
    /** Rows whose name the vault already holds (skipped, or stored renamed). */
    clashes: z.array(z.object({ row: z.number().int(), name: text(200) }).strict()).max(200),
    refused: z.array(z.object({ row: z.number().int(), name: text(200), reason: text(500) }).strict()).max(200),
    /** Clashing or refused rows beyond the ones listed. */
    unlisted: z.number().int().min(0),
    /**
     * Every row the vault could take (ready or clashing), for a table with a box each: `gitlab`
     * rows (the one import rule: a GitLab prefix or a GitLab address) start ticked, the others
     * unticked with `why`. Rows past the first 2,000 are not listed and follow that default.
     */
    rows: z.array(z.object({ row: z.number().int(), name: text(200), gitlab: z.boolean(), clash: z.boolean(), why: text(300).optional() }).strict()).max(2000),
    /** The key file picked for a locked file (its name only). */
    keyFileName: text(255).optional(),
    /** A KeePass database: what was taken, left out (recycle bin, history, attachments…) and renamed, in sentences. */
    notes: z.array(text(500)).max(20).optional(),
  })
  .strict();
export type ImportPreview = z.infer<typeof importPreviewSchema>;

/** One secret that left the vault for another program (git, `tokenvault run`, a copy): the agent's release log. */
export const releaseSchema = z
  .object({
    at: isoInstant,
    entryId: id,
    entryName: text(200),
    purpose: z.enum(['git', 'run', 'copy', 'show', 'gitlab', 'refused', 'changed']),
    /** What it was for, in words: "git credential for https://gitlab.com/group/project", "tokenvault run glab mr list". */
    command: text(500),
    peerPid: z.number().int().nullable(),
    peerExe: text(4096).nullable(),
    /** Where peerPid came from: the kernel, or only what the client said (then shown as "claimed"). */
    peerSource: z.enum(['kernel', 'claimed']).optional(),
    /** The asking process's command line from the kernel, when known; `command` is the client's own words. */
    peerCommand: text(300).nullable().optional(),
    /** Who handed it out: the headless agent, the desktop app, or the CLI that opened the vault itself. */
    via: z.enum(['agent', 'app', 'cli']),
  })
  .strict();
export type Release = z.infer<typeof releaseSchema>;

const ok = z.object({}).strict();

/**
 * The opt-in update check (electron/updates): 'unasked' until the first-run question is
 * answered. `last` is the latest check's outcome; `install` says whether this build installs
 * verified updates itself (signed macOS and Windows builds) or only points to the releases page.
 */
export const updateStateSchema = z
  .object({
    check: z.enum(['unasked', 'on', 'off']),
    available: z.boolean(),
    feedUrl: text(2048),
    isDefaultFeed: z.boolean(),
    releasesPage: text(2048),
    install: z.enum(['automatic', 'manual']),
    current: text(64),
    last: z
      .object({
        status: z.enum(['newer', 'current', 'older', 'failed']),
        version: text(64).nullable(),
        notes: text(4000),
        message: text(1000).nullable(),
        checkedAt: text(64),
      })
      .strict()
      .nullable(),
  })
  .strict();
export type UpdateState = z.infer<typeof updateStateSchema>;

/** Where sync carries replicas: a folder a sync tool carries, or a git remote. */
const syncPlaceSchema = z.object({ kind: z.enum(['folder', 'git']), where: text(4096) }).strict();

/**
 * Sync as the top bar and Settings → Sync show it. `state` in one word: off (this vault does not
 * sync) · never (set up, no sync yet) · synced · syncing · offline (the place could not be
 * reached) · needs-password (another device changed the master password) · paused · refused (a
 * replica was refused) · error. `message` is the sentence for it.
 */
export const syncStateSchema = z
  .object({
    state: z.enum(['off', 'never', 'synced', 'syncing', 'offline', 'needs-password', 'paused', 'refused', 'error']),
    message: text(1000),
    place: syncPlaceSchema.nullable(),
    device: z.object({ id: text(64), name: text(200) }).strict().nullable(),
    lastSync: z.object({ at: isoInstant, ok: z.boolean(), message: text(1000), code: text(40).optional() }).strict().nullable(),
    /** Tokens and settings changed here since the last sync. */
    pending: z.number().int().min(0),
    paused: z.boolean(),
    needsPassword: z.boolean(),
    /** One sentence per refused replica, naming its device. */
    refused: z.array(text(1000)).max(100),
  })
  .strict();
export type SyncState = z.infer<typeof syncStateSchema>;

/** What one sync did: token names (never secrets), the notes merging wrote, refusals. */
export const syncReportSchema = z
  .object({
    added: z.array(text(200)).max(100_000),
    changed: z.array(text(200)).max(100_000),
    removed: z.array(text(200)).max(100_000),
    conflicts: z.array(text(2000)).max(10_000),
    refused: z.array(text(1000)).max(100),
    offline: text(1000).nullable(),
    needsPassword: z.boolean(),
    sent: z.number().int().min(0),
    state: syncStateSchema,
  })
  .strict();
export type SyncReportView = z.infer<typeof syncReportSchema>;

export const syncDeviceSchema = z
  .object({ id: text(64), name: text(200), lastSync: isoInstant.nullable(), thisDevice: z.boolean(), forgotten: z.boolean() })
  .strict();
export type SyncDevice = z.infer<typeof syncDeviceSchema>;

// ---- The methods ----

export const methods = {
  vaultStatus: { args: noArgs, result: vaultStatusSchema },
  vaultCreate: { args: z.object({ password }).strict(), result: vaultStatusSchema },
  vaultUnlock: { args: z.object({ password }).strict(), result: vaultStatusSchema },
  vaultLock: { args: noArgs, result: vaultStatusSchema },
  /** Unlocks without the password within quick unlock's window, after Touch ID or a confirm main shows (never over the CLI socket). */
  vaultQuickUnlock: { args: noArgs, result: vaultStatusSchema },
  quickUnlockOffer: { args: noArgs, result: quickUnlockOfferSchema },
  quickUnlockSettings: { args: noArgs, result: quickUnlockSettingsSchema },
  /** Turns quick unlock on (from this unlock on) or off (forgotten at once); only while unlocked. */
  quickUnlockConfigure: { args: z.object({ enabled: z.boolean(), hours: z.number().int().min(1).max(72) }).strict(), result: quickUnlockSettingsSchema },
  /** "Stay unlocked" on the warning before auto-lock: counts as activity. */
  vaultStayUnlocked: { args: noArgs, result: vaultStatusSchema },
  /** Keeps an unsaved Edit main-side (sealed at lock), so a lock does not lose it; null forgets it. */
  editDraftSave: { args: z.object({ draft: editDraftSchema.nullable() }).strict(), result: ok },
  /** The Edit left when the vault locked, if any (after unlock). */
  editDraftGet: { args: noArgs, result: editDraftSchema.nullable() },
  /**
   * The vault in use and the others opened before (newest first), remembered between runs main-side, by the names they had when last
   * unlocked here; `team`: the team a vault is a copy of (null: a personal vault), for the header's vault switcher.
   */
  vaultsKnown: {
    args: noArgs,
    result: z
      .object({
        current: filePath,
        recent: z.array(z.object({ path: filePath, name: text(255), colour: vaultColour, exists: z.boolean(), team: z.object({ name: text(80), removed: z.boolean() }).strict().nullable() }).strict()).max(20),
      })
      .strict(),
  },
  /** Another existing vault, picked in the open dialog; the current one is locked first. Null when cancelled. */
  vaultOpenFile: { args: noArgs, result: vaultStatusSchema.nullable() },
  /** Where a new vault should live (save dialog); the first-run screen then creates it there. Null when cancelled. */
  vaultChooseNewFile: { args: noArgs, result: vaultStatusSchema.nullable() },
  /**
   * A backup to restore to this computer (open dialog): first run's "Restore from a backup…".
   * "Open an existing vault…" on a backup answers IS_A_BACKUP and keeps the file the same way.
   */
  vaultChooseBackup: { args: noArgs, result: z.object({ name: text(255), createdAt: isoInstant }).strict().nullable() },
  /** Restores the backup picked above into the vault place (when empty) or a new vault file beside it, and unlocks it with the backup's password. */
  vaultRestoreBackup: { args: z.object({ password }).strict(), result: vaultStatusSchema },
  /** One of the vaults opened before (only those: the page cannot point main at any file). */
  vaultSwitch: { args: z.object({ path: filePath }).strict(), result: vaultStatusSchema },
  /** Re-keys the vault under a new master password; says how many older backups still open with the old one. */
  vaultChangePassword: {
    args: z.object({ current: password, next: password }).strict(),
    result: z.object({ olderBackups: z.number().int().min(0) }).strict(),
  },

  tokensList: { args: noArgs, result: z.array(entrySchema).max(100_000) },
  /**
   * The list's first screen, for the window's first list after an unlock: the first `limit` rows in
   * tokensList's order (by name) and how many the whole list holds. The window shows these, then
   * asks tokensList for the rest; until then nothing that needs the whole list (counts, filters,
   * search, summaries) is computed. `entries.length === total` means this is the whole list.
   */
  tokensFirstScreen: {
    args: z.object({ limit: z.number().int().min(1).max(FIRST_SCREEN_MAX) }).strict(),
    result: z.object({ entries: z.array(entrySchema).max(FIRST_SCREEN_MAX), total: z.number().int().min(0) }).strict(),
  },
  tokensGet: { args: z.object({ id }).strict(), result: entrySchema },
  tokensAdd: { args: z.object({ entry: newEntryArgsSchema, secret: pastedSecret }).strict(), result: entrySchema },
  tokensUpdate: { args: z.object({ id, patch: entryPatchArgsSchema }).strict(), result: entrySchema },
  /** Moves it to the Trash (restorable for 30 days); trashDeleteNow deletes for good. */
  tokensRemove: { args: z.object({ id }).strict(), result: ok },
  /** Moves these tokens to another GitLab address in one step, all or none (Verify all's "Change the address of all N tokens"); history notes it. */
  tokensSetInstance: { args: z.object({ ids: z.array(id).min(1).max(10_000), instance }).strict(), result: z.object({ entries: z.array(entrySchema).max(10_000) }).strict() },
  /** The Trash, most recently deleted first, with how long tokens stay there. */
  trashList: { args: noArgs, result: z.object({ entries: z.array(entrySchema).max(100_000), keepDays: z.number().int().min(1) }).strict() },
  /** Back from the Trash ("NAME (restored)" when its name was taken meanwhile). */
  trashRestore: { args: z.object({ id }).strict(), result: entrySchema },
  /** Deletes one token of the Trash for good. */
  trashDeleteNow: { args: z.object({ id }).strict(), result: ok },
  trashEmpty: { args: noArgs, result: z.object({ deleted: z.number().int().min(0) }).strict() },
  /** The secrets a token held before (kept when one was replaced), newest first; never a secret. */
  tokensOldSecrets: { args: z.object({ id }).strict(), result: z.array(oldSecretSchema).max(100) },
  /** Puts an earlier secret back (the current one is kept in its place); unverified until GitLab is asked. */
  tokensRestoreOldSecret: { args: z.object({ id, oldId: id }).strict(), result: entrySchema },
  /** A token renewed on GitLab's website, pasted in: the secret changes; name, history and where-used stay. */
  tokensReplaceSecret: { args: z.object({ id, secret: pastedSecret }).strict(), result: entrySchema },
  /** Ticks a place off the token's rotation follow-up (or back on); the last one ticked clears it. */
  tokensTickPlace: { args: z.object({ id, place: z.string().min(1).max(500), done: z.boolean() }).strict(), result: entrySchema },
  /** main → clipboard; the renderer gets only when it will be cleared. */
  tokensCopy: { args: z.object({ id }).strict(), result: z.object({ clearAfterSeconds: z.number().int() }).strict() },
  /** The one way a secret reaches the renderer: asked for, and hidden again after `hideAfterSeconds`. */
  tokensReveal: {
    args: z.object({ id }).strict(),
    result: z.object({ secret: z.string().max(64 * 1024), hideAfterSeconds: z.number().int() }).strict(),
  },

  /** A found token, pasted: its kind by prefix, the entries holding it (constant-time compare), what GitLab says; `revoke`: the token revokes itself. */
  tokensIdentify: {
    args: z.object({ secret: pastedSecret, instance: instance.optional(), revoke: z.boolean().optional() }).strict(),
    result: z
      .object({ kind: text(300), inVault: z.array(z.object({ id, name: text(200) }).strict()).max(10_000), gitlab: text(1000).nullable(), live: z.boolean().nullable(), revoked: z.boolean() })
      .strict(),
  },
  gitlabVerify: {
    /** usingId: after a lost rotation, another stored token of the account that finds and revokes the orphaned new token. */
    args: z.object({ id, usingId: id.optional() }).strict(),
    /** recoveryUrl: GitLab's new-token page, filled in, when the token is lost and a replacement is made by hand. */
    result: z.object({ entry: entrySchema, finding: gitlabFindingSchema, recoveryUrl: text(8192).nullable().optional() }).strict(),
  },
  /** expiresAt absent (the CLI's default): the token's current lifetime again, capped at the instance's maximum. */
  gitlabRotate: {
    args: z.object({ id, expiresAt: isoDay.optional() }).strict(),
    result: z.object({ entry: entrySchema, message: text(500) }).strict(),
  },
  gitlabRevoke: { args: z.object({ id }).strict(), result: z.object({ entry: entrySchema, message: text(500) }).strict() },
  /** How long a new token may live on the instance of stored token `id`, as that token can tell (gitlab/lifetime.ts). */
  gitlabLifetime: { args: z.object({ id }).strict(), result: z.object({ maxDays: z.number().int().min(1).max(400), note: text(300) }).strict() },
  gitlabAudit: { args: z.object({ usingId: id }).strict(), result: z.object({ rows: z.array(auditRowSchema).max(10_000) }).strict() },
  /** Every credential of project or group `target` (a path or id) on stored token usingId's GitLab, beside the vault (issue 22). */
  gitlabAuditOwner: { args: z.object({ usingId: id, target: text(2048).min(1) }).strict(), result: ownerAuditSchema },
  /** The audit's Revoke on a row: GitLab token `tokenId`, revoked with stored token usingId (or as the entry that holds it, marked revoked). */
  gitlabRevokeListed: {
    args: z.object({ usingId: id, tokenId: z.number().int().positive() }).strict(),
    result: z.object({ entry: entrySchema.nullable(), message: text(500) }).strict(),
  },
  /** Creates the token through the API (project/group tokens, admins) and stores it at once. */
  gitlabCreate: {
    args: z
      .object({
        usingId: id,
        kind: z.enum(['personal', 'project', 'group']),
        target: text(2048),
        name: text(200),
        scopes,
        expiresAt: isoDay,
        description: text(255).optional(),
        accessLevel: z.number().int().min(10).max(50).optional(),
        usedIn: usedIn.optional(),
      })
      .strict(),
    result: entrySchema,
  },
  /**
   * Creates one of the other GitLab credentials through the API with stored token usingId and stores it
   * in the same main-side step (gitlab/credential-create.ts): the secret never reaches the renderer, and
   * if storing fails GitLab's new credential is revoked again (a webhook's secret is stored first).
   */
  gitlabCreateCredential: {
    args: z
      .object({
        usingId: id,
        kind: z.enum(CREATABLE_KINDS),
        owner: z.enum(['project', 'group', 'instance']),
        target: text(2048).optional(),
        name: z.string().min(1).max(200),
        scopes: scopes.optional(),
        expiresAt: isoDay.nullable().optional(),
        description: text(255).optional(),
        username: text(255).optional(),
        tags: z.array(z.string().min(1).max(255)).max(50).optional(),
        paused: z.boolean().optional(),
        agentId: z.number().int().positive().optional(),
        hookId: z.number().int().positive().optional(),
        redirectUri: text(2048).optional(),
        usedIn: usedIn.optional(),
      })
      .strict(),
    result: entrySchema,
  },
  gitlabPrefillUrl: {
    args: z
      .object({ instance, kind: z.enum(['personal', 'project', 'group']), target: text(2048).optional(), name: text(200), scopes, description: text(255).optional() })
      .strict(),
    result: z.object({ url: text(8192) }).strict(),
  },
  /** Opens an address in the user's browser, via main; https (or loopback http) only. */
  openExternal: { args: z.object({ url: text(8192) }).strict(), result: ok },

  draftGet: { args: noArgs, result: draftSchema.nullable() },
  draftSave: { args: z.object({ fields: draftFieldsSchema }).strict(), result: draftSchema },
  /** Takes a pasted token: trimmed, checked, kind detected, kept main-side. */
  draftPaste: { args: z.object({ secret: pastedSecret }).strict(), result: draftSchema },
  draftVerify: { args: noArgs, result: draftSchema },
  /** Stores the draft's token (marked unverified if GitLab could not be asked). */
  draftStore: { args: noArgs, result: entrySchema },
  draftDiscard: { args: noArgs, result: ok },

  backupsCreate: { args: noArgs, result: backupInfoSchema },
  backupsList: { args: noArgs, result: z.array(backupInfoSchema).max(10_000) },
  /** Deletes the backups made before this session's last password change (they open with the old password). */
  backupsDeleteOlderThanPassword: { args: noArgs, result: z.object({ deleted: z.number().int().min(0) }).strict() },
  /** Where backups go now: the full path, and whether it is the default (beside the vault). */
  backupsFolder: { args: noArgs, result: z.object({ path: filePath, isDefault: z.boolean() }).strict() },
  backupsVerify: { args: z.object({ file: filePath, password }).strict(), result: z.object({ entries: z.number().int() }).strict() },
  /**
   * Replaces the vault with a backup. `current`: the master password in use now, checked first
   * (a restore changes the master password to the backup's). `otherVault`: the user was told the
   * backup is of another vault and goes on; without it such a backup is refused (OTHER_VAULT).
   */
  backupsRestore: { args: z.object({ file: filePath, password, current: password, otherVault: z.boolean().optional() }).strict(), result: vaultStatusSchema },
  /** The restore made in this session, which "Undo restore" can take back; null when none. */
  backupsLastRestore: { args: noArgs, result: z.object({ keptName: text(255), restoredAt: isoInstant }).strict().nullable() },
  /** Puts back the vault this session's restore replaced; `password` is the one it had (the one in use before the restore). */
  backupsUndoRestore: { args: z.object({ password }).strict(), result: vaultStatusSchema },

  settingsGet: { args: noArgs, result: settingsSchema },
  settingsUpdate: { args: z.object({ patch: settingsSchema.partial().strict() }).strict(), result: settingsSchema },

  /** The update check's setting and last outcome (no vault needed). */
  updatesGet: { args: noArgs, result: updateStateSchema },
  /** Turns the check on or off (the first-run question, Settings), and sets the feed (null: the default). */
  updatesSet: { args: z.object({ check: z.boolean(), feedUrl: text(2048).nullable().optional() }).strict(), result: updateStateSchema },
  /** Asks the feed now (Settings' "Check now"). */
  updatesCheck: { args: noArgs, result: updateStateSchema },
  /** The banner's Install (install: 'automatic' only): downloads the release the last check verified, checks its hash, asks before restarting. */
  updatesInstall: { args: noArgs, result: updateStateSchema },

  /** Main shows the native open dialog and reads the file; null when the user cancels. */
  importChooseFile: { args: noArgs, result: importPreviewSchema.nullable() },
  /** Main shows the native open dialog for the locked file's key file and keeps it; null when the user cancels. */
  importChooseKeyFile: { args: noArgs, result: z.object({ fileName: text(255) }).strict().nullable() },
  /**
   * The password of the file being imported (a KeePassXC database), not the vault's; empty when
   * it has none or the key file alone opens it. Every entry is read; the preview's table says which are GitLab tokens.
   */
  importUnlockFile: { args: z.object({ password: z.string().max(4096) }).strict(), result: importPreviewSchema },
  /** `rows`: the rows ticked in the preview's table (default: its GitLab tokens); clashing ones follow `clashes`. */
  importCommit: {
    args: z.object({ clashes: z.enum(['skip', 'rename']), rows: z.array(z.number().int()).max(300_000).optional() }).strict(),
    result: z.object({ imported: z.number().int(), skipped: z.number().int(), renamed: z.number().int(), backedUp: z.boolean() }).strict(),
  },
  importCancel: { args: noArgs, result: ok },
  /** "Add an existing token": its own draft beside the wizard's, so neither clobbers the other. The secret stays main-side. */
  existingPaste: { args: z.object({ secret: pastedSecret, instance: instance.optional() }).strict(), result: draftSchema },
  existingVerify: { args: noArgs, result: draftSchema },
  /** Stores it under this name; GitLab's scopes and expiry when it answered, else unverified with `expiresAt` as the person gave it (none: "Expiry unknown"). */
  existingStore: { args: z.object({ name: text(200), kind: tokenKind, expiresAt: isoDay.nullable().optional() }).strict(), result: entrySchema },
  existingDiscard: { args: noArgs, result: ok },
  /** Main shows the native save dialog and writes the .ics there; null when cancelled. No secret, description or notes go in. */
  calendarExportIcs: {
    args: z.object({ withInstance: z.boolean(), withScopes: z.boolean() }).strict(),
    result: z.object({ fileName: text(255), events: z.number().int() }).strict().nullable(),
  },
  /** A backup to a place of the user's choice (save dialog), opened and checked right after writing; null when cancelled. */
  backupsCreateAt: { args: noArgs, result: z.object({ file: filePath, entries: z.number().int() }).strict().nullable() },
  /** Lets the user pick the backups folder (folder dialog); null when cancelled. Not saved until settingsUpdate. */
  backupsChooseFolder: { args: noArgs, result: z.object({ folder: filePath }).strict().nullable() },
  /** Lets the user pick any .tvbak file (open dialog) to check or restore; null when cancelled. */
  backupsChooseFile: { args: noArgs, result: backupInfoSchema.nullable() },

  /** The release log, newest first: all of it, or one token's. `more`: older rows exist beyond `limit`. */
  releasesList: {
    args: z.object({ limit: z.number().int().min(1).max(5000).optional(), entryId: id.optional() }).strict(),
    result: z.object({ rows: z.array(releaseSchema).max(5000), more: z.boolean() }).strict(),
  },

  /** Where this vault syncs and how it went; nothing is fetched. */
  syncStatus: { args: noArgs, result: syncStateSchema },
  /** Starts syncing the open vault through a folder or a git remote; the master password wraps the sync key. Syncs once. */
  syncSetup: { args: z.object({ place: syncPlaceSchema, password, deviceName: text(100).optional() }).strict(), result: syncReportSchema },
  /** The folder dialog, for a sync folder; null when cancelled. Works at first run too (Join). */
  syncChooseFolder: { args: noArgs, result: z.object({ folder: filePath }).strict().nullable() },
  /** First run: makes the vault at the vault place from the replicas there (master password of the synced vault), unlocked. */
  syncJoin: { args: z.object({ place: syncPlaceSchema, password, deviceName: text(100).optional() }).strict(), result: vaultStatusSchema },
  /** Merges the other devices' replicas in and writes this one's, now (also while paused). */
  syncNow: { args: noArgs, result: syncReportSchema },
  syncDevices: { args: noArgs, result: z.array(syncDeviceSchema).max(1000) },
  /** Ignores that device's replica from now on (by id, as syncDevices lists it). */
  syncForget: { args: z.object({ device: text(64) }).strict(), result: z.object({ id: text(64) }).strict() },
  /** Pause: no sync on change or on the timer until resumed. */
  syncPause: { args: z.object({ paused: z.boolean() }).strict(), result: syncStateSchema },
  /** Another device changed the master password: its new password lets this one read (and write) again. Syncs once. */
  syncNewPassword: { args: z.object({ password }).strict(), result: syncReportSchema },

  /** Your identity (sealed in this vault): name, fingerprint, invite code; null until made. */
  teamIdentity: { args: noArgs, result: teamIdentitySchema.nullable() },
  /** Makes your identity in this vault, under the name teammates will see. */
  teamMakeIdentity: { args: z.object({ name: text(80) }).strict(), result: teamIdentitySchema },
  /** Puts your invite code on the clipboard (it is public: no clearing). */
  teamCopyInvite: { args: noArgs, result: ok },
  /** The open vault's team as this copy last accepted it; null for a vault that is not a team copy. */
  teamStatus: { args: noArgs, result: teamStatusSchema.nullable() },
  /** A new team vault file beside this one, you its manager, synced through the place; the app then shows it, unlocked (this vault's master password). */
  teamCreate: { args: z.object({ name: text(80), place: syncPlaceSchema, password, deviceName: text(100).optional() }).strict(), result: vaultStatusSchema },
  /** Your copy of the team in the place that lists you, in a new vault file beside this one; the app then shows it, unlocked. */
  teamJoin: { args: z.object({ place: syncPlaceSchema, password, deviceName: text(100).optional() }).strict(), result: vaultStatusSchema },
  /** Who a pasted invite code names, to compare the fingerprint before adding them. */
  teamReadInvite: { args: z.object({ code: text(2000) }).strict(), result: invitePreviewSchema },
  /** Adds the person an invite code names (managers). `newKey`: their key changed and the fingerprint was compared with them. */
  teamInvite: { args: z.object({ code: text(2000), role: teamRoleSchema, newKey: z.boolean() }).strict(), result: teamSyncNoticeSchema },
  teamPromote: { args: z.object({ fingerprint: text(60), role: teamRoleSchema }).strict(), result: teamSyncNoticeSchema },
  /** Removes a member (managers): a new team key for the others; teamStatus then lists what they could read. */
  teamRemove: { args: z.object({ fingerprint: text(60) }).strict(), result: teamSyncNoticeSchema },
  /** Rotates every token a removed member could read that still has the secret they saw; progress as teamRotation events. */
  teamRotateExposed: { args: noArgs, result: z.object({ outcomes: z.array(rotationOutcomeSchema).max(100_000), sync: teamSyncNoticeSchema.nullable() }).strict() },
  /** Merges the members' replicas in (each checked) and publishes this copy's, signed. */
  teamSyncNow: { args: noArgs, result: teamSyncNoticeSchema },
  /**
   * "Move to team vault…": personal token `id` into the team copy at `path` (a team vault opened here before), opened with its
   * master password; stored there first, then the personal one goes to this vault's Trash. Progress as teamMove events.
   */
  teamMoveToken: {
    args: z.object({ id, path: filePath, password }).strict(),
    result: z
      .object({ name: text(200), teamName: text(80), vaultName: text(255), path: filePath, sent: z.boolean(), offline: text(1000).nullable(), notice: teamSyncNoticeSchema.nullable() })
      .strict(),
  },
  /** The team's audit log as this copy can prove it, newest first (one token's with entryId); null when the vault is not a team copy. Nothing is fetched. */
  teamLog: { args: z.object({ entryId: id.optional() }).strict(), result: teamLogSchema.nullable() },
  /** Main shows the save dialog and writes the log (or one token's) as CSV there; null when cancelled. No secret goes in. */
  teamLogExport: { args: z.object({ entryId: id.optional() }).strict(), result: z.object({ fileName: text(255), entries: z.number().int() }).strict().nullable() },

  calendarData: {
    args: z.object({ days: z.number().int().min(1).max(800).optional() }).strict(),
    result: z.object({ items: z.array(calendarItemSchema).max(100_000), today: isoDay }).strict(),
  },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type ArgsOf<M extends MethodName> = z.input<Methods[M]['args']>;
export type ResultOf<M extends MethodName> = z.output<Methods[M]['result']>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);

// ---- Errors and results ----

/** entryId: ALREADY_STORED's holder of the secret, for "open it?". */
export const apiErrorSchema = z.object({ code: text(64), message: text(1000), fix: errorFixSchema.optional(), entryId: id.optional() }).strict();
export type ApiError = z.infer<typeof apiErrorSchema>;
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// ---- Events main → renderer ----

export interface ApiEvents {
  /** 'elsewhere': another Token Vault process restored the vault or changed its password, so this one locked itself. */
  locked: { reason: 'manual' | 'idle' | 'suspend' | 'screen-lock' | 'restore' | 'elsewhere' };
  clipboardCleared: { id: string };
  /** Something the user should know that is not an answer to a call (an automatic backup that could not be made). */
  notice: { text: string };
  /** A reminder notification was clicked: open that token. Name and expiresAt are '' for one shown while locked (the locked schedule holds ids only). */
  /** rotateBy is set for a never-expiring token's rotation reminder (rotate-every): the day it fell due. */
  reminderDue: { id: string; name: string; expiresAt: string; daysLeft: number; rotateBy?: string };
  /** At unlock: vault files or backups other users could read were made owner-only (said once). */
  filesMadePrivate: { paths: string[] };
  /** The app menu opened another vault (or chose where a new one lives): show its unlock or first-run screen. */
  vaultChanged: VaultStatus;
  /** The vault's tokens changed outside this window (the CLI, the agent, a sync): load the list again. */
  entriesChanged: { by: 'elsewhere' | 'sync' };
  /** Sync started, finished, failed or was set up, paused or resumed: the top bar's indicator. */
  syncState: SyncState;
  /** Rotate all of them: one token done. */
  teamRotation: TeamRotationProgress;
  /** The app synced the open team vault by itself: what it said beyond counts (a changed key, refused replicas) for the Team view. */
  teamSynced: TeamSyncNotice;
  /** Move to team vault…: the step under way (open the team copy, take in the team's changes, store it there, send it to the team). */
  teamMove: { step: 'open' | 'sync-in' | 'store' | 'send' };
  /** The vault locks for inactivity in `seconds` unless something is done (the window offers "Stay unlocked"). */
  lockSoon: { seconds: number };
  /** A check found a newer version in the signed feed: show the banner. */
  updateAvailable: UpdateState;
}
export type EventName = keyof ApiEvents;
export type ApiEvent = { [E in EventName]: { event: E; payload: ApiEvents[E] } }[EventName];

/**
 * What `window.tokenVault` is: one method per call (each a single invoke on API_CHANNEL),
 * plus `on` for events. Results come back as values, never thrown, so `{code, message}`
 * survives the context bridge intact.
 */
export type TokenVaultApi = {
  [M in MethodName]: (args: ArgsOf<M>) => Promise<ApiResult<ResultOf<M>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
};
